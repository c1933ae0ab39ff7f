// How DuckDB reads an input file, shared by both ingestion paths: the read_csv call (every column as text,
// strict parsing, structural errors into a rejects table), column references for the canonical fields, the
// SQL forms of the timestamp, IP and hits rules, and small helpers to run queries.
import {DuckDBTypeId, type DuckDBConnection} from "@duckdb/node-api";
import type {Preflight} from "./preflight.ts";
import {columnFor, type Field} from "./layouts.ts";
import {FAMILY_FIELDS, type FamilyField} from "./families.ts";
import {ISO_Z_FORM} from "./timestamp.ts";
import {IPV4_FORM, IPV6_FORM} from "./ip.ts";
import {reasonFromDuckDb, type Reason} from "./reasons.ts";
import {MAX_LINE_BYTES, type StructuralReject} from "./lines.ts";
import {literalPath} from "./inputs.ts";

export const sqlString = (s: string): string => `'${s.replaceAll("'", "''")}'`;
export const ident = (s: string): string => `"${s.replaceAll('"', '""')}"`;
export const num = (v: unknown): number => (typeof v === "bigint" ? Number(v) : Number(v ?? 0));
export const str = (v: unknown): string => (v === null || v === undefined ? "" : String(v));

export type Row = Record<string, unknown>;

const PROFILE = process.env.ATLAS_PROFILE === "1";
const profile = (started: number, sql: string): void => {
  if (PROFILE) process.stderr.write(`  ${(performance.now() - started).toFixed(0)} ms: ${sql.replace(/\s+/g, " ").slice(0, 90)}\n`);
};

/** Result rows as objects (converted column by column: several times faster than row by row). */
export async function rows(connection: DuckDBConnection, sql: string): Promise<Row[]> {
  const started = performance.now();
  const reader = await connection.runAndReadAll(sql);
  const columns = Object.entries(reader.getColumnsObjectJS());
  const out: Row[] = Array.from({length: reader.currentRowCount}, () => ({}));
  for (const [name, values] of columns) values.forEach((value, i) => { (out[i] as Row)[name] = value; });
  profile(started, sql);
  return out;
}

/** Column types columns() reads: numbers, text and ENUMs (read as their text). */
const PLAIN_TYPES = new Set([DuckDBTypeId.DOUBLE, DuckDBTypeId.INTEGER, DuckDBTypeId.UTINYINT, DuckDBTypeId.VARCHAR, DuckDBTypeId.ENUM]);

export type Columns = Record<string, Array<number | string | null>>;

/**
 * Result columns by name, read straight from DuckDB's vectors: for results of plain numbers, text and ENUMs,
 * several times faster than rows() for tens of thousands of rows (an ENUM value is an array lookup). `executed` is
 * called once DuckDB has computed the result, before this thread reads it.
 */
export async function columns(connection: DuckDBConnection, sql: string, executed?: () => void): Promise<Columns> {
  const started = performance.now();
  const result = await connection.run(sql);
  executed?.();
  const names = result.columnNames();
  const rowCount = result.rowCount;
  const out: Columns = {};
  for (const [i, name] of names.entries()) {
    if (!PLAIN_TYPES.has(result.columnTypeId(i))) throw new Error(`columns(): column ${name} has type ${result.columnTypeId(i)}, not a plain number, text or ENUM`);
    // Sized once: arrays grown value by value leave their outgrown copies to the collector (10^5 rows and more).
    out[name] = new Array<number | string | null>(rowCount).fill(null);
  }
  // Chunk by chunk: each await lets queries on other connections go on (their results are handled in between).
  let offset = 0;
  for (let chunk = await result.fetchChunk(); chunk !== null && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const count = chunk.rowCount; // a native getter: read it once
    for (const [i, name] of names.entries()) {
      const vector = chunk.getColumnVector(i);
      const values = out[name] as Array<number | string | null>;
      for (let r = 0; r < count; r++) values[offset + r] = vector.getItem(r) as number | string | null;
    }
    offset += count;
  }
  if (offset !== rowCount) throw new Error(`columns(): read ${offset} of ${rowCount} rows`);
  profile(started, sql);
  return out;
}

export async function exec(connection: DuckDBConnection, sql: string): Promise<void> {
  const started = performance.now();
  await connection.run(sql);
  profile(started, sql);
}

/** The quoted column a layout uses for a field, or null when the file has no such column. */
export function column(pre: Preflight, field: Field): string | null {
  const name = columnFor(pre.layout, field);
  if (name === undefined) return null;
  const actual = pre.headers.find((h) => h.trim().toLowerCase() === name);
  return actual === undefined ? null : ident(actual);
}

/**
 * How a reject names a rule's field: the file's own column ("count", "src_geo", not "hits", "country"), the family
 * columns as familyField() lists them; a field the layout has no column for keeps its name.
 */
export function fieldLabel(pre: Preflight, field: string): string {
  if (field === "family" || pre.layout.familyFields.some((f) => f === field)) return familyField(pre);
  const name = columnFor(pre.layout, field as Field);
  return pre.headers.find((h) => h.trim().toLowerCase() === name)?.trim() ?? field;
}

/** A field as text, "" when empty or absent. */
export function text(pre: Preflight, field: Field): string {
  const c = column(pre, field);
  return c === null ? "''" : `coalesce(${c}, '')`;
}

/** The layout's family columns present in the file, in the order they win (families.ts). */
function familyColumns(pre: Preflight): Array<{field: FamilyField; code: number; raw: string; column: string}> {
  return pre.layout.familyFields.flatMap((field) => {
    const c = column(pre, field);
    return c === null ? [] : [{field, code: FAMILY_FIELDS.indexOf(field), raw: c, column: `trim(${c})`}];
  });
}

/** Whether a text is one of the values (comparisons: a long IN list would become a join). */
export function oneOfSql(text: string, values: string[]): string {
  return values.length === 0 ? "false" : `(${values.map((v) => `${text} = ${sqlString(v)}`).join(" OR ")})`;
}

/**
 * The test of the family fast path: the first family field holds one of `names` exactly (names with no white space
 * at either end, so trimming would not change them), or null when there is no fast path.
 */
function familyFast(pre: Preflight, names: string[]): {test: string; raw: string; code: number} | null {
  const first = familyColumns(pre)[0];
  const plain = names.filter((n) => /^\S(.*\S)?$/su.test(n));
  return first === undefined || plain.length === 0 ? null : {test: oneOfSql(first.raw, plain), raw: first.raw, code: first.code};
}

/**
 * The family text: the first non-empty of the layout's family fields (trimmed), or ''. With `names` (the incident's
 * names as written), a first field holding one of them is taken as it is: the common row trims no field.
 */
export function familyText(pre: Preflight, names: string[] = []): string {
  const cols = familyColumns(pre);
  // One reference per column: DuckDB inlines this expression wherever `fam` is used.
  const text = `coalesce(${[...cols.map((c) => `nullif(${c.column}, '')`), "''"].join(", ")})`;
  const fast = familyFast(pre, names);
  return fast === null ? text : `CASE WHEN ${fast.test} THEN ${fast.raw} ELSE ${text} END`;
}

/** Which field the family text came from: its index in FAMILY_FIELDS (UTINYINT), NULL when all are empty. `names` as for familyText. */
export function familySource(pre: Preflight, names: string[] = []): string {
  const cols = familyColumns(pre);
  const fast = familyFast(pre, names);
  return cols.length === 0 ? "NULL::UTINYINT"
    : `CASE ${fast === null ? "" : `WHEN ${fast.test} THEN ${fast.code} `}${cols.map((c) => `WHEN ${c.column} <> '' THEN ${c.code}`).join(" ")} END::UTINYINT`;
}

/**
 * read_csv over one file, or over several with the same header (`files`): every column as text, strict quoting,
 * unparseable records into `<rejects>`; each row's `file_index` is its file's position in `files`. Buffers of 1 MiB
 * (the longest line) rather than DuckDB's default, which is many times larger: more, smaller parts for its threads to
 * share (the scan's read over the 1M-row modelled file took 547 against 601 ms, nine fresh databases each, 4 Dec), and
 * a read that stops after its first rows (the examples' LIMIT) parses less before the first row is returned. A line
 * longer than a buffer may be dropped without a word; lines.ts accountLines finds it.
 */
export function csvSource(pre: Preflight, rejects: string, files: string[] = [pre.path]): string {
  const columns = pre.headers.map((h) => `${sqlString(h)}: 'VARCHAR'`).join(", ");
  return `read_csv([${files.map((f) => sqlString(literalPath(f))).join(", ")}], header=true, auto_detect=false, columns={${columns}},
      compression=${pre.gzip ? "'gzip'" : "'none'"}, delim=',', quote='"', escape='"', strict_mode=true, null_padding=false, all_varchar=true,
      store_rejects=true, rejects_table=${sqlString(rejects)}, rejects_scan=${sqlString(`${rejects}_scan`)}, max_line_size=${MAX_LINE_BYTES},
      buffer_size=${MAX_LINE_BYTES})`;
}

/** A TIMESTAMP literal of a UTC ISO 8601 time from the config ("2017-05-12T00:00:00Z"). */
export const timestampLiteral = (iso: string): string => `${sqlString(iso.replace("T", " ").replace("Z", ""))}::TIMESTAMP`;

/** SPACE_FORM as GLOB patterns (a GLOB matches the whole text), one per range of hours: 00–19, 20–23. */
const D = "[0-9]";
const SPACE_GLOBS = ["[01][0-9]", "2[0-3]"].map((hour) => `${D.repeat(4)}-${D.repeat(2)}-${D.repeat(2)} ${hour}:[0-5]${D}:[0-5]${D}`);

/**
 * The timestamp rule (timestamp.ts) over a text expression: a TIMESTAMP, or NULL when the text breaks it. The common
 * form is tested by GLOB, which costs about half the regex (a test checks both forms accept the same texts).
 */
export function timestampSql(t: string): string {
  return `CASE ${SPACE_GLOBS.map((g) => `WHEN ${t} GLOB ${sqlString(g)} THEN try_cast(${t} AS TIMESTAMP)`).join(" ")}
    WHEN ${t} LIKE '%Z' AND regexp_full_match(${t}, ${sqlString(ISO_Z_FORM)}) THEN try_cast(replace(rtrim(${t}, 'Z'), 'T', ' ') AS TIMESTAMP) END`;
}

/**
 * The IP rule (ip.ts): true for an IPv4 or IPv6 address. A CASE, not OR/AND: DuckDB evaluates the IPv6 test only
 * for the texts the IPv4 test rejects (as OR it cost 63 against 37 ms over 1M texts, 3 Dec).
 */
export function ipSql(ip: string): string {
  return `CASE WHEN regexp_full_match(${ip}, ${sqlString(IPV4_FORM)}) THEN true WHEN contains(${ip}, ':') THEN regexp_full_match(${ip}, ${sqlString(IPV6_FORM)})
    ELSE false END`;
}

/** The hits rule over trimmed text: empty → 1, a whole number 1–2,147,483,647, else NULL (one digit without a regex). */
export function hitsSql(h: string): string {
  return `CASE WHEN ${h} = '' OR ${h} = '1' THEN 1 WHEN strlen(${h}) = 1 AND ${h} BETWEEN '1' AND '9' THEN ascii(${h}) - 48
    WHEN regexp_full_match(${h}, '[0-9]{1,10}') AND try_cast(${h} AS BIGINT) BETWEEN 1 AND 2147483647 THEN ${h}::INTEGER END`;
}

/** trim(text) without trimming a text of one byte other than a space (the only one byte DuckDB's trim removes). */
export const trimSql = (text: string): string => `CASE WHEN strlen(${text}) <= 1 AND ${text} <> ' ' THEN ${text} ELSE trim(${text}) END`;

/**
 * The row-level rules in the order they apply (the first that applies is the row's reason), as SQL over the columns
 * t, ts, ip, fam, hraw and hits of a parsed row. Both ingestion paths classify rows with these; the normalisation
 * rules (country, NAICS, family, window) come after them.
 */
export function rowRules(familyField: string): Array<{reason: Reason; field: string; when: string; value: string}> {
  return [
    {reason: "missing_field", field: "timestamp", when: "t = ''", value: "left(t, 60)"},
    {reason: "bad_timestamp", field: "timestamp", when: "ts IS NULL", value: "left(t, 60)"},
    {reason: "missing_field", field: "ip", when: "ip = ''", value: "left(ip, 60)"},
    {reason: "bad_ip", field: "ip", when: `NOT ${ipSql("ip")}`, value: "left(ip, 60)"},
    {reason: "missing_field", field: familyField, when: "fam = ''", value: "''"},
    {reason: "bad_number", field: "hits", when: "hits IS NULL", value: "left(hraw, 60)"}
  ];
}

/** The name of the family field in messages: the layout's family columns present, e.g. "infection/family/tag". */
export const familyField = (pre: Preflight): string => familyColumns(pre).map((c) => c.field).join("/") || "family";

/** Records DuckDB could not parse (one per line, with the reason). */
export async function structuralRejects(connection: DuckDBConnection, rejects: string): Promise<StructuralReject[]> {
  const errors = await rows(connection, `SELECT line, min(error_type) AS error_type, min(error_message) AS message
    FROM ${rejects} GROUP BY line ORDER BY line`);
  return errors.map((e) => ({line: num(e.line), reason: reasonFromDuckDb(str(e.error_type)), message: str(e.message)}));
}
