/**
 * A memo of a pure function of a string, for the values that recur across a file and across
 * lints (action types, names, expressions). Bounded twice: by entries (cleared when full) and by
 * key length (a longer key is computed, never kept), so that what a memo holds stays small
 * whatever the files hold (a string of megabytes is not kept alive by the memo between lints).
 */
export class StringMemo<V> {
  private readonly map = new Map<string, V>();

  constructor(
    private readonly compute: (key: string) => V,
    private readonly maxEntries = 4096,
    private readonly maxKeyLength = 256,
  ) {}

  get(key: string): V {
    if (key.length > this.maxKeyLength) return this.compute(key);
    const map = this.map;
    let v = map.get(key);
    if (v === undefined && !map.has(key)) {
      if (map.size >= this.maxEntries) map.clear();
      v = this.compute(key);
      map.set(key, v);
    }
    return v as V;
  }

  /** Characters held in keys (tests prove the bound with it). */
  heldKeyChars(): number {
    let n = 0;
    for (const k of this.map.keys()) n += k.length;
    return n;
  }
}
