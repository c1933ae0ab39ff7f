// What the two "chosen window" figures share: the window (brushed, or the whole period: from the registration on
// when the sinkhole began there, report-data.ts sinkholeStart) and its label.
import {chosenWindow, type WindowSelections} from "./timeline-hourly.js";
import {formatUtcRange} from "../components/facts/format.js";
import {incidentDates, sinkholeStart, type IncidentConfig} from "../components/state/report-data.js";
import {hourlyTotals} from "./compute.js";
import {floorHour} from "../components/time/hours.js";
import type {HourlyRow} from "./tables.js";

export function windowOf(selections: WindowSelections, incident: IncidentConfig, hourly: Iterable<HourlyRow>): {from: Date; to: Date; label: string} {
  const dates = incidentDates(incident);
  const win = chosenWindow(selections, dates.window);
  const ks = sinkholeStart(dates, hourlyTotals(hourly, dates.window).first);
  const seriesFrom = new Date(floorHour(ks ?? dates.window[0]));
  const from = win ? win[0] : seriesFrom;
  const to = win ? win[1] : dates.window[1];
  // The whole period's label starts where the window does (14:30), its sums from that hour (14:00).
  return {from, to, label: win ? formatUtcRange(...win) : `the whole period (${formatUtcRange(ks ? from : dates.window[0], dates.window[1])})`};
}
