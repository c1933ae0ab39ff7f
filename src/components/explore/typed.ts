// Query results as DuckDB typed them (the engine asks for no casts): values for the table and the chart, and
// self-describing downloads. Arrow keeps the types (timestamps as Timestamp<MILLISECOND, UTC>, BIGINT as Int64,
// DECIMAL as Decimal, LIST as List) with the query, the tables read, the modelled flag and the sources in the schema
// metadata; CSV carries the same entries in commented lines before the header row (docs/explore-to-page.md).
import {DataType, Schema, Table, Timestamp, TimeUnit, makeData, makeVector, util, type Field, type Vector} from "npm:apache-arrow";
import {csvWithEntries, metaEntries, toCsv, type DownloadMeta} from "../figure/csv.js";
import {arrowToBytes, downloadName, saveBlob} from "../figure/download.js";

/** A value for display and charts: Date for times, number for numbers (bigint kept beyond 2^53), text for text. */
export function plainValue(type: DataType, value: unknown): unknown {
  if (value == null) return null;
  if (DataType.isTimestamp(type) || DataType.isDate(type)) return value instanceof Date ? value : new Date(Number(value));
  if (DataType.isDecimal(type)) return util.bigNumToNumber(value as Parameters<typeof util.bigNumToNumber>[0], type.scale);
  if (typeof value === "bigint") return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value;
  if (DataType.isList(type) || DataType.isFixedSizeList(type)) return JSON.stringify(Array.from(value as Iterable<unknown>, (v) => (typeof v === "bigint" ? String(v) : v)));
  if (DataType.isStruct(type) || DataType.isMap(type)) return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v));
  return value;
}

/** Row objects of a result, values as plainValue gives them. */
export function resultRows(table: Table): Record<string, unknown>[] {
  const fields = table.schema.fields;
  const columns = fields.map((f) => table.getChild(f.name));
  const rows: Record<string, unknown>[] = new Array(table.numRows);
  for (let i = 0; i < table.numRows; ++i) {
    const row: Record<string, unknown> = {};
    fields.forEach((f, j) => (row[f.name] = plainValue(f.type, columns[j]?.get(i))));
    rows[i] = row;
  }
  return rows;
}

const TO_MS: Record<number, bigint> = {[TimeUnit.SECOND]: -1000n, [TimeUnit.MILLISECOND]: 1n, [TimeUnit.MICROSECOND]: 1000n, [TimeUnit.NANOSECOND]: 1_000_000n};

/** A timestamp column of any unit and zone as Timestamp<MILLISECOND, UTC> (the same instants). */
function msUtc(vector: Vector): Vector {
  const type = new Timestamp(TimeUnit.MILLISECOND, "UTC");
  return makeVector(
    vector.data.map((d) => {
      const source = d.values as unknown as BigInt64Array;
      const factor = TO_MS[(d.type as Timestamp).unit]!;
      const values = new BigInt64Array(d.length);
      for (let i = 0; i < d.length; ++i) {
        const v = source[d.offset + i] ?? 0n;
        values[i] = factor < 0n ? v * -factor : v / factor;
      }
      return makeData({type, length: d.length, nullCount: d.nullCount, nullBitmap: d.nullCount ? d.nullBitmap : undefined, data: values, offset: 0});
    })
  );
}

/** What the engine returns, with every timestamp column as Timestamp<MILLISECOND, UTC>; other types unchanged. */
export function downloadTable(table: Table): Table {
  if (!table.schema.fields.some((f) => DataType.isTimestamp(f.type))) return table;
  const vectors: Record<string, Vector> = {};
  for (const f of table.schema.fields) {
    const v = table.getChild(f.name)!;
    vectors[f.name] = DataType.isTimestamp(f.type) ? msUtc(v) : v;
  }
  return new Table(vectors);
}

/** What a query result is: DownloadMeta plus the query's exact text and the tables it read. */
export interface ResultMeta extends DownloadMeta {
  query: string;
  tables: string[];
}

/** Metadata entries of a query result: DownloadMeta's, then the query (exact text) and the tables it read. */
export function resultEntries(meta: ResultMeta): [string, string][] {
  return [...metaEntries(meta), ["query", meta.query], ["tables", meta.tables.join(", ")]];
}

/** The typed result as Arrow IPC bytes with its metadata in the schema. */
export function resultArrow(table: Table, meta: ResultMeta): Uint8Array {
  const typed = downloadTable(table);
  const metadata = new Map(typed.schema.metadata);
  for (const [k, v] of resultEntries(meta)) metadata.set(k, v);
  const fields: Field[] = typed.schema.fields;
  return arrowToBytes(new Table(new Schema(fields, metadata), typed.batches));
}

/**
 * The result as CSV: `# key: value` metadata lines (the query as a JSON string, so its line breaks and `--` comments
 * survive on one line), then the header row; the first line says how many lines to skip, as in every site download.
 */
export function resultCsv(table: Table, meta: ResultMeta): string {
  const entries = resultEntries(meta).map(([k, v]): [string, string] => [k, k === "query" ? JSON.stringify(v) : v]);
  return csvWithEntries(toCsv(resultRows(table), table.schema.fields.map((f) => f.name)), entries);
}

/** "CSV" and "Arrow" buttons for a query result. */
export function resultDownloads(table: Table, name: string, meta: () => ResultMeta): HTMLElement {
  const group = document.createElement("span");
  group.className = "atlas-downloads";
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", `Download ${name}`);
  const formats = [
    ["csv", "CSV", () => new Blob([resultCsv(table, meta())], {type: "text/csv;charset=utf-8"})],
    ["arrow", "Arrow", () => new Blob([resultArrow(table, meta()) as Uint8Array<ArrayBuffer>], {type: "application/vnd.apache.arrow.stream"})]
  ] as const;
  for (const [ext, label, blob] of formats) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "atlas-download";
    button.dataset.format = ext;
    button.textContent = label;
    button.setAttribute("aria-label", `Download ${name} as ${label}`);
    button.addEventListener("click", () => saveBlob(blob(), downloadName(name, meta().built, ext)));
    group.append(button);
  }
  return group;
}
