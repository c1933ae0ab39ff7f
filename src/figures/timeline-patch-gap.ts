// From the patch to the outbreak: the months before, from the rows the incident names by role.
import type {Figure} from "./types.js";
import type {FigureTables} from "./tables.js";
import {gapEvent, gapFigure, roles} from "./gap-events.js";
import {daysBetween} from "../components/facts/query-link.js";
import {timelineDate, type IncidentConfig} from "../components/state/report-data.js";

export const params = {};
export const tables = ["facts"] as const;

/** Null when the incident has no patch, leak and outbreak rows (no vulnerability, or no published timeline). */
export function timelinePatchGap(t: Pick<FigureTables, (typeof tables)[number]>, _selections: object, incident: IncidentConfig): Figure | null {
  const {patch, leak, outbreak: start, xp} = roles(incident, t.facts);
  if (!patch || !leak || !start) return null;
  const outbreak = timelineDate(start);
  const events = [
    gapEvent(patch, "Patch released", "patch"),
    gapEvent(leak, "Exploit made public", "leak"),
    gapEvent(start, "Outbreak begins", "outbreak", outbreak),
    ...xp.map((r) => gapEvent(r, `Patch for unsupported systems (${r.date})`, "other"))
  ];
  return gapFigure({
    id: "timeline-patch-gap",
    title: "From the patch to the outbreak",
    subtitle: "Published events, dated by day (outside the hourly chart above)",
    source: "Published timeline rows",
    cites: [patch, leak, start, ...xp],
    events,
    gaps: [{from: events[0]!.at, to: outbreak, label: "patch to outbreak"}, {from: events[1]!.at, to: outbreak, label: "leak to outbreak"}],
    summary: `The patch came ${daysBetween(events[0]!.at, outbreak)} days before the outbreak and the exploit was made public ${daysBetween(events[1]!.at, outbreak)} days before it${xp.length ? `; patches for unsupported systems followed on ${xp.map((r) => r.date).join(" or ")} (sources differ by a day)` : ""}.`
  });
}
