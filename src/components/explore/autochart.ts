// The chart of a query result: defaults from the result's column types and its ORDER BY (whose row order the
// categories keep), overridden by the
// analyst's choice (x, y, series, mark), and the rows prepared for drawing: null categories as "unknown", more than
// MAX_SERIES series folded into "other" (summed only when the measure adds up; unique IPs do not), time steps
// detected so the axis ticks fit the data (days for daily data, hours for hourly). Pure: no DOM, no Plot.
import {MARKS, type ChartChoice, type Mark} from "./notebook.js";
import {tokens} from "./guard.js";
import {rowCount} from "../facts/count.js";

export type ColumnKind = "time" | "number" | "category" | "other";

export interface ResultColumn {
  name: string;
  kind: ColumnKind;
  /** The SQL/Arrow type as text, for the pickers' labels. */
  type?: string;
}

export interface ChartSpec {
  mark: Mark;
  x: string;
  y: string;
  series: string | null;
}

export const MAX_SERIES = 10;
export const MAX_CATEGORIES = 30;
export const UNKNOWN = "unknown";
export const OTHER = "other";

/** Columns that label rows rather than measure them, never the default number. */
const IDENTIFIER = /(^|_)(id|iso_numeric|year|rank)$/i;
/** Measures that do not add up across rows (distinct counts, shares, rates, averages, peaks). */
const NOT_ADDITIVE = /unique|distinct|ips?$|share|percent|pct|rate|ratio|per_|_per|avg|mean|median|max|min|peak|rank/i;

export function additive(column: string): boolean {
  return !NOT_ADDITIVE.test(column);
}

/** The index of the first token after the query's last top-level ORDER BY, or -1 when it has none. */
function orderByStart(list: ReturnType<typeof tokens>): number {
  let depth = 0;
  let found = -1;
  list.forEach((t, i) => {
    if (t.text === "(") depth++;
    else if (t.text === ")") depth--;
    else if (depth === 0 && t.kind === "word" && /^order$/i.test(t.text) && /^by$/i.test(list[i + 1]?.text ?? "")) found = i + 2;
  });
  return found;
}

/** Whether the query orders its result (a top-level ORDER BY): the rows' order is then meant, and charts keep it. */
export function ordersResult(sql: string): boolean {
  return orderByStart(tokens(sql)) >= 0;
}

/** The first column of the query's last top-level ORDER BY, when it is a plain column name. */
export function orderByColumn(sql: string): string | null {
  const list = tokens(sql);
  const found = orderByStart(list);
  if (found < 0) return null;
  let name: string | null = null;
  for (let i = found; i < list.length; ++i) {
    const t = list[i]!;
    if (t.text === "," || t.kind === "semicolon" || (t.kind === "word" && /^(asc|desc|nulls|limit|offset)$/i.test(t.text))) break;
    if (t.kind === "word" || t.kind === "quoted") name = t.text;
  }
  return name;
}

/** The default chart for a result, or null when it has nothing to plot (no number). */
export function defaultSpec(columns: readonly ResultColumn[], sql = ""): ChartSpec | null {
  const order = orderByColumn(sql);
  const ordered = columns.find((c) => c.name === order);
  const numbers = columns.filter((c) => c.kind === "number");
  const measures = numbers.filter((c) => !IDENTIFIER.test(c.name));
  const y = (ordered?.kind === "number" && !IDENTIFIER.test(ordered.name) ? ordered : undefined) ?? measures[0] ?? numbers[0];
  if (!y) return null;
  const time = columns.find((c) => c.kind === "time");
  const categories = columns.filter((c) => c.kind === "category");
  if (time) return {mark: "line", x: time.name, y: y.name, series: categories[0]?.name ?? null};
  const x = ordered?.kind === "category" ? ordered : categories[0];
  if (x) return {mark: "bar", x: x.name, y: y.name, series: categories.find((c) => c !== x)?.name ?? null};
  const other = numbers.find((c) => c !== y);
  if (other) return {mark: "dot", x: other.name, y: y.name, series: null};
  return null;
}

/** The analyst's choice over the defaults; names not in the result fall back to the default. */
export function resolveSpec(columns: readonly ResultColumn[], sql: string, choice: ChartChoice): ChartSpec | null {
  const base = defaultSpec(columns, sql);
  const has = (name: string | undefined): name is string => name !== undefined && columns.some((c) => c.name === name);
  const y = has(choice.y) ? choice.y : base?.y;
  const x = has(choice.x) ? choice.x : base?.x ?? columns.find((c) => c.name !== y)?.name;
  if (!y || !x) return null;
  const series = choice.series === "" ? null : has(choice.series) ? choice.series : base?.series ?? null;
  const mark = choice.mark && MARKS.includes(choice.mark) ? choice.mark : base?.mark ?? "dot";
  return {mark, x, y, series: series === x || series === y ? null : series};
}

export type TimeStep = "minute" | "hour" | "day" | "month" | "year";

/** The step of a time axis: the smallest gap between distinct times. */
export function timeStep(times: readonly number[]): TimeStep {
  const sorted = [...new Set(times)].sort((a, b) => a - b);
  let gap = Infinity;
  for (let i = 1; i < sorted.length; ++i) gap = Math.min(gap, sorted[i]! - sorted[i - 1]!);
  if (!Number.isFinite(gap)) {
    const t = sorted[0] ?? 0;
    return t % 86_400_000 === 0 ? "day" : t % 3_600_000 === 0 ? "hour" : "minute";
  }
  if (gap >= 365 * 86_400_000) return "year";
  if (gap >= 28 * 86_400_000) return "month";
  if (gap >= 86_400_000) return "day";
  if (gap >= 3_600_000) return "hour";
  return "minute";
}

export interface PreparedChart {
  rows: Record<string, unknown>[];
  /** Sentences shown under the chart: what was folded, dropped or relabelled. */
  notes: string[];
  xKind: ColumnKind;
  step: TimeStep | null;
  /** The rows are in the query's order (it has an ORDER BY): categories are drawn in that order, not by value. */
  ordered: boolean;
}

/**
 * The order of a categorical axis: the categories (as `label` gives them) in the order they first appear in the
 * rows when the query ordered them (periods, ranks, "1 before | 2 during | 3 after"); undefined otherwise, when the
 * chart ranks them by value.
 */
export function categoryOrder(rows: readonly Record<string, unknown>[], label: (row: Record<string, unknown>) => string, ordered: boolean): string[] | undefined {
  return ordered ? [...new Set(rows.map(label))] : undefined;
}

const key = (v: unknown) => (v instanceof Date ? v.getTime() : v);

/**
 * The rows to draw for `spec`, with notes on everything that is not drawn as it is in the result. `sql` is the query:
 * when it orders its result, the rows keep that order (a time axis is still drawn in time order).
 */
export function prepareChart(input: readonly Record<string, unknown>[], columns: readonly ResultColumn[], spec: ChartSpec, sql = ""): PreparedChart {
  const kind = (name: string | null) => columns.find((c) => c.name === name)?.kind ?? "other";
  const xKind = kind(spec.x);
  const notes: string[] = [];
  const categorical = (k: ColumnKind) => k === "category" || k === "other";
  let missing = 0;
  let unknown = 0;
  let rows: Record<string, unknown>[] = [];
  for (const r of input) {
    const y = typeof r[spec.y] === "bigint" ? Number(r[spec.y]) : r[spec.y];
    if (typeof y !== "number" || !Number.isFinite(y)) {
      missing++;
      continue;
    }
    let x = r[spec.x];
    if (x == null) {
      if (!categorical(xKind)) {
        missing++;
        continue;
      }
      x = UNKNOWN;
      unknown++;
    } else if (categorical(xKind)) x = String(x);
    const row: Record<string, unknown> = {...r, [spec.x]: x, [spec.y]: y};
    if (spec.series) {
      const s = r[spec.series];
      if (s == null) unknown++;
      row[spec.series] = s == null ? UNKNOWN : String(key(s) === s ? s : (s as Date).toISOString());
    }
    rows.push(row);
  }
  if (missing) notes.push(`${rowCount(missing)} with no ${spec.y}${categorical(xKind) ? "" : ` or no ${spec.x}`} left out.`);
  if (unknown) notes.push(`Empty (null) categories are shown as "${UNKNOWN}".`);
  const adds = additive(spec.y);
  const total = (list: Record<string, unknown>[], by: string) => {
    const sums = new Map<unknown, number>();
    for (const r of list) sums.set(key(r[by]), (sums.get(key(r[by])) ?? 0) + Math.abs(r[spec.y] as number));
    return [...sums].sort((a, b) => b[1] - a[1]).map(([k]) => k);
  };
  if (spec.series) {
    const ranked = total(rows, spec.series);
    if (ranked.length > MAX_SERIES) {
      const keep = new Set(ranked.slice(0, MAX_SERIES));
      const rest = ranked.length - MAX_SERIES;
      if (adds) {
        const other = new Map<unknown, Record<string, unknown>>();
        const kept: Record<string, unknown>[] = [];
        for (const r of rows) {
          if (keep.has(r[spec.series])) kept.push(r);
          else {
            const k = key(r[spec.x]);
            const o = other.get(k) ?? other.set(k, {[spec.x]: r[spec.x], [spec.y]: 0, [spec.series]: OTHER}).get(k)!;
            o[spec.y] = (o[spec.y] as number) + (r[spec.y] as number);
          }
        }
        rows = [...kept, ...other.values()];
        notes.push(`${rest.toLocaleString("en-GB")} smaller ${spec.series} values are folded into "${OTHER}" (${spec.y} summed).`);
      } else {
        rows = rows.filter((r) => keep.has(r[spec.series!]));
        notes.push(`Only the ${MAX_SERIES} largest ${spec.series} values are drawn: ${spec.y} does not add up, so the other ${rest.toLocaleString("en-GB")} are left out rather than folded into "${OTHER}".`);
      }
    }
  }
  if (categorical(xKind) && (spec.mark === "bar" || spec.mark === "cell")) {
    const ranked = total(rows, spec.x);
    if (ranked.length > MAX_CATEGORIES) {
      const keep = new Set(ranked.slice(0, MAX_CATEGORIES));
      rows = rows.filter((r) => keep.has(r[spec.x]));
      notes.push(`The ${MAX_CATEGORIES} largest of ${ranked.length.toLocaleString("en-GB")} ${spec.x} values are drawn.`);
    }
  }
  const step = xKind === "time" ? timeStep(rows.map((r) => +(r[spec.x] as Date))) : null;
  if (xKind === "time") rows.sort((a, b) => +(a[spec.x] as Date) - +(b[spec.x] as Date));
  return {rows, notes, xKind, step, ordered: ordersResult(sql)};
}
