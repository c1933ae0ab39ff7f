// The data as it flows: RawRow (a CSV record by canonical field) → Event (accepted, normalised)
// → Aggregate rows. The bulk path runs the same rules in DuckDB; these types describe its results.
import type {Field} from "./layouts.ts";
import type {FamilyField} from "./families.ts";
import type {Reason, ReasonKind} from "./reasons.ts";
import type {Incident} from "./incident.ts";
import type {InputFile} from "./inputs.ts";
import type {DuckDBConnection} from "@duckdb/node-api";

/** One CSV record, reduced to the canonical fields (strings exactly as written). */
export type RawRow = Partial<Record<Field, string>>;

/** One accepted event. */
export interface Event {
  /** Epoch ms, UTC. */
  timestamp: number;
  ip: string;
  country: string;
  sector: string;
  sourceSector: string;
  family: string;
  tag: string;
  hits: number;
}

export interface CountRow {hits: number; unique_ips: number}

export interface HourlyRow extends CountRow {hour: number; country: string; sector: string}
/**
 * The hourly table column by column (row i is entry i of each column): it has 10^5 rows and more, taken from DuckDB's
 * result and written to Arrow without an object per row.
 */
export type HourlyColumns = {readonly [K in keyof HourlyRow]: HourlyRow[K][]};
export interface CountryRow extends CountRow {country: string; iso3: string; iso_numeric: string; name: string; first_seen: number}
export interface SectorRow extends CountRow {sector: string; sector_label: string}
export interface CountrySectorRow extends CountRow {country: string; sector: string}
export interface DailyRow extends CountRow {day: number}

export interface Aggregates {
  hourly: HourlyColumns;
  countries: CountryRow[];
  sectors: SectorRow[];
  countrySectors: CountrySectorRow[];
  daily: DailyRow[];
}

export interface ReasonSummary {count: number; kind: ReasonKind; text: string; examples: string[]}

export interface FileSummary {
  file: string;
  layout: string;
  notes: string[];
  rows_read: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  by_reason: Partial<Record<Reason, number>>;
  /** Parsed rows by the field their family came from (docs/data-schema.md, "Family resolution"). */
  family_fields: Partial<Record<FamilyField, number>>;
}

/** The validation summary: printed by `npm run ingest`, served as validation.json. */
export interface Summary {
  incident: string;
  generated_at_input_hash: string;
  modelled: boolean;
  files: FileSummary[];
  totals: {rows_read: number; accepted: number; rejected: number; invalid: number; filtered: number; duplicates: number};
  by_reason: Partial<Record<Reason, ReasonSummary>>;
  time_range: {first: string | null; last: string | null};
  countries: number;
  unknown_country: CountRow;
  sectors: Record<string, CountRow>;
  /** The incident's families, the rows that matched them, and the commonest values that did not. */
  families: {names: string[]; matched_rows: number; other: Array<{family: string; rows: number}>};
  unique_ips: number;
  hits: number;
  threshold: {invalid_rate: number; max_invalid_rate: number; exceeded: boolean};
  dedupe: boolean;
  /** What input folders held that was not read (sub-folders, other files), with why. */
  skipped: string[];
}

/** What ingest() (loaders/ingest.ts) is asked to do. */
export interface IngestOptions {
  incident: Incident;
  /** CSV files, or folders of them (loaders/inputs.ts). */
  files: InputFile[];
  /**
   * Rows already in DuckDB, scanned after the files with the same rules and accounting: `relation` is anything usable
   * after FROM (`read_parquet([...])`, a table, a subquery), `headers` its columns (a known layout, loaders/layouts.ts),
   * `name` the input's name in messages. Records are numbered in the relation's order.
   */
  relations?: Array<{name: string; relation: string; headers: string[]; path?: string}>;
  /** Hash of inputs + config + code, recorded in the summary. */
  inputHash: string;
  dedupe?: boolean;
  threshold?: number;
  memoryLimit?: string;
  threads?: number;
  tempDirectory?: string;
  /** Also return up to this many accepted events (for the browser benchmark table). */
  eventsLimit?: number;
  log?: (message: string) => void;
  /** Called with each DuckDB connection the run opens (progress.ts watchDuckDb); returns a function that stops watching. */
  watch?: (connection: DuckDBConnection) => Promise<() => void>;
}

export interface EventColumns {
  timestamp: number[]; country: string[]; sector: string[]; family: string[]; hits: number[];
}

export interface IngestResult {summary: Summary; aggregates: Aggregates; events: EventColumns | null}
