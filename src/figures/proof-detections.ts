// The proof page's published table: Avast's detections by country (vendor detections, not infected machines).
import type {Figure} from "./types.js";
import type {FigureTables} from "./tables.js";
import {number, type Reader} from "./params.js";
import {detectionsChart} from "../components/charts/detectionsChart.js";
import type {IncidentConfig} from "../components/state/report-data.js";

export interface ProofSelections {minimum: number}
export const params: {[K in keyof ProofSelections]: Reader<ProofSelections[K]>} = {minimum: number(0, 0, 1e9)};
export const tables = ["proofDetections"] as const;
export const caseStudy = "/proof";

export function proofDetections(t: Pick<FigureTables, (typeof tables)[number]>, {minimum}: ProofSelections, _incident: IncidentConfig): Figure {
  const rows = [...t.proofDetections].map((d) => ({...d}));
  const selected = rows.filter((d) => d.detections >= minimum);
  const top = [...rows].sort((a, b) => b.detections - a.detections)[0];
  const first = rows[0];
  return {
    id: "proof-detections",
    title: "Published WannaCry detections by country",
    subtitle: minimum > 0 ? `Highlighted: countries with at least ${minimum.toLocaleString("en-GB")} detections` : `Avast detections reported on ${first?.source_date ?? "the source's date"}`,
    source: `${first?.source_title ?? "Avast"} (${first?.source_date ?? ""}), ${first?.source_url ?? ""}. Vendor detections, not infected machines.`,
    cites: [],
    modelled: false,
    caveats: ["Vendor detections on its customers' computers, not infected machines."],
    summary: `${selected.length} of ${rows.length} countries have at least ${minimum.toLocaleString("en-GB")} detections; the most is ${top?.country} with ${top?.detections.toLocaleString("en-GB")}.`,
    columns: [{key: "country", label: "Country", unit: "", type: "string"}, {key: "detections", label: "Detections", unit: "Avast detections", type: "number"}, {key: "row_id", label: "Source row", unit: "", type: "string"}],
    rows: selected.map((d) => ({country: d.country, detections: d.detections, row_id: d.row_id ?? ""})),
    fullRows: rows.map((d) => ({country: d.country, detections: d.detections, row_id: d.row_id ?? ""})),
    draw: (width) => detectionsChart(rows, {width, minimum})
  };
}
