// The Timeline page's hourly curve: events, the kill-switch window, a highlighted (brushed) window.
import type {Figure} from "./types.js";
import type {FigureTables} from "./tables.js";
import {pipelineSource} from "./tables.js";
import {time, type Reader} from "./params.js";
import {withKey} from "./compute.js";
import {HOURLY_COLUMNS, HOURLY_SQL, earlyText, eventLegend, eventsSource, hourlyRows, hourlySeries, killSwitchText, peakText} from "./hourly-series.js";
import {timeSeriesChart, type TimeWindow} from "../components/charts/timeSeriesChart.js";
import {formatUtcRange} from "../components/facts/format.js";
import type {IncidentConfig} from "../components/state/report-data.js";
import {modelledWords, registrationCaveat} from "../components/facts/modelled.js";

export interface WindowSelections {from: Date | null; to: Date | null}
export const params: {[K in keyof WindowSelections]: Reader<WindowSelections[K]>} = {from: time, to: time};
export const tables = ["hourly"] as const;

/** The chosen window when it is valid inside the incident window, else null. */
export function chosenWindow({from, to}: WindowSelections, window: TimeWindow): TimeWindow | null {
  return from && to && +from < +to && +from >= +window[0] && +to <= +window[1] ? [from, to] : null;
}

export function timelineHourly(t: Pick<FigureTables, (typeof tables)[number]>, selections: WindowSelections, incident: IncidentConfig, onBrush?: (window: TimeWindow | null) => void): Figure {
  const s = hourlySeries(t.hourly, incident);
  const registration = registrationCaveat(modelledWords(incident), incident.kill_switch);
  const selection = chosenWindow(selections, s.dates.window);
  const chart = (width: number) => {
    // No hits at all: a flat line at zero says nothing a sentence does not, and its axis would have no scale.
    if (!s.peak?.value) {
      const note = document.createElement("p");
      note.textContent = `No sinkhole hits in the incident window (${formatUtcRange(...s.dates.window)}).`;
      return note;
    }
    return timeSeriesChart(s.totals, {width, yLabel: "Sinkhole hits per hour", domain: s.dates.window, events: s.dates.events, killSwitch: s.dates.killSwitch, sinkholeFrom: s.sinkholeFrom, selection, onBrush, modelled: s.modelled});
  };
  return {
    id: "timeline-hourly",
    title: "Sinkhole hits per hour (UTC)",
    subtitle: `${selection ? `Highlighted: ${formatUtcRange(...selection)}` : incident.title}${s.dates.events.length ? "; the numbered events are listed under the chart" : ""}`,
    source: pipelineSource("hourly.arrow", s.modelled, eventsSource(incident)),
    cites: incident.key_events.map((e) => e.source).filter((r) => r !== null),
    modelled: s.modelled,
    caveats: ["Hits are requests to the sinkhole, not machines: one machine sends many.", ...(s.sinkholeFrom ? ["The sinkhole logs only from the registration of the kill-switch domain on."] : []),
      registration].filter((c) => c !== null),
    query: HOURLY_SQL,
    summary: `${peakText(s)}${killSwitchText(s)}.${earlyText(s)}${registration ? ` ${registration}` : ""}`,
    columns: HOURLY_COLUMNS,
    rows: hourlyRows(s).filter((r) => !selection || (+(r.hour as Date) >= +selection[0] && +(r.hour as Date) < +selection[1])),
    fullRows: hourlyRows(s),
    draw: (width, {standalone = false} = {}) => (standalone ? chart(width) : withKey(chart(width), eventLegend(s))),
    legend: () => eventLegend(s)
  };
}
