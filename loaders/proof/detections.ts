// The foundation's proof table: published per-country detections → Arrow.
import {readFile} from "node:fs/promises";
import {csvParse} from "d3-dsv";
import {Dictionary, Int32, Table, Utf8, tableToIPC, vectorFromArray} from "apache-arrow";

export interface PublishedDetection {
  rowId: string;
  country: string;
  detections: number;
  unit: string;
  sourceTitle: string;
  sourceUrl: string;
  sourceDate: string;
  verification: string;
}

const REQUIRED = ["row_id", "country", "figure", "unit", "source_title", "source_url", "source_date", "verification_status"];

/** Parses the proof CSV; throws with file, line and field on a bad row. */
export function parseDetections(text: string, file: string): PublishedDetection[] {
  const rows = csvParse(text);
  const missing = REQUIRED.filter((column) => !rows.columns.includes(column));
  if (missing.length > 0) throw new Error(`${file}:1: missing column(s) ${missing.join(", ")}`);
  return rows.map((row, index) => {
    const line = index + 2;
    const figure = row.figure ?? "";
    if (!/^\d+$/.test(figure)) throw new Error(`${file}:${line}: field "figure": not a whole number: ${JSON.stringify(figure)}`);
    return {
      rowId: row.row_id ?? "",
      country: row.country ?? "",
      detections: Number(figure),
      unit: row.unit ?? "",
      sourceTitle: row.source_title ?? "",
      sourceUrl: row.source_url ?? "",
      sourceDate: row.source_date ?? "",
      verification: row.verification_status ?? ""
    };
  });
}

/** A dictionary-encoded string column; a fixed id keeps the bytes deterministic (Arrow JS otherwise counts ids globally). */
function strings(values: string[], id: number) {
  return vectorFromArray(values, new Dictionary(new Utf8(), new Int32(), id));
}

/** Arrow IPC stream bytes, one row per country. */
export function detectionsToArrow(rows: PublishedDetection[]): Uint8Array {
  const table = new Table({
    row_id: vectorFromArray(rows.map((r) => r.rowId), new Utf8()),
    country: strings(rows.map((r) => r.country), 1),
    detections: vectorFromArray(rows.map((r) => r.detections), new Int32()),
    unit: strings(rows.map((r) => r.unit), 2),
    source_title: strings(rows.map((r) => r.sourceTitle), 3),
    source_url: strings(rows.map((r) => r.sourceUrl), 4),
    source_date: strings(rows.map((r) => r.sourceDate), 5),
    verification_status: strings(rows.map((r) => r.verification), 6)
  });
  return tableToIPC(table, "stream");
}

/** The proof-detections dataset's bytes, from the copy of the published table in data/proof/ (logged to stderr). */
export async function proofDetectionsArrow(file = "data/proof/avast-detections-2017-05-15.csv"): Promise<Uint8Array> {
  const rows = parseDetections(await readFile(file, "utf-8"), file);
  process.stderr.write(`proof-detections: ${rows.length} rows from ${file}\n`);
  return detectionsToArrow(rows);
}
