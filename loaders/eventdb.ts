// IntelMQ EventDB input: the `events` table as IntelMQ's `intelmq_psql_initdb` creates it (one column per
// harmonization field, e.g. "time.source" timestamp with time zone, "source.ip" inet, "source.geolocation.cc"
// varchar(2), "malware.name" text, "classification.identifier" text, "extra" json; "id" BIGSERIAL). Its rows are read
// in id order through a server-side cursor, in batches, inside a read-only transaction, and written as a CSV in the
// normalised events layout (layouts.ts), so that they go through exactly the same validation and accounting as a
// file (sources.ts). Each row's event id goes to a side file, so that rejects can be named by id. Credentials come
// from the environment only: a connection string may name an environment variable ("env:NAME"), and libpq's PG*
// variables (PGHOST, PGUSER, PGPASSWORD, PGDATABASE, PGPORT) fill in whatever it leaves out.
import {createWriteStream, type WriteStream} from "node:fs";
// pg is loaded when a database is read, not at start-up (its module start creates a Response, which loads Node's fetch).
import type pg from "pg";
import {InputError} from "./errors.ts";
import {LAYOUTS, type Field} from "./layouts.ts";
import type {Progress} from "./progress.ts";

export interface EventDbSource {
  /** A postgres:// or postgresql:// URL, "env:NAME" (the URL is in that environment variable), or "" (PG* variables only). */
  connection: string;
  /** An SQL condition on the table's columns, run as given (use a read-only role). */
  where?: string;
  /** The table, optionally schema-qualified; default "events". */
  table?: string;
}

export const EVENTS_TABLE = "events";

/** Batch size of the cursor. */
export const BATCH_ROWS = 10_000;

/** The column of IntelMQ's JSON field of extra keys. */
const EXTRA = "extra";

/** Where a value is read in an IntelMQ event: a column of the table, or a key of its "extra" JSON. */
type Origin = {column: string} | {extra: string};

interface FieldMapping {
  field: Field;
  /** Where the value comes from: the first origin with a non-empty value wins. */
  from: readonly Origin[];
  /** The SQL that writes one origin's value (an SQL expression) as text; default: cast to text. */
  text?: (value: string) => string;
}

/**
 * The one mapping from an IntelMQ event to the normalised columns, in the layout's column order: eventSelectSql
 * writes it as SQL, EVENTDB_FIELDS as the names rejects give, EVENTDB_COLUMNS as the columns checked.
 * - timestamp: "time.source" in UTC, "YYYY-MM-DD HH:MM:SS" (ISO 8601 with its fraction and Z when it has one);
 * - ip: "source.ip" without its /32 or /128 (an address with a shorter mask is a network, and is written with it);
 * - naics and sector: extra's "source.naics" / "source.sector" (IntelMQ's Shadowserver parser), else the legacy keys;
 * - family: "malware.name", else "classification.identifier";
 * - hits: extra's "count" (legacy botnet_drone reports; empty counts as 1, as in a file).
 */
const EVENTDB_MAPPING: readonly FieldMapping[] = [
  {field: "timestamp", from: [{column: "time.source"}], text: (v) => {
    const utc = `${v} AT TIME ZONE 'UTC'`;
    return `CASE WHEN extract(microseconds FROM ${v}) % 1000000 = 0 THEN to_char(${utc}, 'YYYY-MM-DD HH24:MI:SS')
      ELSE to_char(${utc}, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') END`;
  }},
  {field: "ip", from: [{column: "source.ip"}], text: (v) => `CASE WHEN masklen(${v}) = CASE family(${v}) WHEN 4 THEN 32 ELSE 128 END THEN host(${v}) ELSE ${v}::text END`},
  {field: "country", from: [{column: "source.geolocation.cc"}]},
  {field: "naics", from: [{extra: "source.naics"}, {extra: "naics"}]},
  {field: "sector", from: [{extra: "source.sector"}, {extra: "sector"}]},
  {field: "family", from: [{column: "malware.name"}, {column: "classification.identifier"}]},
  {field: "hits", from: [{extra: "count"}]}
];

/** Each mapping with its column in the normalised events layout (the header the rows are written under). */
const NORMALISED = LAYOUTS.find((l) => l.id === "normalised-events")?.columns;
const MAPPED = EVENTDB_MAPPING.map((m) => {
  const name = NORMALISED?.[m.field];
  if (name === undefined) throw new Error(`layouts.ts: the normalised-events layout has no column for ${m.field}`);
  return {...m, name};
});

/** The CSV header the rows are written under, in the order the query gives its columns. */
export const EVENTDB_HEADER: readonly string[] = MAPPED.map((m) => m.name);

/** The IntelMQ columns read (all created by intelmq_psql_initdb): "id", the mapped columns, then "extra". */
export const EVENTDB_COLUMNS: readonly string[] = [
  "id", ...new Set(EVENTDB_MAPPING.flatMap((m) => m.from.flatMap((o) => ("column" in o ? [o.column] : [])))),
  ...(EVENTDB_MAPPING.some((m) => m.from.some((o) => "extra" in o)) ? [EXTRA] : [])
];

const q = (name: string): string => `"${name.replaceAll('"', '""')}"`;
const literal = (text: string): string => `'${text.replaceAll("'", "''")}'`;
const originSql = (o: Origin): string => ("column" in o ? q(o.column) : `(${q(EXTRA)}::json ->> ${literal(o.extra)})`);
const originName = (o: Origin): string => ("column" in o ? o.column : `${EXTRA}.${o.extra}`);

/** The select that maps an IntelMQ event to the normalised columns (EVENTDB_MAPPING), every value as text ('' when none). */
export function eventSelectSql(table: string, where: string | undefined): string {
  const columns = MAPPED.map((m) => {
    const text = m.text ?? ((v: string) => `${v}::text`);
    // An empty value falls through to the next origin; the last one's is ''.
    const values = m.from.map((o, k) => (k < m.from.length - 1 ? `nullif(${text(originSql(o))}, '')` : text(originSql(o))));
    return `coalesce(${[...values, "''"].join(", ")}) AS ${q(m.name)}`;
  });
  return `SELECT "id"::text AS id,
    ${columns.join(",\n    ")}
  FROM ${table}${where === undefined || where.trim() === "" ? "" : ` WHERE (${where})`}
  ORDER BY "id"`;
}

/** The EventDB column(s) or extra's key(s) each normalised column comes from ("malware.name/classification.identifier"): rejects name these. */
export const EVENTDB_FIELDS: Readonly<Record<string, string>> = Object.fromEntries(MAPPED.map((m) => [m.name, m.from.map(originName).join("/")]));

/** The connection string a source names: "env:NAME" is read from the environment; other text is taken as given. */
export function resolveConnection(spec: string, env: NodeJS.ProcessEnv = process.env): string {
  if (spec.startsWith("env:")) {
    const name = spec.slice(4);
    const value = env[name];
    if (value === undefined || value === "") throw new InputError(`eventdb (${spec})`, null, null, `the environment variable ${name} is not set: put the connection string in it`);
    return value;
  }
  return spec;
}

/** Parses a connection string enough to check it and to name it without its credentials. */
export function describeConnection(url: string): {host: string; database: string} {
  if (url === "") return {host: process.env.PGHOST ?? "localhost", database: process.env.PGDATABASE ?? process.env.PGUSER ?? ""};
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError("eventdb", null, null, "bad connection string: expected postgresql://[user@]host[:port]/database (credentials in the environment)");
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new InputError("eventdb", null, null, `bad connection string: the scheme is "${parsed.protocol}", expected postgresql://[user@]host[:port]/database`);
  }
  const socket = parsed.searchParams.get("host");
  const host = socket ?? (parsed.host === "" ? "localhost" : parsed.host);
  return {host, database: decodeURIComponent(parsed.pathname.replace(/^\//, ""))};
}

/** The name an EventDB source has in the summary and in messages: "eventdb:host/database/table", never credentials. */
export function eventDbName(source: EventDbSource): string {
  const {host, database} = describeConnection(resolveConnection(source.connection));
  return `eventdb:${host}/${database}/${source.table ?? EVENTS_TABLE}`;
}

/** A connected client (errors name the source and say what failed). */
export async function connectEventDb(source: EventDbSource): Promise<pg.Client> {
  const url = resolveConnection(source.connection);
  const name = eventDbName(source);
  const {default: postgres} = await import("pg");
  const client = new postgres.Client({...(url === "" ? {} : {connectionString: url}), connectionTimeoutMillis: 15_000, application_name: "incident-atlas"});
  // A dropped connection is reported by the query that was waiting on it, not as an uncaught event.
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw new InputError(name, null, null, `cannot connect to the database: ${(error as Error).message}`);
  }
  return client;
}

/** Checks the table and the columns read; throws an InputError naming the missing table or column. */
export async function checkEventsTable(client: pg.Client, source: EventDbSource): Promise<string> {
  const name = eventDbName(source);
  const table = source.table ?? EVENTS_TABLE;
  const parts = table.split(".");
  if (parts.length > 2 || parts.some((p) => !/^[A-Za-z_][A-Za-z0-9_$]*$/.test(p))) {
    throw new InputError(name, null, null, `bad table name ${JSON.stringify(table)}: expected a name such as events or schema.events`);
  }
  const [schema, relation] = parts.length === 2 ? parts : [null, parts[0] ?? ""];
  const found = await client.query<{column_name: string}>(
    `SELECT column_name FROM information_schema.columns WHERE table_name = $1 AND table_schema = coalesce($2, current_schema())`, [relation, schema]);
  if (found.rows.length === 0) {
    throw new InputError(name, null, null, `no table ${table} in the database (expected IntelMQ's events table, as intelmq_psql_initdb creates it)`);
  }
  const have = new Set(found.rows.map((r) => r.column_name));
  const missing = EVENTDB_COLUMNS.filter((c) => !have.has(c));
  if (missing.length > 0) {
    throw new InputError(name, null, missing[0] ?? null, `table ${table} has no column(s) ${missing.map((c) => `"${c}"`).join(", ")} (an IntelMQ events table, as intelmq_psql_initdb creates it, has them)`);
  }
  return parts.map(q).join(".");
}

/** A CSV field: quoted when it holds a comma, a quote or a line break. */
export const csvField = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await new Promise<void>((resolve) => stream.once("drain", () => resolve()));
}

async function close(stream: WriteStream): Promise<void> {
  await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

/** A cheap fingerprint of what the source would read (row count, last id, last time): changes when the rows do. */
export async function eventDbFingerprint(source: EventDbSource): Promise<string> {
  const client = await connectEventDb(source);
  try {
    const table = await checkEventsTable(client, source);
    const where = source.where === undefined || source.where.trim() === "" ? "" : ` WHERE (${source.where})`;
    const r = await client.query<{n: string; id: string | null; t: string | null}>(
      `SELECT count(*)::text AS n, max("id")::text AS id, max("time.source")::text AS t FROM ${table}${where}`);
    const row = r.rows[0];
    return `${eventDbName(source)} ${source.where ?? ""} ${row?.n}/${row?.id}/${row?.t}`;
  } catch (error) {
    throw error instanceof InputError ? error : new InputError(eventDbName(source), null, null, `query failed: ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Streams the source's events into `csv` (normalised events layout) and their ids into `ids` (one a line, same
 * order). Returns the number of rows.
 */
export async function eventDbToCsv(source: EventDbSource, csv: string, ids: string, progress?: Progress): Promise<number> {
  const name = eventDbName(source);
  const client = await connectEventDb(source);
  const out = createWriteStream(csv);
  const idOut = createWriteStream(ids);
  let n = 0;
  let bytes = 0;
  try {
    const table = await checkEventsTable(client, source);
    if (progress !== undefined && (source.where === undefined || source.where.trim() === "")) {
      const estimate = await client.query<{n: number}>(`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = to_regclass($1)`, [table]);
      const rows = Number(estimate.rows[0]?.n ?? -1);
      progress.totalRows = rows > 0 ? rows : null;
    }
    await client.query("BEGIN TRANSACTION READ ONLY");
    const header = EVENTDB_HEADER.join(",") + "\n";
    await write(out, header);
    bytes += header.length;
    const {default: Cursor} = await import("pg-cursor");
    const cursor = client.query(new Cursor<string[]>(eventSelectSql(table, source.where), [], {rowMode: "array"}));
    for (;;) {
      let batch: string[][];
      try {
        batch = await cursor.read(BATCH_ROWS);
      } catch (error) {
        throw new InputError(name, null, null, `query failed${source.where === undefined ? "" : ` (where ${JSON.stringify(source.where)})`}: ${(error as Error).message}`);
      }
      if (batch.length === 0) break;
      let text = "";
      let idText = "";
      for (const row of batch) {
        idText += `${row[0]}\n`;
        text += row.slice(1).map(csvField).join(",") + "\n";
      }
      await write(out, text);
      await write(idOut, idText);
      n += batch.length;
      bytes += Buffer.byteLength(text);
      progress?.update(n, bytes);
    }
    await cursor.close();
    await client.query("COMMIT");
    return n;
  } finally {
    await Promise.all([close(out), close(idOut)]);
    await client.end().catch(() => {});
  }
}
