import { readFileSync, writeFileSync, renameSync } from "node:fs";

/**
 * The toy provider's "cloud": a JSON file the tests can read and tamper with (drift). Read-modify-write is
 * serialised inside the process, because Terraform runs up to 10 operations at once in one provider process.
 */
export interface ThingRecord {
  id: string;
  name: string;
  size: number;
  value: string | null;
  secret: string | null;
  ports: { port: number; protocol: string }[] | null;
  tags: { [key: string]: string } | null;
  revision: number;
}

export interface StoreFile {
  things: { [id: string]: ThingRecord };
  /** Names of things whose create is running right now, and the most that ever ran at once. */
  creating: string[];
  peakConcurrentCreates: number;
}

export class ThingStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly path: string) {}

  read(): StoreFile {
    try {
      return JSON.parse(readFileSync(this.path, "utf8")) as StoreFile;
    } catch {
      return { things: {}, creating: [], peakConcurrentCreates: 0 };
    }
  }

  /** Runs `change` on the current contents and saves the result, one change at a time. */
  update<T>(change: (file: StoreFile) => T): Promise<T> {
    const next = this.queue.then(() => {
      const file = this.read();
      const result = change(file);
      writeFileSync(`${this.path}.tmp`, JSON.stringify(file, null, 2));
      renameSync(`${this.path}.tmp`, this.path);
      return result;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}
