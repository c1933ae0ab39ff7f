// A count with its noun, in the right number: "1 row", "0 rows", "12,345 rows". Pure, so test/unit can load it.

const integer = new Intl.NumberFormat("en-GB", {maximumFractionDigits: 0});

/** The noun for `n` of it: `singular` for exactly one, else `plural` (singular + "s" unless given). */
export function noun(n: number, singular: string, plural = `${singular}s`): string {
  return n === 1 ? singular : plural;
}

/** `n` (with thousands separators) and its noun: countOf(1, "row") is "1 row", countOf(1234, "row") "1,234 rows". */
export function countOf(n: number, singular: string, plural?: string): string {
  return `${integer.format(n)} ${noun(n, singular, plural)}`;
}

/** "1 row", "2 rows", "12,345 rows". */
export const rowCount = (n: number): string => countOf(n, "row");
