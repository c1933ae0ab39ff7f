// The ten countries with the most hits in the chosen window.
import type {Figure} from "./types.js";
import type {FigureTables} from "./tables.js";
import {pipelineSource} from "./tables.js";
import {params as windowParams, type WindowSelections} from "./timeline-hourly.js";
import {windowOf} from "./timeline-window.js";
import {hitsBy} from "./compute.js";
import {barsChart} from "../components/charts/barsChart.js";
import {formatInteger} from "../components/facts/format.js";
import {displayName, shortNames, type IncidentConfig} from "../components/state/report-data.js";

export const params = windowParams;
export const tables = ["hourly", "countries", "world"] as const;

export function timelineWindowCountries(t: Pick<FigureTables, (typeof tables)[number]>, selections: WindowSelections, incident: IncidentConfig): Figure {
  const {from, to, label} = windowOf(selections, incident, t.hourly);
  const modelled = incident.data.modelled;
  const short = shortNames(t.world);
  const byCode = new Map([...t.countries].map((c) => [c.country, c]));
  const all = hitsBy(t.hourly, "country", from, to);
  const total = all.reduce((a, d) => a + d.hits, 0);
  const bars = all.slice(0, 10).map(({key, hits}) => {
    const c = byCode.get(key);
    return {label: key === "XX" ? "Unknown location" : displayName(c?.name ?? key, c?.iso_numeric ?? undefined, short), value: hits, country: key};
  });
  return {
    id: "timeline-window-countries",
    title: "Top countries in the chosen window",
    subtitle: label,
    source: pipelineSource("hourly.arrow", modelled),
    cites: [],
    modelled,
    caveats: ["Hits add up across countries; unique IPs would not."],
    query: `SELECT country, sum(hits) AS hits FROM hourly WHERE hour >= epoch_ms(${+from}) AND hour < epoch_ms(${+to}) GROUP BY country ORDER BY hits DESC LIMIT 10`,
    summary: bars.length ? `In ${label}, ${bars[0]!.label} had the most hits (${formatInteger(bars[0]!.value)} of ${formatInteger(total)}).` : `No hits in ${label}.`,
    columns: [{key: "country", label: "Country code", unit: "", type: "string"}, {key: "name", label: "Country", unit: "", type: "string"}, {key: "hits", label: "Sinkhole hits", unit: "sinkhole hits", type: "number"}],
    rows: bars.map((b) => ({country: b.country, name: b.label, hits: b.value})),
    draw: (width) => barsChart(bars, {width, xLabel: "Sinkhole hits →", modelled})
  };
}
