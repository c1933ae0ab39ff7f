// Downloads of datasets, query results and charts: files named `<name>-<build date>.<ext>`.
// Every CSV and Arrow download says whether its rows are modelled and where they come from (DownloadMeta):
// CSV in commented lines before the header row, Arrow in the schema metadata (docs/data-schema.md, "Downloads").
import {DataType, Schema, Table, Utf8, makeData, makeVector, tableToIPC} from "npm:apache-arrow";
import {csvWithMeta, metaEntries, toCsv, type DownloadMeta} from "./csv.js";

export type {DownloadMeta};

/** YYYY-MM-DD (UTC) of a timestamp in ms; the build date of a dataset is its file's lastModified. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `<name>-<date>.<ext>`, with the name reduced to letters, digits and dashes. */
export function downloadName(name: string, date: string, ext: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "data";
  return `${slug}-${date}.${ext}`;
}

/** Saves a blob under `filename` through a temporary link (no server round trip). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.style.display = "none";
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Row objects of an Arrow table, timestamps and dates as Date, Int64 as number when safe. */
export function* arrowRows(table: Table): Generator<Record<string, unknown>> {
  const fields = table.schema.fields;
  const columns = fields.map((field) => table.getChild(field.name));
  const asDate = fields.map((field) => DataType.isTimestamp(field.type) || DataType.isDate(field.type));
  for (let i = 0; i < table.numRows; ++i) {
    const row: Record<string, unknown> = {};
    fields.forEach((field, j) => {
      let value: unknown = columns[j]?.get(i);
      if (value != null && asDate[j] && !(value instanceof Date)) value = new Date(Number(value));
      if (typeof value === "bigint" && value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)) value = Number(value);
      row[field.name] = value;
    });
    yield row;
  }
}

export function arrowToCsv(table: Table): string {
  return toCsv(arrowRows(table), table.schema.fields.map((field) => field.name));
}

/**
 * A table of text columns, built from offsets and bytes directly: Arrow's builders (tableFromJSON,
 * vectorFromArray) compile a function with `new Function`, which the site's Content-Security-Policy forbids.
 */
export function stringTable(columns: readonly string[], rows: readonly Record<string, unknown>[]): Table {
  const encoder = new TextEncoder();
  const vectors = Object.fromEntries(
    columns.map((column) => {
      const parts = rows.map((row) => encoder.encode(row[column] == null ? "" : String(row[column])));
      const valueOffsets = new Int32Array(parts.length + 1);
      parts.forEach((p, i) => (valueOffsets[i + 1] = valueOffsets[i]! + p.length));
      const data = new Uint8Array(valueOffsets[parts.length]!);
      parts.forEach((p, i) => data.set(p, valueOffsets[i]!));
      return [column, makeVector(makeData({type: new Utf8(), length: parts.length, nullCount: 0, valueOffsets, data}))];
    })
  );
  return new Table(vectors);
}

/** Arrow IPC stream bytes, the format of every .arrow file the site ships. */
export function arrowToBytes(table: Table): Uint8Array {
  return tableToIPC(table, "stream");
}

/** The table with the metadata added to its schema metadata (keys as in metaEntries). */
export function withArrowMeta(table: Table, meta: DownloadMeta): Table {
  const metadata = new Map(table.schema.metadata);
  for (const [k, v] of metaEntries(meta)) metadata.set(k, v);
  const schema = new Schema(table.schema.fields, metadata, table.schema.dictionaries);
  return new Table(schema, table.batches.map((b) => b));
}

export function downloadCsv(table: Table, name: string, date: string, meta?: DownloadMeta): void {
  const csv = arrowToCsv(table);
  saveBlob(new Blob([meta ? csvWithMeta(csv, meta) : csv], {type: "text/csv;charset=utf-8"}), downloadName(name, date, "csv"));
}

export function downloadArrow(table: Table, name: string, date: string, meta?: DownloadMeta): void {
  const out = meta ? withArrowMeta(table, meta) : table;
  saveBlob(new Blob([arrowToBytes(out) as Uint8Array<ArrayBuffer>], {type: "application/vnd.apache.arrow.stream"}), downloadName(name, date, "arrow"));
}

/**
 * Two buttons, "CSV" and "Arrow", that download the table `get()` returns
 * (called on click, so a dataset is read only when someone wants it).
 */
export function downloadButtons(get: () => Table | Promise<Table>, name: string, date: string, {label = name, meta}: {label?: string; meta?: DownloadMeta | (() => DownloadMeta)} = {}): HTMLElement {
  const group = document.createElement("span");
  group.className = "atlas-downloads";
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", `Download ${label}`);
  for (const [format, save] of [
    ["CSV", downloadCsv],
    ["Arrow", downloadArrow]
  ] as const) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "atlas-download";
    button.dataset.format = format.toLowerCase();
    button.textContent = `${format}`;
    button.title = `Download ${downloadName(name, date, format === "CSV" ? "csv" : "arrow")}`;
    button.setAttribute("aria-label", `Download ${label} as ${format}`);
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        save(await get(), name, date, typeof meta === "function" ? meta() : meta);
      } finally {
        button.disabled = false;
      }
    });
    group.append(button);
  }
  return group;
}
