// The overview's hourly curve with the numbered published events.
import type {Figure} from "./types.js";
import type {FigureTables} from "./tables.js";
import {withKey} from "./compute.js";
import {HOURLY_COLUMNS, HOURLY_SQL, earlyText, eventLegend, hourlyRows, hourlySeries, peakText} from "./hourly-series.js";
import {timeSeriesChart} from "../components/charts/timeSeriesChart.js";
import type {IncidentConfig} from "../components/state/report-data.js";
import {modelledWords, registrationCaveat} from "../components/facts/modelled.js";

export const params = {};
export const tables = ["hourly"] as const;

export function overviewTimeline(t: Pick<FigureTables, (typeof tables)[number]>, _selections: object, incident: IncidentConfig): Figure {
  const s = hourlySeries(t.hourly, incident);
  const registration = registrationCaveat(modelledWords(incident), incident.kill_switch);
  const chart = (width: number) => timeSeriesChart(s.totals, {width, yLabel: "Sinkhole hits per hour", domain: s.dates.window, events: s.dates.events, killSwitch: s.dates.killSwitch, sinkholeFrom: s.sinkholeFrom, modelled: s.modelled});
  return {
    id: "overview-timeline",
    title: "Sinkhole hits per hour (UTC)",
    subtitle: [s.sinkholeFrom ? "The sinkhole logs only from the kill switch's registration (shaded band) on" : "Hits per hour over the incident window",
      s.dates.killSwitch && !s.sinkholeFrom ? "the band marks the kill-switch domain's registration" : null,
      s.dates.events.length ? (incident.key_events.some((e) => e.source) ? "numbered markers are published events, listed under the chart with their sources" : "numbered markers are the incident's key events, listed under the chart") : null]
      .filter((part) => part !== null).join("; "),
    source: `Incident Atlas pipeline${s.modelled ? " (modelled)" : ""}`,
    cites: [],
    modelled: s.modelled,
    caveats: ["Hits are requests to the sinkhole, not machines: one machine sends many.", registration].filter((c) => c !== null),
    query: HOURLY_SQL,
    summary: s.peak?.value ? `${peakText(s)}.${earlyText(s)}${registration ? ` ${registration}` : ""}` : "No hits in the window.",
    columns: HOURLY_COLUMNS,
    rows: hourlyRows(s),
    draw: (width, {standalone = false} = {}) => (standalone ? chart(width) : withKey(chart(width), eventLegend(s))),
    legend: () => eventLegend(s)
  };
}
