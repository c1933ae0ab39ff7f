// Which chart a query result gets, from its column kinds alone: a line over time when there is a
// time column and a number, bars by category when there is a text column and a number, else none.

export type ColumnKind = "time" | "number" | "category" | "other";

export interface ResultColumn {
  name: string;
  kind: ColumnKind;
}

export interface ChartPlan {
  mark: "line" | "bar";
  /** Time column (line) or category column (bar). */
  x: string;
  /** The number plotted. */
  y: string;
  /** A second category splitting a line chart into series (at most `maxSeries` distinct values). */
  series: string | null;
}

/** Columns that label rows rather than measure them, never plotted as the number. */
const IDENTIFIER = /(^|_)(id|iso_numeric|year|rank)$/i;

export function planChart(columns: readonly ResultColumn[]): ChartPlan | null {
  const numbers = columns.filter((c) => c.kind === "number" && !IDENTIFIER.test(c.name));
  const y = numbers[0] ?? columns.find((c) => c.kind === "number");
  if (!y) return null;
  const time = columns.find((c) => c.kind === "time");
  const categories = columns.filter((c) => c.kind === "category");
  if (time) return {mark: "line", x: time.name, y: y.name, series: categories[0]?.name ?? null};
  const category = categories[0];
  if (category) return {mark: "bar", x: category.name, y: y.name, series: null};
  return null;
}
