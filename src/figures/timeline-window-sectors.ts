// Hits by sector in the chosen window (with modelled data, the sector mix is the model's assumption).
import type {Figure} from "./types.js";
import type {FigureTables} from "./tables.js";
import {pipelineSource} from "./tables.js";
import {params as windowParams, type WindowSelections} from "./timeline-hourly.js";
import {windowOf} from "./timeline-window.js";
import {hitsBy} from "./compute.js";
import {barsChart} from "../components/charts/barsChart.js";
import {formatInteger, formatPercent} from "../components/facts/format.js";
import type {IncidentConfig} from "../components/state/report-data.js";

export const params = windowParams;
export const tables = ["hourly", "sectors"] as const;

export function timelineWindowSectors(t: Pick<FigureTables, (typeof tables)[number]>, selections: WindowSelections, incident: IncidentConfig): Figure {
  const {from, to, label} = windowOf(selections, incident);
  const modelled = incident.data.modelled;
  const labelOf = new Map([...t.sectors].map((s) => [s.sector, s.sector_label]));
  const bars = hitsBy(t.hourly, "sector", from, to).map(({key, hits}) => ({label: labelOf.get(key) ?? key, value: hits, sector: key}));
  const total = bars.reduce((a, d) => a + d.value, 0);
  return {
    id: "timeline-window-sectors",
    title: modelled ? "Sectors in the chosen window (assumption)" : "Sectors in the chosen window",
    subtitle: modelled ? `${label}. The sector mix is a model assumption, not a finding` : label,
    source: pipelineSource("hourly.arrow", modelled),
    cites: [],
    modelled,
    caveats: modelled ? ["The sector mix is an assumption of the model, not a finding."] : [],
    query: `SELECT sector, sum(hits) AS hits FROM hourly WHERE hour >= epoch_ms(${+from}) AND hour < epoch_ms(${+to}) GROUP BY sector ORDER BY hits DESC`,
    summary: bars.length ? `In ${label}, ${bars[0]!.label} addresses sent the most hits (${formatPercent(bars[0]!.value / total)} of ${formatInteger(total)}).` : `No hits in ${label}.`,
    columns: [{key: "sector", label: "Sector key", unit: "", type: "string"}, {key: "label", label: "Sector", unit: "", type: "string"}, {key: "hits", label: "Sinkhole hits", unit: "sinkhole hits", type: "number"}],
    rows: bars.map((b) => ({sector: b.sector, label: b.label, hits: b.value})),
    draw: (width) => barsChart(bars, {width, xLabel: "Sinkhole hits →", modelled, modelledText: "modelled data · assumed sector mix"})
  };
}
