// Running total of sinkhole hits, with the chosen window's share.
import type {Figure} from "./types.js";
import type {FigureTables} from "./tables.js";
import {pipelineSource} from "./tables.js";
import {chosenWindow, params as windowParams, type WindowSelections} from "./timeline-hourly.js";
import {hourlySeries} from "./hourly-series.js";
import {timeSeriesChart, cumulate} from "../components/charts/timeSeriesChart.js";
import {crossesYear, formatInteger, formatPercent, formatUtcHour, formatUtcRange} from "../components/facts/format.js";
import type {IncidentConfig} from "../components/state/report-data.js";
import {modelledWords, registrationCaveat} from "../components/facts/modelled.js";

export const params = windowParams;
export const tables = ["hourly"] as const;

export function timelineCumulative(t: Pick<FigureTables, (typeof tables)[number]>, selections: WindowSelections, incident: IncidentConfig): Figure {
  const s = hourlySeries(t.hourly, incident);
  const win = chosenWindow(selections, s.dates.window);
  const cumulative = cumulate(s.totals);
  const windowHits = win ? s.totals.filter((d) => +d.hour >= +win[0] && +d.hour < +win[1]).reduce((a, d) => a + d.value, 0) : 0;
  const half = cumulative.find((d) => d.value >= s.total / 2);
  return {
    id: "timeline-cumulative",
    title: "Cumulative sinkhole hits (UTC)",
    subtitle: win ? `Highlighted: ${formatUtcRange(...win)}` : "The whole incident window",
    // No event markers on this chart: its source is the pipeline alone (the shaded band is the registration window).
    source: pipelineSource("hourly.arrow", s.modelled),
    cites: [],
    modelled: s.modelled,
    caveats: ["Hits are requests to the sinkhole, not machines.", registrationCaveat(modelledWords(incident), incident.kill_switch)].filter((c) => c !== null),
    query: win ? `SELECT sum(hits) AS hits FROM hourly WHERE hour >= epoch_ms(${+win[0]}) AND hour < epoch_ms(${+win[1]})`
      : `WITH per_hour AS (SELECT hour, sum(hits) AS hits FROM hourly GROUP BY hour),
  so_far AS (SELECT hour, sum(hits) OVER (ORDER BY hour) AS hits_so_far, sum(hits) OVER () AS total FROM per_hour)
SELECT max(total) AS hits, min(hour) FILTER (WHERE hits_so_far >= total / 2) AS half_by_end_of_hour FROM so_far`,
    summary: `${formatInteger(s.total)} hits in all, ${formatUtcRange(s.sinkholeFrom ? s.totals[0]?.hour ?? s.dates.window[0] : s.dates.window[0], s.dates.window[1])}${half ? `; half of them had arrived by the end of the hour from ${formatUtcHour(half.hour, {year: crossesYear(...s.dates.window)})}` : ""}${win ? `, and ${formatPercent(windowHits / s.total)} (${formatInteger(windowHits)}) fall in the chosen window ${formatUtcRange(...win)}` : ""}.`,
    columns: [{key: "hour", label: "Hour (UTC)", unit: "", type: "date"}, {key: "hits_so_far", label: "Sinkhole hits so far", unit: "sinkhole hits", type: "number"}],
    rows: cumulative.map((d) => ({hour: d.hour, hits_so_far: d.value})),
    draw: (width) => timeSeriesChart(s.totals, {width, yLabel: "Sinkhole hits so far", domain: s.dates.window, killSwitch: s.dates.killSwitch, sinkholeFrom: s.sinkholeFrom, selection: win, cumulative: true, modelled: s.modelled})
  };
}
