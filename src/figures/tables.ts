// What a figure module is given: the site's tables as plain rows (Arrow rows or objects) and the incident.
// Pages pass what they loaded; the module export (src/embed/charts.js) loads the tables a figure lists.
import type {Facts, IncidentConfig} from "../components/state/report-data.js";

export interface CountryRow {country: string; name: string; iso_numeric: string | null; hits: number; unique_ips: number}
export interface ReferenceRow {iso2: string; name?: string; iso_numeric?: string; population_2017: number | null; internet_users_2017: number | null}
export interface HourlyRow {hour: Date | number; country: string; sector: string; hits: number}
export interface SectorRow {sector: string; sector_label: string; hits: number; unique_ips: number}
export interface CountrySectorRow {country: string; sector: string; hits: number; unique_ips: number}
export interface DetectionRow {country: string; detections: number; row_id?: string; source_title?: string; source_date?: string; source_url?: string; verification_status?: string}
export interface World {objects: {countries: {geometries: {id?: string | number; properties?: {name?: string; iso2?: string}}[]}}}
export interface Validation {
  hits: number;
  unique_ips: number;
  countries: number;
  files: {file: string; layout: string; rows_read: number; accepted: number; rejected: number; duplicates: number; by_reason?: Record<string, number>}[];
  totals: {rows_read: number; accepted: number; rejected: number; invalid: number; filtered: number; duplicates: number};
  /** Per reason: rows, kind and meaning, and the first examples as "file:line field: reason (meaning) value". */
  by_reason?: Record<string, {kind: string; count: number; text: string; examples?: string[]}>;
}

/** Every table a figure can ask for, by the name the module export loads it under. */
export interface FigureTables {
  countries: Iterable<CountryRow>;
  reference: Iterable<ReferenceRow>;
  hourly: Iterable<HourlyRow>;
  sectors: Iterable<SectorRow>;
  countrySectors: Iterable<CountrySectorRow>;
  world: World;
  validation: Validation;
  /** Published rows by table (published.json: only the tables the incident cites). */
  facts: Facts;
  proofDetections: Iterable<DetectionRow>;
  /** When hourly.arrow was built (ms since the epoch), for the data page's source line. */
  hourlyBuilt: number;
}

export type TableName = keyof FigureTables;

/** A figure module: (tables, selections, incident) → Figure. */
export type FigureBuilder<S, T extends TableName> = (tables: Pick<FigureTables, T>, selections: S, incident: IncidentConfig) => import("./types.js").Figure;

/** The source line of charts drawn from one pipeline file. */
export function pipelineSource(file: string, modelled: boolean, extra = ""): string {
  return `Incident Atlas pipeline (${file}${modelled ? ", modelled" : ""})${extra}`;
}
