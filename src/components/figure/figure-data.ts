// A figure's data as files and as a table: the displayed-data and full CSV, the metadata JSON, and the Table tab's
// sort and search. Pure functions (no DOM), shared by the figure panel, its downloads and the tests.
import {factId} from "../facts/facts.js";
import type {Figure, FigureColumn, FigureRow} from "../../figures/types.js";
import {cellText, csvWithMeta, toCsv, type DownloadMeta} from "./csv.js";

/** The parts of a Figure its data files are made from (everything but the drawing). */
export type FigureData = Omit<Figure, "draw" | "legend">;

/** Where a download is made: the incident and its modelled-data label, and the build date of the data. */
export interface FigureContext {
  incident: string;
  /** The incident's modelled-data label (written only when the figure is modelled). */
  modelledLabel?: string;
  /** YYYY-MM-DD. */
  built: string;
}

export type Slice = "displayed" | "full";

/** The rows of one slice: the displayed data, or the full data (the displayed data when the figure has no other). */
export function sliceRows(figure: Pick<FigureData, "rows" | "fullRows">, slice: Slice): FigureRow[] {
  return slice === "full" ? (figure.fullRows ?? figure.rows) : figure.rows;
}

/** The provenance lines every CSV download starts with (csv.ts csvWithMeta). */
export function figureDownloadMeta(figure: FigureData, context: FigureContext, slice: Slice): DownloadMeta {
  return {
    title: `${figure.title} (${slice === "full" ? "full data" : "displayed data"})`,
    incident: context.incident,
    modelled: figure.modelled,
    label: context.modelledLabel,
    sources: [figure.source, ...figure.cites.map((row) => `${factId(row)}: ${row.source_title ?? "unknown source"}`)],
    built: context.built
  };
}

/** The figure's rows as CSV: provenance lines, then a header of column keys, then one line per row (formulas neutralised). */
export function figureCsv(figure: FigureData, context: FigureContext, slice: Slice = "displayed"): string {
  const keys = figure.columns.map((c) => c.key);
  return csvWithMeta(toCsv(sliceRows(figure, slice), keys), figureDownloadMeta(figure, context, slice));
}

/** Relative file names of a figure's downloads (also the names of its stable data URLs). */
export function figureFileNames(id: string): {csv: string; fullCsv: string; json: string} {
  return {csv: `${id}.csv`, fullCsv: `${id}-full.csv`, json: `${id}.json`};
}

export interface FigureMetadata {
  id: string;
  title: string;
  subtitle: string | null;
  summary: string;
  source: string;
  incident: string;
  modelled: boolean;
  modelled_label: string | null;
  caveats: string[];
  query: string | null;
  columns: {key: string; label: string; unit: string; type: FigureColumn["type"]}[];
  rows: {displayed: number; full: number};
  cites: {id: string; quote: string | null; source_title: string | null; source_url: string | null; source_date: string | null; verification_status: string | null}[];
  built: string;
  generated_by: "Incident Atlas";
}

/** The metadata JSON: what the figure shows, its units per column, its sources with quotes, dates and status, and its caveats. */
export function figureMetadata(figure: FigureData, context: FigureContext): FigureMetadata {
  const orNull = (v: string | undefined) => (v === undefined || v === "" ? null : v);
  return {
    id: figure.id,
    title: figure.title,
    subtitle: orNull(figure.subtitle),
    summary: figure.summary,
    source: figure.source,
    incident: context.incident,
    modelled: figure.modelled,
    modelled_label: figure.modelled ? (context.modelledLabel ?? null) : null,
    caveats: [...figure.caveats],
    query: orNull(figure.query?.trim()),
    columns: figure.columns.map(({key, label, unit, type}) => ({key, label, unit, type})),
    rows: {displayed: figure.rows.length, full: sliceRows(figure, "full").length},
    cites: figure.cites.map((row) => ({
      id: factId(row),
      quote: orNull(row.quote),
      source_title: orNull(row.source_title),
      source_url: orNull(row.source_url),
      source_date: orNull(row.source_date),
      verification_status: orNull(row.verification_status)
    })),
    built: context.built,
    generated_by: "Incident Atlas"
  };
}

// ---- The Table tab: sort and search -------------------------------------------------------------------------

/** A sort: a column key and its direction; written in the URL as "key" (ascending) or "-key" (descending). */
export interface TableSort {
  key: string;
  descending: boolean;
}

export function parseSort(value: string | null, columns: readonly FigureColumn[]): TableSort | null {
  if (!value) return null;
  const descending = value.startsWith("-");
  const key = descending ? value.slice(1) : value;
  return columns.some((c) => c.key === key) ? {key, descending} : null;
}

export function formatSort(sort: TableSort | null): string | null {
  return sort ? `${sort.descending ? "-" : ""}${sort.key}` : null;
}

/** The next sort when a column's header is pressed: ascending, then descending, then the figure's own order. */
export function nextSort(current: TableSort | null, key: string): TableSort | null {
  if (current?.key !== key) return {key, descending: false};
  return current.descending ? null : {key, descending: true};
}

function sortValue(value: FigureRow[string]): number | string | null {
  if (value == null) return null;
  if (value instanceof Date) return Number.isNaN(+value) ? null : +value;
  if (typeof value === "number") return Number.isNaN(value) ? null : value;
  return value;
}

/** The columns as the Table tab shows them: a date column is a day column when every value in it is at midnight UTC. */
export function shownColumns(rows: readonly FigureRow[], columns: readonly FigureColumn[]): ShownColumn[] {
  return columns.map((c) => (c.type !== "date" ? c : {...c, dateOnly: rows.every((row) => {
    const v = row[c.key];
    return !(v instanceof Date) || Number.isNaN(+v) || v.toISOString().endsWith("T00:00:00.000Z");
  })}));
}

export type ShownColumn = FigureColumn & {dateOnly?: boolean};

/** The rows matching `search` (case-insensitive, in any column's text), in `sort` order (missing values last). */
export function tableView(rows: readonly FigureRow[], figureColumns: readonly FigureColumn[], sort: TableSort | null, search: string): FigureRow[] {
  const columns = shownColumns(rows, figureColumns);
  const needle = search.trim().toLowerCase();
  const kept = needle ? rows.filter((row) => columns.some((c) => displayText(row[c.key] ?? null, c).toLowerCase().includes(needle))) : [...rows];
  if (!sort) return kept;
  const sign = sort.descending ? -1 : 1;
  return kept
    .map((row, i) => ({row, i, v: sortValue(row[sort.key] ?? null)}))
    .sort((a, b) => {
      if (a.v === null || b.v === null) return a.v === b.v ? a.i - b.i : a.v === null ? 1 : -1;
      const c = typeof a.v === "number" && typeof b.v === "number" ? a.v - b.v : String(a.v).localeCompare(String(b.v), "en");
      return c === 0 ? a.i - b.i : sign * c;
    })
    .map((d) => d.row);
}

/**
 * A value as the Table tab shows it: numbers with thousands separators (en-GB, up to 6 decimals), dates as
 * "2017-05-12 14:00 UTC" (or "2017-05-12" in a day column: shownColumns), text as is. Parsing the shown text back
 * (parseDisplayed) gives the CSV's value.
 */
export function displayText(value: FigureRow[string], column: Pick<ShownColumn, "type" | "dateOnly">): string {
  if (value == null) return "";
  if (value instanceof Date) {
    if (Number.isNaN(+value)) return "";
    const iso = value.toISOString();
    const day = column.type === "date" && (column.dateOnly ?? iso.endsWith("T00:00:00.000Z"));
    return day ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
  }
  if (typeof value === "number") return Number.isNaN(value) ? "" : value.toLocaleString("en-GB", {maximumFractionDigits: 6});
  return cellText(value);
}
