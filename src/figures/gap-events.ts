// What the three patch-gap figures share: events dated by day from published rows, drawn on one day axis.
import type {Figure} from "./types.js";
import {patchGapChart, type GapEvent} from "../components/charts/patchGapChart.js";
import {factFinder, factLookup, type FactRow} from "../components/facts/facts.js";
import {daysQuery} from "../components/facts/query-link.js";
import {timelineDate, type Facts, type IncidentConfig} from "../components/state/report-data.js";

/** Finds published rows (by id) in every table the incident cites. */
export function finder(facts: Facts) {
  return factFinder(...Object.values(facts));
}

/** Like finder, but throws naming the missing row (case-study figures need all their rows). */
export function lookup(facts: Facts) {
  return factLookup(...Object.values(facts));
}

/** The published rows the generic pages use, by their role in incident.json (null when a role has no row). */
export function roles(incident: IncidentConfig, facts: Facts) {
  const f = finder(facts);
  const row = (id: string | undefined | null) => (id ? f(id) ?? null : null);
  const report = incident.report ?? null;
  return {
    patch: row(incident.vulnerability?.event_ids[0]),
    leak: row(report?.exploit_public),
    outbreak: row(report?.outbreak_start),
    xp: (report?.unsupported_patches ?? []).map(row).filter((r): r is FactRow => r !== null)
  };
}

export function gapEvent(row: FactRow, label: string, kind: string, at = timelineDate(row)): GapEvent {
  return {at, label, id: row.event_id ?? row.row_id ?? "", kind};
}

export interface GapFigureSpec {
  id: string; title: string; subtitle: string; source: string; summary: string;
  events: GapEvent[]; gaps: {from: Date; to: Date; label: string}[]; cites: FactRow[];
}

export function gapFigure({id, title, subtitle, source, summary, events, gaps, cites}: GapFigureSpec): Figure {
  return {
    id, title, subtitle, source, summary, cites,
    modelled: false,
    caveats: ["Events are dated by day (UTC); some sources differ by a day."],
    query: gaps[0] ? daysQuery(gaps[0].from, gaps[0].to) : undefined,
    columns: [{key: "date", label: "Date (UTC)", unit: "", type: "date"}, {key: "event", label: "Event", unit: "", type: "string"}, {key: "row", label: "Source row", unit: "", type: "string"}],
    rows: events.map((e) => ({date: e.at, event: e.label, row: e.id ?? ""})),
    draw: (width) => patchGapChart(events, {width, gaps})
  };
}
