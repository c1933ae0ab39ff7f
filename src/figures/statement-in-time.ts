// Case study "Microsoft's statement": the statement among the published events before and after it.
import type {Figure} from "./types.js";
import type {FigureTables} from "./tables.js";
import {gapEvent, gapFigure, lookup} from "./gap-events.js";
import {whyRoles} from "./why-patch-gap.js";
import {daysBetween} from "../components/facts/query-link.js";
import {timelineDate, type IncidentConfig} from "../components/state/report-data.js";

export const params = {};
export const tables = ["facts"] as const;
export const caseStudy = "/statement";

export function statementInTime(t: Pick<FigureTables, (typeof tables)[number]>, _selections: object, incident: IncidentConfig): Figure {
  const f = lookup(t.facts);
  const role = whyRoles(incident);
  const outbreak = timelineDate(f(role.outbreak));
  const said = new Date(`${f("B01").source_date}T12:00:00Z`);
  const when = [
    gapEvent(f(role.patch), "Patch released", "patch"),
    gapEvent(f(role.leak), "Exploit dumped in public", "leak"),
    gapEvent(f(role.outbreak), "Outbreak", "outbreak", outbreak),
    {...gapEvent(f("B01"), "Microsoft's statement", "other", said), id: "B01"},
    gapEvent(f("T36"), "UK names North Korea", "other"),
    gapEvent(f("T38"), "US names North Korea", "other"),
    gapEvent(f("T44"), "US unseals charges (North Korean programmer)", "other")
  ];
  return gapFigure({
    id: "statement-in-time",
    title: "The statement in time",
    subtitle: "Published events before and after the statement, dated by day",
    source: "Published timeline rows and the statement",
    cites: [role.patch, role.leak, role.outbreak, "B01", "T36", "T38", "T44"].map(f),
    events: when,
    gaps: [{from: when[0]!.at, to: said, label: "patch to statement"}],
    summary: `The statement came ${daysBetween(when[0]!.at, said)} days after the patch and ${daysBetween(outbreak, said)} days after the outbreak; governments named North Korea ${daysBetween(said, when[4]!.at)} to ${daysBetween(said, when[5]!.at)} days after it.`
  });
}
