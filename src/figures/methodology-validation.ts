// Rows rejected by the pipeline's validation, by reason (validation.json).
import type {Figure} from "./types.js";
import type {FigureTables} from "./tables.js";
import {BAR_COLUMNS, barsFigureRows} from "./bars.js";
import {barsChart} from "../components/charts/barsChart.js";
import {formatInteger} from "../components/facts/format.js";
import {rowCount} from "../components/facts/count.js";
import type {IncidentConfig} from "../components/state/report-data.js";

export const params = {};
export const tables = ["validation"] as const;

/** One bar per rejection reason, largest first, with its first examples as "file:line field: value" (the reason said once, not per example). */
export function rejectionReasons(validation: FigureTables["validation"]) {
  return Object.entries(validation.by_reason ?? {}).map(([reason, r]) => ({label: `${reason} (${r.kind})`, value: r.count, title: `${reason}: ${r.text}; ${rowCount(r.count)}`, text: r.text,
    examples: (r.examples ?? []).map((e) => e.replace(`: ${reason} (${r.text})`, ":"))})).sort((a, b) => b.value - a.value);
}

export function methodologyValidation(t: Pick<FigureTables, (typeof tables)[number]>, _selections: object, incident: IncidentConfig): Figure {
  const v = t.validation;
  const reasons = rejectionReasons(v);
  const bars = reasons.map((r) => ({label: r.label, value: r.value, title: r.title}));
  return {
    id: "methodology-validation",
    title: "Rows rejected, by reason",
    subtitle: `${v.files.length} input file${v.files.length === 1 ? "" : "s"}; ${rowCount(v.totals.rows_read)} read`,
    source: "Incident Atlas pipeline",
    cites: [],
    modelled: incident.data.modelled,
    caveats: ["Counts of input rows, from the pipeline's own validation.json."],
    summary: reasons.length ? `${formatInteger(v.totals.rejected)} of ${rowCount(v.totals.rows_read)} ${v.totals.rejected === 1 ? "was" : "were"} rejected; the main reason, ${reasons[0]!.label}, accounts for ${formatInteger(reasons[0]!.value)}.` : v.totals.rows_read === 1 ? "The one row read was accepted." : `All ${rowCount(v.totals.rows_read)} were accepted.`,
    columns: BAR_COLUMNS("rows", "Rows rejected"),
    rows: barsFigureRows(bars),
    draw: (width) => barsChart(bars, {width, xLabel: "Rows rejected →", format: formatInteger, modelled: incident.data.modelled})
  };
}
