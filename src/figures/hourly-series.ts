// The hourly series the overview, timeline and data-coverage figures draw: hits per hour from the registration
// window on (a sinkhole logs only once its domain is registered), the events, and the kill-switch window.
import type {FigureTables} from "./tables.js";
import {hourlyTotals} from "./compute.js";
import {eventKey} from "../components/charts/timeSeriesChart.js";
import {formatInteger, formatUtcHour, formatUtcRange} from "../components/facts/format.js";
import {incidentDates, type IncidentConfig, type IncidentDates} from "../components/state/report-data.js";
import type {FigureColumn, FigureRow} from "./types.js";

export function hourlySeries(hourly: FigureTables["hourly"], incident: IncidentConfig) {
  const dates: IncidentDates = incidentDates(incident);
  const ksStart = dates.killSwitch?.[0] ?? null;
  return {dates, ksStart, modelled: incident.data.modelled, ...hourlyTotals(hourly, dates.window, ksStart)};
}

export type HourlySeries = ReturnType<typeof hourlySeries>;

/** "Hits peaked at 1,234 in the hour from 12 May 15:00 UTC" or "No hits in the window". */
export function peakText(s: HourlySeries): string {
  return s.peak?.value ? `Hits peaked at ${formatInteger(s.peak.value)} in the hour from ${formatUtcHour(s.peak.hour)}` : "No hits in the window";
}

/** The kill switch, said once for every hourly figure. */
export function killSwitchText(s: HourlySeries): string {
  return s.dates.killSwitch ? `; the kill-switch domain was registered between ${formatUtcRange(...s.dates.killSwitch)}` : "";
}

export function droppedText(s: HourlySeries): string {
  return s.dropped ? ` ${formatInteger(s.dropped)} hits dated before the registration window are not drawn: a sinkhole cannot log before its domain exists.` : "";
}

/** Where the events come from: published rows (listed under the chart, and in an image's key) or the configuration. */
export function eventsSource(incident: IncidentConfig): string {
  if (!incident.key_events.length) return "";
  return `; events: ${incident.key_events.some((e) => e.source) ? "published timeline rows (numbered markers, listed under the chart)" : "the incident's configuration"}`;
}

export const HOURLY_COLUMNS: FigureColumn[] = [{key: "hour", label: "Hour (UTC)", unit: "", type: "date"}, {key: "hits", label: "Sinkhole hits", unit: "sinkhole hits", type: "number"}];

export function hourlyRows(s: HourlySeries): FigureRow[] {
  return s.totals.map((d) => ({hour: d.hour, hits: d.value}));
}

/** The numbered event list: under the chart on the page, and in an image so markers 1–n are explained. */
export function eventLegend(s: HourlySeries): HTMLElement | null {
  const shown = s.dates.events.filter((e) => +e.at >= +s.dates.window[0] && +e.at <= +s.dates.window[1]);
  return shown.length ? eventKey(shown, s.dates.window) : null;
}

export const HOURLY_SQL = "SELECT hour, sum(hits) AS hits FROM hourly GROUP BY hour ORDER BY hits DESC LIMIT 1";
