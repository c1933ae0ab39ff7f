// Hits by sector in the chosen window (with modelled data, the sector mix is modelled too: src/components/facts/modelled.ts).
import type {Figure} from "./types.js";
import type {FigureTables} from "./tables.js";
import {pipelineSource} from "./tables.js";
import {params as windowParams, type WindowSelections} from "./timeline-hourly.js";
import {windowOf} from "./timeline-window.js";
import {hitsBy, sectorSubject} from "./compute.js";
import {barsChart} from "../components/charts/barsChart.js";
import {formatInteger, formatPercent} from "../components/facts/format.js";
import type {IncidentConfig} from "../components/state/report-data.js";
import {modelledWords, sectorMixCaveat} from "../components/facts/modelled.js";

export const params = windowParams;
export const tables = ["hourly", "sectors"] as const;

export function timelineWindowSectors(t: Pick<FigureTables, (typeof tables)[number]>, selections: WindowSelections, incident: IncidentConfig): Figure {
  const {from, to, label} = windowOf(selections, incident, t.hourly);
  const modelled = incident.data.modelled;
  const words = modelledWords(incident);
  const labelOf = new Map([...t.sectors].map((s) => [s.sector, s.sector_label]));
  const bars = hitsBy(t.hourly, "sector", from, to).map(({key, hits}) => ({label: labelOf.get(key) ?? key, value: hits, sector: key}));
  const total = bars.reduce((a, d) => a + d.value, 0);
  return {
    id: "timeline-window-sectors",
    title: words ? `Sectors in the chosen window (${words.simulated ? "assumption" : "modelled"})` : "Sectors in the chosen window",
    subtitle: words ? `${label}. The sector mix is ${words.assumption}, not a finding` : label,
    source: pipelineSource("hourly.arrow", modelled),
    cites: [],
    modelled,
    caveats: words ? [sectorMixCaveat(words)] : [],
    query: `SELECT sector, sum(hits) AS hits FROM hourly WHERE hour >= epoch_ms(${+from}) AND hour < epoch_ms(${+to}) GROUP BY sector ORDER BY hits DESC`,
    summary: bars.length ? `In ${label}, ${sectorSubject(bars[0]!.sector, bars[0]!.label)} sent the most hits (${formatPercent(bars[0]!.value / total)} of ${formatInteger(total)}).` : `No hits in ${label}.`,
    columns: [{key: "sector", label: "Sector key", unit: "", type: "string"}, {key: "label", label: "Sector", unit: "", type: "string"}, {key: "hits", label: "Sinkhole hits", unit: "sinkhole hits", type: "number"}],
    rows: bars.map((b) => ({sector: b.sector, label: b.label, hits: b.value})),
    draw: (width) => barsChart(bars, {width, xLabel: "Sinkhole hits →", modelled, modelledText: words?.simulated ? "modelled data · assumed sector mix" : "modelled data"})
  };
}
