// Published facts (data/published/*.csv, copied from the shared fact sheet) as JSON with every source column:
// only the tables the active incident cites (incident.json "published"), so another incident ships none of them.
import {ConfigError} from "./errors.ts";
import {readDataTable, type TableRow} from "./tables.ts";
import {PUBLISHED_TABLES, reportRowIds, type Incident} from "./incident.ts";

export {PUBLISHED_TABLES};

export interface PublishedTable {file: string; columns: string[]; rows: TableRow[]}

/** The id column of each table (the anchor a source marker links to; the same columns as facts.ts factId). */
export function idColumn(columns: string[]): string | null {
  return columns.find((c) => c === "row_id" || c === "metric_id" || c === "event_id" || c === "source_key") ?? null;
}

/** The incident's cited tables, rows as written (strings), with the fact sheet's usage notes. */
export function publishedFacts(incident: Pick<Incident, "published">): {note: string; cited: string[]; tables: Record<string, PublishedTable>} {
  const tables: Record<string, PublishedTable> = {};
  for (const name of incident.published) {
    const rows = readDataTable(`published/${name}.csv`);
    tables[name] = {file: `data/published/${name}.csv`, columns: Object.keys(rows[0] ?? {}), rows};
  }
  return {
    note: "Published figures, not modelled. Show each with source_title, source_url, source_date and verification_status; keep 'unverified' and 'conflicting' rows out of headline figures. Units differ (detections, sinkhole requests, unique IPs, machines) and must not be summed. See data/published/README.md.",
    cited: [...incident.published],
    tables
  };
}

/** Most days a key event may lie from its timeline row's date (a row's date is local to where it happened). */
export const EVENT_DATE_TOLERANCE_DAYS = 1;

/**
 * A timeline row cited for a dated field (a key event's "at", the kill switch's "start", the vulnerability's
 * "patch_date") must be the same event: its date within EVENT_DATE_TOLERANCE_DAYS of that field's date.
 */
function checkEventDate(file: string, field: string, atField: string, at: string, date: string): void {
  const day = Date.parse(`${date}T00:00:00Z`);
  const reason = !/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(day) ? `a timeline row with no date (${JSON.stringify(date)})`
    : Math.abs(Date.parse(`${at.slice(0, 10)}T00:00:00Z`) - day) > EVENT_DATE_TOLERANCE_DAYS * 86_400_000 ? `a timeline row dated ${date}` : null;
  if (reason === null) return;
  throw new ConfigError(file, `"${field}" names ${reason}, but "${atField}" is ${at}: `
    + `the row must be this event (dated within ${EVENT_DATE_TOLERANCE_DAYS} day of "${atField}")`);
}

/**
 * The incident config for pages, with key events, kill-switch and vulnerability rows resolved against timeline.csv
 * (only when the incident cites the timeline: an incident that cites nothing gets no WannaCry rows).
 */
export function incidentForPages(incident: Incident): Record<string, unknown> {
  const timeline = new Map(incident.published.includes("timeline") ? readDataTable("published/timeline.csv").map((r) => [r.event_id ?? "", r]) : []);
  const file = `data/incidents/${incident.id}/incident.json`;
  const cite = (id: string | null, field: string) => {
    if (id === null) return null;
    const r = timeline.get(id);
    if (r === undefined) {
      throw new ConfigError(file, incident.published.includes("timeline")
        ? `"${field}" is ${JSON.stringify(id)}, not an event_id of data/published/timeline.csv`
        : `"${field}" is ${JSON.stringify(id)}, a row of the published timeline, but "published" does not list "timeline"`);
    }
    return {event_id: id, date: r.date, time_utc: r.time_utc, time_as_stated: r.time_as_stated, event: r.event, quote: r.quote,
      source_title: r.source_title, source_url: r.source_url, source_date: r.source_date, verification_status: r.verification_status, notes: r.notes};
  };
  // A cited row of a dated field must be dated like it (checkEventDate).
  const dated = (id: string, field: string, atField: string, at: string) => {
    const source = cite(id, field);
    if (source !== null) checkEventDate(file, field, atField, at, source.date ?? "");
    return source;
  };
  // The report block's roles: every id a row of a table the incident cites.
  if (incident.report !== null) {
    const ids = new Set<string>();
    for (const name of incident.published) {
      const rows = readDataTable(`published/${name}.csv`);
      const column = idColumn(Object.keys(rows[0] ?? {}));
      if (column !== null) for (const r of rows) ids.add(r[column] ?? "");
    }
    for (const [field, id] of reportRowIds(incident.report)) {
      if (!ids.has(id)) {
        throw new ConfigError(file, `"${field}" is ${JSON.stringify(id)}, not a row of the tables "published" lists (${incident.published.join(", ") || "none"})`);
      }
    }
  }
  const {dir: _dir, ...config} = incident;
  const {kill_switch: killSwitch, vulnerability} = incident;
  return {
    ...config,
    key_events: incident.key_events.map((e, i) => ({...e, source: e.event_id === null ? null : dated(e.event_id, `key_events[${i}].event_id`, `key_events[${i}].at`, e.at)})),
    kill_switch: killSwitch === null ? null : {...killSwitch,
      sources: killSwitch.event_ids.map((id, i) => dated(id, `kill_switch.event_ids[${i}]`, "kill_switch.start", killSwitch.start))},
    vulnerability: vulnerability === null ? null : {...vulnerability,
      sources: vulnerability.event_ids.map((id, i) => dated(id, `vulnerability.event_ids[${i}]`, "vulnerability.patch_date", vulnerability.patch_date))}
  };
}
