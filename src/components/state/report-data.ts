// Shapes the pipeline's files for the report pages: published facts by table, incident dates,
// readable country names, and fact-sheet country names matched to ISO codes.
import type {FactRow} from "../facts/facts.js";
import type {ReportRoles} from "../../../loaders/incident.ts";
import type {TimeEvent, TimeWindow} from "../charts/timeSeriesChart.js";
import {floorHour} from "../time/hours.js";

export interface Published {
  note: string;
  tables: Record<string, {file: string; columns: string[]; rows: FactRow[]}>;
}

export type Facts = Record<string, FactRow[]>;

/** published.json → {table: rows}. */
export function factsOf(published: Published): Facts {
  return Object.fromEntries(Object.entries(published.tables).map(([name, table]) => [name, table.rows]));
}

/** data/incident.json: the active incident's configuration as the pages read it (loaders/published.ts incidentForPages). */
export interface IncidentConfig {
  id: string;
  /** Short name ("WannaCry"). */
  name: string;
  title: string;
  description: string;
  families: string[];
  window: {start: string; end: string};
  kill_switch: {start: string; end: string; event_ids: string[]; note: string; domain: string | null; sources: (FactRow | null)[]} | null;
  vulnerability: {id: string; title: string; patch_date: string; event_ids: string[]; sources: (FactRow | null)[]} | null;
  key_events: {event_id: string | null; at: string; label: string; source: FactRow | null}[];
  /** The fact tables of data/published/ the incident cites: only these are in published.json. */
  published: string[];
  /** The incident's own case-study pages, in navigation order. */
  pages: {path: string; name: string}[];
  /** `model`: the seeded simulation that made the rows, or null (src/components/facts/modelled.ts words the difference). */
  data: {modelled: boolean; label: string; scale: number; model: {rows: number; seed: number; params: string} | null; inputs: string[]};
  /** Roles of the published rows the generic pages show (loaders/incident.ts ReportRoles); null = none. */
  report?: ReportRoles | null;
}

/** True when the incident cites the published fact table `name` (so published.json has it). */
export function citesTable(incident: Pick<IncidentConfig, "published">, name: string): boolean {
  return (incident.published ?? []).includes(name);
}

/**
 * A ranking's caption head that never claims more than there is: "Top 20 of 140 countries",
 * "All 13 countries", "The only country".
 */
export function topLabel(n: number, total: number, one: string, many: string): string {
  if (total <= 0) return `No ${many}`;
  if (total === 1) return `The only ${one}`;
  if (total <= n) return `All ${total} ${many}`;
  return `Top ${n} of ${total} ${many}`;
}

export interface IncidentDates {
  window: TimeWindow;
  killSwitch: TimeWindow | null;
  events: TimeEvent[];
}

/**
 * When the sinkhole began logging: the kill-switch domain's registration (its window's start), when the incident has
 * one and no hit is dated before that hour, since a sinkhole logs a domain's hits only once the domain resolves to it.
 * Otherwise null: the data are drawn from the window's start, hits before the registration included.
 */
export function sinkholeStart(dates: IncidentDates, firstHit: Date | string | null | undefined): Date | null {
  const registered = dates.killSwitch?.[0] ?? null;
  if (registered === null || firstHit === null || firstHit === undefined) return registered;
  return +new Date(firstHit) >= floorHour(registered) ? registered : null;
}

export function incidentDates(incident: IncidentConfig): IncidentDates {
  return {
    window: [new Date(incident.window.start), new Date(incident.window.end)],
    killSwitch: incident.kill_switch ? [new Date(incident.kill_switch.start), new Date(incident.kill_switch.end)] : null,
    events: incident.key_events.map((e) => ({at: new Date(e.at), label: e.label, id: e.event_id ?? ""}))
  };
}

/** Parses a timeline row's date (and time_utc when it is a plain HH:MM, possibly "~HH:MM"). */
export function timelineDate(row: FactRow): Date {
  const time = /^~?\s*(\d{2}:\d{2})$/.exec(row.time_utc ?? "")?.[1] ?? "00:00";
  return new Date(`${row.date}T${time}:00Z`);
}

// Official names in the reference table are long ("Taiwan, Province of China"); the map's
// Natural Earth names are the ones readers know. Keyed by ISO numeric.
export function shortNames(world: {objects: {countries: {geometries: {id?: string | number; properties?: {name?: string}}[]}}}): Map<string, string> {
  return new Map(world.objects.countries.geometries.filter((g) => g.id !== undefined && g.properties?.name).map((g) => [String(g.id), g.properties!.name!]));
}

const SIMPLIFY: [RegExp, string][] = [
  [/^(.*), Province of China$/, "$1"],
  [/^Islamic Republic of (.*)$/, "$1"],
  [/^People's Republic of China$/, "China"],
  [/^United Kingdom of Great Britain and Northern Ireland$/, "United Kingdom"],
  [/^United States of America$/, "United States"],
  [/^Russian Federation$/, "Russia"],
  [/^Republic of Korea$/, "South Korea"],
  [/^Viet Nam$/, "Vietnam"],
  [/^China, Hong Kong Special Administrative Region$/, "Hong Kong"],
  [/^(.*) \(.*\)$/, "$1"]
];

/** A reader's name for a country: the map's name, else a simplified official name. */
export function displayName(name: string, isoNumeric?: string, short?: Map<string, string>): string {
  const fromMap = isoNumeric ? short?.get(isoNumeric) : undefined;
  let out = name;
  for (const [pattern, replacement] of SIMPLIFY) out = out.replace(pattern, replacement);
  if (fromMap && fromMap.length <= out.length) out = fromMap.replace(/^United States of America$/, "United States");
  return out;
}

/** Matches a fact sheet's country name ("Russia", "Taiwan") to ISO alpha-2 using the reference names. */
export function countryMatcher(reference: {iso2: string; name: string; iso_numeric: string}[], short: Map<string, string>): (name: string) => string | null {
  const index = new Map<string, string>();
  const key = (s: string) => s.toLowerCase().replace(/[^a-z]/g, "");
  for (const r of reference) {
    index.set(key(r.name), r.iso2);
    index.set(key(displayName(r.name, r.iso_numeric, short)), r.iso2);
    const s = short.get(r.iso_numeric);
    if (s) index.set(key(s), r.iso2);
  }
  return (name: string) => index.get(key(name)) ?? null;
}

/**
 * True when the incident's configuration links its events to the published fact sheet (key events or
 * kill-switch rows with a source). Pages show published figures, named organisations and the patch
 * gap only then: another incident built from the same pages must not show WannaCry's facts.
 */
export function citesPublishedFacts(incident: IncidentConfig): boolean {
  return (incident.published ?? []).length > 0 && (incident.key_events.some((e) => e.source) || (incident.kill_switch?.sources ?? []).some(Boolean));
}
