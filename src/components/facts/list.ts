// Lists of names in prose: "A, B and C", or the first few named and the rest counted ("A, B, C and 2 others").
// Pure, so test/unit can load it.
import {countOf} from "./count.js";

/** Joins ["a", "b", "c"] as "a, b and c". */
export function listJoin(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** The names, then how many are left unnamed: "A, B and C" with none left, else "A, B, C and 2 others" ("and 1 other"). */
export function listWithOthers(named: readonly string[], others: number): string {
  return others > 0 ? `${named.join(", ")} and ${countOf(others, "other")}` : listJoin(named);
}

/** At most `most` of the items named, the rest counted: "A, B and C", "A, B, C and 2 others". */
export function listFirst(items: readonly string[], most: number): string {
  return listWithOthers(items.slice(0, most), Math.max(0, items.length - most));
}
