// What the two "chosen window" figures share: the window (brushed, or the whole period from the registration on)
// and its label.
import {chosenWindow, type WindowSelections} from "./timeline-hourly.js";
import {formatUtcRange} from "../components/facts/format.js";
import {incidentDates, type IncidentConfig} from "../components/state/report-data.js";

export function windowOf(selections: WindowSelections, incident: IncidentConfig): {from: Date; to: Date; label: string} {
  const dates = incidentDates(incident);
  const win = chosenWindow(selections, dates.window);
  const ks = dates.killSwitch?.[0];
  const seriesFrom = ks ? new Date(Math.floor(+ks / 3_600_000) * 3_600_000) : dates.window[0];
  const from = win ? win[0] : seriesFrom;
  const to = win ? win[1] : dates.window[1];
  return {from, to, label: win ? formatUtcRange(...win) : `the whole period (${formatUtcRange(from, dates.window[1])})`};
}
