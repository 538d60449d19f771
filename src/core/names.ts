/**
 * Names close to a misspelt one: the one edit distance of the core and its "did you mean" policy.
 * Connection names, `$connections` keys, app settings, parameters, connections.json sections and
 * region names are all suggested through here, so every rule proposes names the same way.
 */
import { StringMemo } from './memo';

/**
 * Optimal string alignment distance (Levenshtein with adjacent transpositions), without regard to
 * case. With `max`, counting stops as soon as the distance is known to exceed it (`max + 1` is
 * returned): far names cost little.
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  // Three rows of int32, rotated (rows i-2, i-1 and i), instead of a fresh array per row.
  const w = b.length + 1;
  let prev2 = new Int32Array(w);
  let prev = new Int32Array(w);
  let cur = new Int32Array(w);
  for (let j = 0; j < w; j++) prev[j] = j;
  let prevMin = 0;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = ai === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    // Every later cell is at least min(this row's minimum, the previous row's minimum + 1).
    if (rowMin > max && prevMin > max) return max + 1;
    prevMin = rowMin;
    const spare = prev2;
    prev2 = prev;
    prev = cur;
    cur = spare;
  }
  return Math.min(prev[b.length], max + 1);
}

export interface Suggestion {
  name: string;
  distance: number;
  /** Close enough to be applied on its own (fix-all, `lac lint --fix`). */
  preferred: boolean;
}

/**
 * "Did you mean": up to `max` existing names close to `name`, closest first: a small edit
 * distance (at most a third of the name, at least 2), the same name in another case, or one name
 * containing the other. Only an unambiguous close match (distance 2 or less, no other as close)
 * is marked preferred.
 */
export function suggestNames(name: string, names: Iterable<string>, max = 3): Suggestion[] {
  const low = name.toLowerCase();
  const limit = Math.max(2, Math.floor(name.length / 3));
  const scored: { name: string; distance: number }[] = [];
  for (const n of names) {
    if (n === name) continue;
    const nl = n.toLowerCase();
    const contains = Math.min(nl.length, low.length) >= 3 && (nl.includes(low) || low.includes(nl));
    // The distance is at least the difference in length: far longer or shorter names that do
    // not contain each other are out without computing it (a section may have thousands).
    if (!contains && Math.abs(nl.length - low.length) > limit) continue;
    const d = editDistance(name, n);
    if (d <= limit || contains) scored.push({ name: n, distance: d });
  }
  scored.sort((x, y) => x.distance - y.distance || x.name.localeCompare(y.name));
  const top = scored.slice(0, max);
  return top.map((s, i) => ({
    name: s.name,
    distance: s.distance,
    preferred: i === 0 && s.distance <= 2 && (top.length < 2 || top[1].distance > s.distance),
  }));
}

/**
 * The one name closest to `name` when it is close enough to be a typo and no other is as close:
 * compared without case and, first, without separators (`-`, `_`, `.`, spaces), within a quarter
 * of the name (1 to 3 edits, or `limit`). For settings, parameters and section names, where a
 * single answer is offered.
 */
export function closestName(name: string, candidates: Iterable<string>, limit?: number): string | undefined {
  const target = normName(name);
  const max = limit ?? Math.max(1, Math.min(3, Math.floor(target.length / 4)));
  let best: string | undefined;
  let bestD = max + 1;
  let tie = false;
  for (const c of candidates) {
    const d = editDistance(target, normName(c), max);
    if (d < bestD) {
      best = c;
      bestD = d;
      tie = false;
    } else if (d === bestD && d <= max) {
      tie = true;
    }
  }
  return best !== undefined && bestD <= max && !tie ? best : undefined;
}

/**
 * A name lower-cased without separators, remembered: closestName compares a reference with
 * every setting or parameter name, once per undefined reference.
 */
function normName(x: string): string {
  return normNames.get(x);
}

const normNames = new StringMemo((x) => x.toLowerCase().replace(/[-_.\s]/g, ''));
