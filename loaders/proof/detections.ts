// The /proof page's table: Avast's detections of WannaCry by country, rows of the published country_figures table
// (data/published/), shipped only for an incident that cites that table (its "published" list) → Arrow.
import {Dictionary, Int32, Table, Utf8, tableToIPC, vectorFromArray} from "apache-arrow";
import {loadIncident, type Incident} from "../incident.ts";
import {publishedFacts} from "../published.ts";
import type {TableRow} from "../tables.ts";

/** The published rows the page shows: those of this table with this unit (rows C01–C10 of WannaCry's fact sheet). */
export const DETECTION_ROWS = {table: "country_figures", unit: "Avast detections (count)"} as const;

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

/** The detection rows of a published table, in its order; throws with file, line and field on a bad row. */
export function parseDetections(rows: readonly TableRow[], columns: readonly string[], file: string): PublishedDetection[] {
  const missing = REQUIRED.filter((column) => !columns.includes(column));
  if (missing.length > 0) throw new Error(`${file}:1: missing column(s) ${missing.join(", ")}`);
  return rows.flatMap((row, index) => {
    if (row.unit !== DETECTION_ROWS.unit) return [];
    const line = index + 2;
    const figure = row.figure ?? "";
    if (!/^\d+$/.test(figure)) throw new Error(`${file}:${line}: field "figure": not a whole number: ${JSON.stringify(figure)}`);
    return [{
      rowId: row.row_id ?? "",
      country: row.country ?? "",
      detections: Number(figure),
      unit: row.unit ?? "",
      sourceTitle: row.source_title ?? "",
      sourceUrl: row.source_url ?? "",
      sourceDate: row.source_date ?? "",
      verification: row.verification_status ?? ""
    }];
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

/**
 * The proof-detections dataset's bytes for the incident (default: the active one): its detection rows when it cites
 * the table, else none (every incident's build makes the page's file, and postbuild drops it without the page).
 */
export async function proofDetectionsArrow(incident: Pick<Incident, "id" | "published"> = loadIncident()): Promise<Uint8Array> {
  const table = publishedFacts(incident).tables[DETECTION_ROWS.table];
  const rows = table === undefined ? [] : parseDetections(table.rows, table.columns, table.file);
  process.stderr.write(`proof-detections: ${rows.length} rows (${table?.file ?? `${incident.id} does not cite ${DETECTION_ROWS.table}`})\n`);
  return detectionsToArrow(rows);
}
