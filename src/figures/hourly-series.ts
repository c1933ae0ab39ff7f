// The hourly series the overview, timeline and data-coverage figures draw: hits per hour from the registration
// window on when the data agree that the sinkhole began there (report-data.ts sinkholeStart), else from the window's
// start; the events, and the kill-switch window.
import type {FigureTables} from "./tables.js";
import {hourlyTotals} from "./compute.js";
import {floorHour} from "../components/time/hours.js";
import {eventKey} from "../components/charts/timeSeriesChart.js";
import {crossesYear, formatInteger, formatPercent, formatUtcHour, formatUtcRange} from "../components/facts/format.js";
import {incidentDates, sinkholeStart, type IncidentConfig, type IncidentDates} from "../components/state/report-data.js";
import type {FigureColumn, FigureRow} from "./types.js";

export function hourlySeries(hourly: FigureTables["hourly"], incident: IncidentConfig) {
  const dates: IncidentDates = incidentDates(incident);
  const all = hourlyTotals(hourly, dates.window);
  const sinkholeFrom = sinkholeStart(dates, all.first);
  // Hits dated before the kill-switch domain's registration (only when the data hold some: then the series starts
  // at the window's start).
  const registered = dates.killSwitch?.[0] ?? null;
  const early = sinkholeFrom === null && registered !== null ? all.totals.filter((d) => +d.hour < floorHour(registered)).reduce((s, d) => s + d.value, 0) : 0;
  // From the registration on: no hit precedes it (sinkholeStart), so the total, peak and first hour are the same.
  const series = sinkholeFrom === null ? all : {...all, totals: all.totals.filter((d) => +d.hour >= floorHour(sinkholeFrom))};
  return {dates, sinkholeFrom, early, modelled: incident.data.modelled, ...series};
}

export type HourlySeries = ReturnType<typeof hourlySeries>;

/** "Hits peaked at 1,234 in the hour from 12 May 15:00 UTC" or "No hits in the window". */
export function peakText(s: HourlySeries): string {
  return s.peak?.value ? `Hits peaked at ${formatInteger(s.peak.value)} in the hour from ${formatUtcHour(s.peak.hour, {year: crossesYear(...s.dates.window)})}` : "No hits in the window";
}

/** The kill switch, said once for every hourly figure. */
export function killSwitchText(s: HourlySeries): string {
  return s.dates.killSwitch ? `; the kill-switch domain was registered in the window ${formatUtcRange(...s.dates.killSwitch)}` : "";
}

/** Hits dated before the kill-switch domain's registration: drawn, and said to be what they are. */
export function earlyText(s: HourlySeries): string {
  return s.early ? ` ${formatInteger(s.early)} hits (${formatPercent(s.early / s.total)}) are dated before the kill-switch domain's registration window: a sinkhole logs a domain's hits only once the domain resolves to it, so these come from other sinkholed domains, or their times are off.` : "";
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
