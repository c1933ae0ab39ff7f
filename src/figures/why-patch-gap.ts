// Case study "Why it spread": the patch came first.
import type {Figure} from "./types.js";
import type {FigureTables} from "./tables.js";
import {gapEvent, gapFigure, lookup} from "./gap-events.js";
import {daysBetween} from "../components/facts/query-link.js";
import {timelineDate, type IncidentConfig} from "../components/state/report-data.js";

export const params = {};
export const tables = ["facts"] as const;
export const caseStudy = "/why";

/** The case study's rows by role (incident.json) plus the NHS alert row the case study names. */
export function whyRoles(incident: IncidentConfig) {
  const report = incident.report!;
  return {patch: incident.vulnerability!.event_ids[0]!, alert: "T02", leak: report.exploit_public!, outbreak: report.outbreak_start!, xp: report.unsupported_patches ?? []};
}

export function whyPatchGap(t: Pick<FigureTables, (typeof tables)[number]>, _selections: object, incident: IncidentConfig): Figure {
  const fact = lookup(t.facts);
  const role = whyRoles(incident);
  const outbreak = timelineDate(fact(role.outbreak));
  const events = [
    gapEvent(fact(role.patch), "Microsoft releases MS17-010", "patch"),
    gapEvent(fact(role.alert), "NHS Digital alert: apply the patch", "other"),
    gapEvent(fact(role.leak), "Shadow Brokers dump EternalBlue", "leak"),
    gapEvent(fact(role.outbreak), "WannaCry outbreak", "outbreak", outbreak),
    gapEvent(fact(role.xp[0]!), "Patch for Windows XP (MSRC post, 12 May)", "other"),
    gapEvent(fact(role.xp[1]!), "Patch for Windows XP (US-CERT, 13 May)", "other")
  ];
  return gapFigure({
    id: "why-patch-gap",
    title: "The patch came first",
    subtitle: "Published events, March–May 2017, dated by day",
    source: "Published timeline rows",
    cites: [role.patch, role.alert, role.leak, role.outbreak, role.xp[0]!, role.xp[1]!].map(fact),
    events,
    gaps: [{from: events[0]!.at, to: outbreak, label: "patch available, not applied"}, {from: events[2]!.at, to: outbreak, label: "exploit public"}],
    summary: `The patch was available ${daysBetween(events[0]!.at, outbreak)} days before the outbreak and the exploit had been public for ${daysBetween(events[2]!.at, outbreak)} days; Windows XP, no longer supported, got a patch only on 12–13 May, as the outbreak ran.`
  });
}
