/**
 * Following Edgegap's `page`/`limit` pagination to the end. Items that shift between pages while we read (a
 * concurrent create or delete) could appear twice; they are kept once, by name.
 */
import type { Pagination } from "./models";

/** Refuse to loop forever on a server whose pagination never ends. */
export const MAX_PAGES = 10_000;

export interface Page<T> {
  readonly items: readonly T[];
  readonly pagination?: Pagination;
}

/**
 * Calls `fetchPage(1)`, `fetchPage(2)`... while the pagination says there is a next page. `fail` builds the error
 * thrown when the pagination does not advance.
 */
export async function collectAllPages<T extends { readonly name: string }>(
  fetchPage: (page: number) => Promise<Page<T>>,
  fail: (why: string) => Error,
): Promise<T[]> {
  const byName = new Map<string, T>();
  for (let page = 1; page <= MAX_PAGES; ) {
    const { items, pagination } = await fetchPage(page);
    for (const item of items) if (!byName.has(item.name)) byName.set(item.name, item);
    if (pagination === undefined || !pagination.has_next) return [...byName.values()];
    const next = pagination.next_page_number ?? page + 1;
    if (next <= page) throw fail(`page ${page} says the next page is ${next}`);
    page = next;
  }
  throw fail(`more than ${MAX_PAGES} pages`);
}
