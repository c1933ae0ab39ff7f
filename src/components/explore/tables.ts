// The tables of the Explore page and of pages saved from it, set up the same way in both: shipped Arrow files with
// their UTC timestamps made plain, and the incident's configuration (kill-switch window, key events) as two small
// tables created with SQL literals (Arrow's builders need eval, which the CSP forbids); and the row count the
// engine's status line gives for the tables the page lists.
import {DataType, Table, Timestamp, makeVector} from "npm:apache-arrow";

/** Timestamps are UTC. DuckDB-WASM has no time-zone extension offline, so zoned columns become plain (UTC) ones. */
export function utcTimestamps(table: Table): Table {
  const zoned = (type: DataType) => DataType.isTimestamp(type) && Boolean((type as Timestamp).timezone);
  if (!table.schema.fields.some((f) => zoned(f.type))) return table;
  return new Table(
    Object.fromEntries(
      table.schema.fields.map((f) => {
        const vector = table.getChild(f.name)!;
        return [f.name, zoned(f.type) ? makeVector(vector.data.map((d) => d.clone(new Timestamp((f.type as Timestamp).unit)))) : vector];
      })
    )
  );
}

/** What configurationSql needs of incident.json. */
export interface IncidentConfig {
  kill_switch?: {start: string; end: string; note?: string} | null;
  key_events?: {at: string; label: string; event_id: string | null}[];
}

/** The configuration tables' names, for the table panel and for saved pages. */
export const CONFIGURATION_TABLES = ["kill_switch", "key_events"] as const;

/** SQL statements that create `kill_switch` (when the incident has one) and `key_events`. */
export function configurationSql(incident: IncidentConfig): string[] {
  const text = (v: string | null | undefined) => (v == null ? "NULL" : `'${String(v).replaceAll("'", "''")}'`);
  const time = (v: string) => `TIMESTAMP '${new Date(v).toISOString().replace("T", " ").replace("Z", "")}'`;
  const k = incident.kill_switch;
  const events = incident.key_events ?? [];
  return [
    ...(k ? ["CREATE TABLE kill_switch (window_start TIMESTAMP, window_end TIMESTAMP, note VARCHAR)", `INSERT INTO kill_switch VALUES (${time(k.start)}, ${time(k.end)}, ${text(k.note ?? "")})`] : []),
    "CREATE TABLE key_events (at TIMESTAMP, label VARCHAR, event_id VARCHAR)",
    ...(events.length ? [`INSERT INTO key_events VALUES ${events.map((e) => `(${time(e.at)}, ${text(e.label)}, ${text(e.event_id)})`).join(", ")}`] : [])
  ];
}

/** One query counting the rows of `tables` together (column `rows`, a DOUBLE), for the engine's status line. */
export function rowCountSql(tables: readonly string[]): string {
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  if (!tables.length) return "SELECT 0::DOUBLE AS rows";
  return `SELECT sum(n)::DOUBLE AS rows FROM (${tables.map((t) => `SELECT count(*) AS n FROM ${quote(t)}`).join(" UNION ALL ")})`;
}
