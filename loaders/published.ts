// Published facts (data/published/*.csv, copied from the shared fact sheet) as JSON with every source column.
import {readDataTable, type TableRow} from "./tables.ts";
import type {Incident} from "./incident.ts";

export const PUBLISHED_TABLES = ["headline_totals", "country_figures", "sector_impacts", "timeline", "nhs_figures",
  "os_breakdown", "ransom_bitcoin", "microsoft_statement", "sources"] as const;

export interface PublishedTable {file: string; columns: string[]; rows: TableRow[]}

/** Every published table, rows as written (strings), with the fact sheet's usage notes. */
export function publishedFacts(): {note: string; tables: Record<string, PublishedTable>} {
  const tables: Record<string, PublishedTable> = {};
  for (const name of PUBLISHED_TABLES) {
    const rows = readDataTable(`published/${name}.csv`);
    tables[name] = {file: `data/published/${name}.csv`, columns: Object.keys(rows[0] ?? {}), rows};
  }
  return {
    note: "Published figures, not modelled. Show each with source_title, source_url, source_date and verification_status; keep 'unverified' and 'conflicting' rows out of headline figures. Units differ (detections, sinkhole requests, unique IPs, machines) and must not be summed. See data/published/README.md.",
    tables
  };
}

/** The incident config for pages, with key events and kill-switch rows resolved against timeline.csv. */
export function incidentForPages(incident: Incident): Record<string, unknown> {
  const timeline = new Map(readDataTable("published/timeline.csv").map((r) => [r.event_id ?? "", r]));
  const cite = (id: string | null) => {
    const r = id === null ? undefined : timeline.get(id);
    if (r === undefined) return null;
    return {event_id: id, date: r.date, time_utc: r.time_utc, time_as_stated: r.time_as_stated, event: r.event, quote: r.quote,
      source_title: r.source_title, source_url: r.source_url, source_date: r.source_date, verification_status: r.verification_status, notes: r.notes};
  };
  const {dir: _dir, ...config} = incident;
  return {
    ...config,
    key_events: incident.key_events.map((e) => ({...e, source: cite(e.event_id)})),
    kill_switch: incident.kill_switch === null ? null : {...incident.kill_switch, sources: incident.kill_switch.event_ids.map(cite)}
  };
}
