import { CtyType } from "./cty-type";

/**
 * Value types for attributes, carrying the matching TypeScript type so resource code is typed from its schema:
 * `types.list(types.string)` is a `string[]`, `types.object({ port: types.number })` is `{ port: number | null }`.
 */
export interface Type<T> {
  readonly cty: CtyType;
  /** Phantom: the TypeScript type of a known value. Never set. */
  readonly __value?: T;
}

export type ValueOf<T> = T extends Type<infer V> ? V : never;

export const types = {
  string: { cty: { kind: "string" } } as Type<string>,
  number: { cty: { kind: "number" } } as Type<number>,
  bool: { cty: { kind: "bool" } } as Type<boolean>,
  list<E>(element: Type<E>): Type<E[]> {
    return { cty: { kind: "list", element: element.cty } };
  },
  set<E>(element: Type<E>): Type<E[]> {
    return { cty: { kind: "set", element: element.cty } };
  },
  map<E>(element: Type<E>): Type<{ [key: string]: E }> {
    return { cty: { kind: "map", element: element.cty } };
  },
  object<O extends { readonly [name: string]: Type<unknown> }>(attributes: O): Type<{ [K in keyof O]: ValueOf<O[K]> | null }> {
    const cty: { [name: string]: CtyType } = {};
    for (const [name, type] of Object.entries(attributes)) cty[name] = type.cty;
    return { cty: { kind: "object", attributes: cty } };
  },
};
