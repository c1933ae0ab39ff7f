// The ingestion pipeline: one parallel DuckDB pass over all inputs classifies every row with SQL forms of the rules
// (generated from the same data tables and TS normalisers, see rules-sql.ts) into a narrow table `scanned`; then the
// aggregates on a second connection and, while their result is read, the checks (the aggregates are computed again
// only if these change rows), the accounting and a streaming pass per reason that stops at the first examples.
// Inputs with the same header are read by one read_csv over their list of files.
// What the wide read cannot decide is settled in the same pipeline, file by file, by reading the file again whole
// ("full": every column, rows numbered in file order, a whole-row hash):
//   - a file that is not valid UTF-8 throughout (DuckDB only validates the columns it reads): its bad records
//     become `invalid_utf8` rejects;
//   - possible duplicates (two accepted rows with one fingerprint of timestamp, IP, ports and row id): the whole-row
//     hash counts exact duplicates, and `dedupe` rejects all but the first;
//   - a value on which the SQL form and the TS rule disagree: the TS rule decides (rows re-classified from it);
//   - events in time order (`eventsLimit`).
// The staged path (test/oracle/staged.ts) is an independent implementation the tests compare against.
import type {DuckDBConnection, DuckDBInstance} from "@duckdb/node-api";
import type {Preflight} from "./preflight.ts";
import {normaliseCountry} from "./country.ts";
import {normaliseSector} from "./sector.ts";
import type {Incident} from "./incident.ts";
import {FAMILY_FIELDS, matchFamily, type FamilyField} from "./families.ts";
import {aggregate} from "./aggregate.ts";
import {buildSummary, type FileCounts, type OtherFamily, type RejectExample} from "./summary.ts";
import {accountLines, fileFacts, lineEndings, nonRecordLines, recordLine, type LineFacts, type StructuralReject} from "./lines.ts";
import {column, csvSource, exec, familyField, fieldLabel, familySource, familyText, hitsSql, ident, num, rowRules, rows, sqlString, str, text,
  timestampLiteral, timestampSql, trimSql, type Row} from "./read.ts";
import {countrySql, familyExactSql, familyMatchSql, familyNames, naicsDigitsSql, sectorSql} from "./rules-sql.ts";
import {reasonFromDuckDb, type Reason} from "./reasons.ts";
import {InputError} from "./errors.ts";
import {canonicalIp} from "./ip.ts";
import type {EventColumns, IngestOptions, IngestResult} from "./types.ts";

/** Examples kept per reason. */
export const MAX_EXAMPLES = 20;

/** How many of the most common non-matching families the summary lists. */
export const OTHER_FAMILIES = 10;

/**
 * One input of the scan: a CSV file (its pre-flight), or, with `relation`, rows that are already in DuckDB: any
 * relation usable after FROM (`read_parquet([...])`, a table, a subquery) whose columns are `headers` (cast to
 * text here, so the same rules apply). A relation has no structural rejects; its rows are records 1, 2, … (line =
 * record + 1, as for a CSV with a header), in the relation's order.
 */
export type ScanSource = Preflight & {relation?: string};

type Rule = {reason: Reason; field: string; when: string; value: string};

/**
 * Every reason a parsed row can get, in the order the rules apply (the first that applies wins): the row rules
 * (read.ts), then the normalisation rules, then duplicates (only with de-duplication on, set after the scan).
 * Reason codes are positions in this list (1-based), the same for every file.
 */
function reasonCodes(pre: Preflight | null): Rule[] {
  return [
    ...rowRules(pre === null ? "family" : familyField(pre)),
    {reason: "bad_country", field: "country", when: "iso2 IS NULL", value: "left(trim(geo), 60)"},
    {reason: "bad_naics", field: "naics", when: "sector IS NULL", value: "left(trim(naics), 60)"},
    {reason: "other_family", field: "family", when: "NOT fam_ok", value: "left(fam, 60)"},
    {reason: "outside_window", field: "timestamp", when: "NOT in_window", value: "strftime(ts, '%Y-%m-%d %H:%M:%S')"},
    {reason: "duplicate", field: "timestamp", when: "false", value: "strftime(ts, '%Y-%m-%d %H:%M:%S')"}
  ];
}
const BAD_COUNTRY = rowRules("").length + 1, BAD_NAICS = BAD_COUNTRY + 1, OTHER_FAMILY = BAD_COUNTRY + 2, OUTSIDE_WINDOW = BAD_COUNTRY + 3,
  DUPLICATE = BAD_COUNTRY + 4;
const REASON_BY_CODE = reasonCodes(null).map((r) => r.reason);
const reasonOf = (code: number): Reason | undefined => REASON_BY_CODE[code - 1];

/** The reasons in the order their rules apply (tests check it against reasons.ts). */
export const RULE_ORDER: readonly Reason[] = REASON_BY_CODE;

/**
 * Columns that tell events of one IP in one second apart (ports, row ids). The duplicate fingerprint hashes them
 * with the timestamp and IP: exact duplicates always share it, and distinct events rarely do (then the file is read whole).
 */
const FINGERPRINT_COLUMNS = new Set(["port", "src_port", "id"]);

/**
 * The key in `scanned` of the input each row comes from: a 64-bit hash of its path (checked one-to-one in fileKeys()).
 * A constant for one input; for several, the keys listed in read_csv's file order, picked by its `file_index`
 * (hashing the `filename` column instead cost 25 ms at 1M rows, 3 Dec).
 */
function fileKeySql(group: ScanSource[]): string {
  const keys = group.map((p) => `hash(${sqlString(p.path)})`);
  return keys.length === 1 ? keys[0]! : `[${keys.join(", ")}][file_index::BIGINT + 1]`;
}

/** FROM clause for a group of inputs with the same header (one read_csv over their files), or a relation. */
function fromSql(group: ScanSource[], rejects: string): string {
  const first = group[0]!;
  if (first.relation !== undefined) {
    return `(SELECT ${first.headers.map((h) => `${ident(h)}::VARCHAR AS ${ident(h)}`).join(", ")} FROM ${first.relation})`;
  }
  return csvSource(first, rejects, group.map((p) => p.path));
}

/**
 * How an input is read: "wide" (with others of the same header, only the columns the rules need), "numbered" (one
 * input, rows numbered in file order with their example value: the examples pass) or "full" (numbered, and every
 * column read, with a whole-row hash h and the canonical family).
 */
export type ReadMode = "wide" | "numbered" | "full";

/**
 * The raw fields of a group of inputs as the rules read them (text, the family field and its source, the trimmed
 * hits text, the duplicate fingerprint fp and, when full, the whole-row hash h), before any rule: the read that
 * classifySql classifies. `npm run bench:pipeline -- --phases` times it alone to tell reading from the rules.
 */
export function rawFieldsSql(group: ScanSource[], options: IngestOptions, rejects: string, mode: ReadMode): string {
  const full = mode === "full";
  const pre = group[0]!;
  const fingerprint = [...(["timestamp", "ip"] as const).map((f) => column(pre, f)).filter((c) => c !== null),
    ...pre.headers.filter((h) => FINGERPRINT_COLUMNS.has(h.trim().toLowerCase())).map(ident)];
  const names = familyNames(options.incident.family_specs); // the family fast path (familyText)
  return `SELECT ${fileKeySql(group)} AS file_id, ${text(pre, "timestamp")} AS t, ${text(pre, "ip")} AS ip, ${text(pre, "country")} AS geo,
        ${text(pre, "naics")} AS naics, ${text(pre, "sector")} AS src_sector, ${familyText(pre, names)} AS fam, ${familySource(pre, names)} AS fam_src,
        ${trimSql(text(pre, "hits"))} AS hraw, hash(${fingerprint.join(", ")}) AS fp${full ? `, hash(${pre.headers.map(ident).join(", ")}) AS h` : ""}
      FROM ${fromSql(group, rejects)}`;
}

/** The rows of a group of inputs with the raw fields, the rule results and the reason code (NULL = accepted). */
export function classifySql(group: ScanSource[], options: IngestOptions, rejects: string, mode: ReadMode): string {
  const full = mode === "full";
  const pre = group[0]!;
  const {incident} = options;
  const rules = reasonCodes(pre);
  const classified = `
  SELECT file_id, t, ip, ts, hraw, hits, fp, geo, naics, fam, fam_src, src_sector, iso2, sector, in_window,
    fam_exact AND naics_digits AS exact, ${full ? "h" : "NULL::UBIGINT AS h"},
    CASE ${rules.map((r, i) => `WHEN ${r.when} THEN ${i + 1}`).join(" ")} END AS why
  FROM (
    SELECT *, ${hitsSql("hraw")} AS hits, ${countrySql("geo")} AS iso2,
      ts >= ${timestampLiteral(incident.window.start)} AND ts < ${timestampLiteral(incident.window.end)} AS in_window,
      ${sectorSql("naics", "src_sector", "naics_digits")} AS sector,
      CASE WHEN fam_exact THEN true ELSE ${familyMatchSql(incident.family_specs, "fam", "fam_src")} IS NOT NULL END AS fam_ok
    FROM (SELECT *, ${timestampSql("t")} AS ts, ${naicsDigitsSql("naics")} AS naics_digits,
      ${familyExactSql(incident.family_specs, "fam", "fam_src")} AS fam_exact FROM (
      ${rawFieldsSql(group, options, rejects, mode)}
    ))
  )`;
  if (mode === "wide") return classified;
  return `SELECT row_number() OVER () AS rn, CASE why ${rules.map((r, i) => `WHEN ${i + 1} THEN ${r.value}`).join(" ")} END AS val,
      ${full ? familyMatchSql(incident.family_specs, "fam", "fam_src") : "NULL"} AS family, * FROM (${classified})`;
}

/** Rows whose values the TS rules must confirm: rejected by a rule the SQL form decides, or accepted other than exactly. */
const LOOSE = `why IN (${BAD_COUNTRY}, ${BAD_NAICS}, ${OTHER_FAMILY}) OR (why IS NULL AND NOT exact)`;

/** The raw values a loose row keeps, in their order in `loose`. */
const LOOSE_FIELDS = ["geo", "naics", "src_sector", "fam"] as const;
/** One raw value of a loose row of `scanned` (alias s when given). */
const looseValue = (field: (typeof LOOSE_FIELDS)[number], alias = ""): string => `${alias}loose[${LOOSE_FIELDS.indexOf(field) + 1}]`;

/**
 * The narrow row `scanned` keeps, from classifySql's columns. A loose row keeps its raw values as a list
 * [geo, naics, src_sector, fam] (LOOSE_FIELDS): a NULL list stores no values, where a NULL struct keeps a slot per field.
 * An input read whole also keeps its row number, example value, canonical family and whole-row hash (FULL_COLUMNS).
 */
const narrow = (full: boolean): string => `(${[...SCANNED_COLUMNS.keys(), ...(full ? FULL_COLUMNS.keys() : [])].join(", ")})
  SELECT file_id, why::UTINYINT, ts, ip, hits, fp, iso2, sector, fam_src, CASE WHEN ${LOOSE} THEN [${LOOSE_FIELDS.join(", ")}] END${
    full ? `, ${[...FULL_COLUMNS.keys()].join(", ")}` : ""}`;

/** The columns of `scanned` every row has. */
const SCANNED_COLUMNS = new Map([["file_id", "UBIGINT"], ["why", "UTINYINT"], ["ts", "TIMESTAMP"], ["ip", "VARCHAR"], ["hits", "INTEGER"],
  ["fp", "UBIGINT"], ["iso2", "atlas_iso2"], ["sector", "atlas_sector"], ["fam_src", "UTINYINT"], ["loose", "VARCHAR[]"]]);
/**
 * The columns only rows of inputs read whole fill, added when the first is read (fullScan): four columns of
 * NULLs cost the wide scan about 20 ms a million rows to write (4 Dec).
 */
const FULL_COLUMNS = new Map([["rn", "BIGINT"], ["val", "VARCHAR"], ["family", "VARCHAR"], ["h", "UBIGINT"]]);
const SCANNED = `CREATE OR REPLACE TABLE scanned (${[...SCANNED_COLUMNS].map(([name, type]) => `${name} ${type}`).join(", ")})`;

/** The value-by-value TS check: distinct loose values where the TS rules decide otherwise than the SQL. */
function disagreements(checked: Row[], incident: Incident): Row[] {
  return checked.filter((r) => {
    const why = r.why === null ? null : num(r.why);
    const ts = tsRules(r, incident);
    if (why === BAD_COUNTRY) return ts.iso2 !== null;
    if (why === BAD_NAICS) return ts.iso2 !== null && ts.sector !== null;
    if (why === OTHER_FAMILY) return ts.iso2 !== null && ts.sector !== null && ts.family !== null;
    return ts.sector !== str(r.sector) || ts.family === null;
  });
}

/** The country, sector and family the TS rules give one row's raw values (null = rejected). */
function tsRules(r: Row, incident: Incident): {iso2: string | null; sector: string | null; family: string | null} {
  const sector = normaliseSector(str(r.naics), str(r.src_sector));
  return {iso2: normaliseCountry(str(r.geo))?.iso2 ?? null, sector: sector.ok ? sector.sector : null,
    family: matchFamily(incident.family_specs, str(r.fam), FAMILY_FIELDS[num(r.fam_src)] ?? "infection")};
}

/** A file DuckDB cannot read: mixed line endings named with their line, else DuckDB's message. */
export async function readError(p: ScanSource, message: string): Promise<InputError> {
  if (p.relation === undefined) {
    const endings = await lineEndings(p.path).catch(() => null);
    if (endings !== null && endings.firstMinorityLine !== null) {
      return new InputError(p.name, endings.firstMinorityLine, null, `mixed line endings (${endings.lf} LF, ${endings.crlf} CRLF): save the file with one kind`);
    }
  }
  return new InputError(p.name, null, null, `could not be read as CSV: ${message.split("\n")[0]}`);
}

/** Runs the pipeline over the inputs on a connection of `instance` (which has RULE_TYPES); throws InputError for an input that cannot be read. */
export async function scanIngest(connection: DuckDBConnection, instance: DuckDBInstance, pre: ScanSource[], options: IngestOptions,
  log: (m: string) => void, whole = false): Promise<IngestResult> {
  // A second connection runs the aggregates while this one does the accounting (a shared, not a TEMP, table:
  // temp tables belong to one connection).
  const second = await instance.connect();
  try {
    return await new Scan(connection, second, pre, options, log, whole).run();
  } finally {
    second.closeSync();
  }
}

/** What the checks found (Scan.findChecks). */
interface Checks {again: number[]; differing: boolean; change: boolean; loose: Row[]}

/** The wide read failed fatally: ingest() runs the scan again in a fresh database with every input read whole. */
export class WideReadFailed extends Error {
  override name = "WideReadFailed";
}

class Scan {
  /** file key (decimal text of the UBIGINT) → input index */
  private index = new Map<string, number>();
  private keys: string[] = [];
  /** Inputs read whole (see the header comment), and the rejects table each input's structural rejects are in. */
  private full = new Set<number>();
  private rejects: string[] = [];
  private facts: LineFacts[] = [];
  private readonly dedupe: boolean;
  /** Whether `scanned` has FULL_COLUMNS yet. */
  private fullColumns = false;

  /** With de-duplication, rows of inputs read whole may be duplicates to mark (other inputs hold none). */
  private get duplicatesToMark(): boolean {
    return this.dedupe && this.full.size > 0;
  }

  constructor(private connection: DuckDBConnection, private second: DuckDBConnection, private pre: ScanSource[],
    private options: IngestOptions, private log: (m: string) => void, private whole: boolean) {
    this.dedupe = options.dedupe ?? options.incident.validation.dedupe;
  }

  async run(): Promise<IngestResult> {
    const {connection, pre, options} = this;
    await this.fileKeys();
    await exec(connection, SCANNED);
    if (options.eventsLimit !== undefined || this.whole) for (const i of pre.keys()) this.full.add(i);
    await this.wideScan();
    this.log("ingest: scanned");
    // The aggregate query runs on the second connection at once, on the assumption that the checks will change no
    // row (the common case). When DuckDB has computed its result, the checks run, then the accounting, structural
    // rejects and examples, all while this thread reads that result into tables (DuckDB's threads are otherwise idle
    // then). When the checks change rows, the aggregate is computed again; with de-duplication over inputs read whole
    // they always do, so the checks come first. Nothing runs beside the aggregate query itself: two large GROUP BYs at
    // once share DuckDB's memory limit and failed at 10^8 rows ("failed to allocate 128 MiB").
    const early = this.duplicatesToMark ? null : this.aggregating();
    await early?.computed;
    const checks = await this.findChecks();
    this.log("ingest: checked");
    let aggregating = early;
    if (aggregating === null || checks.change) {
      await aggregating?.result.catch(() => null); // computed over rows that now change
      await this.settle(checks);
      aggregating = this.aggregating();
      await aggregating.computed;
    }
    const {result} = aggregating;
    const accounted = this.accounting().then((accounting) => this.account(accounting, checks.change ? null : checks.loose)).catch(async (error: unknown) => {
      this.second.interrupt(); // the second connection is closed after this returns
      await result.catch(() => null);
      throw error;
    });
    const {counts, examples, otherFamilies} = await accounted;
    const {aggregates, totals} = await result;
    this.log("ingest: aggregated");
    const events = options.eventsLimit === undefined ? null : await this.events(options.eventsLimit);
    const summary = buildSummary({incident: options.incident, inputHash: options.inputHash, counts, examples, aggregates, totals, otherFamilies,
      threshold: options.threshold ?? options.incident.validation.rejection_threshold, dedupe: this.dedupe});
    return {summary, aggregates, events};
  }

  /**
   * Starts the aggregate query over the accepted rows on the second connection: `computed` settles when DuckDB has
   * computed its result (or failed: the error is thrown where `result` is awaited), `result` when it is read into tables.
   */
  private aggregating(): {computed: Promise<void>; result: ReturnType<typeof aggregate>} {
    let executed = (): void => {};
    const computed = new Promise<void>((resolve) => { executed = resolve; }).then(() => this.log("ingest: aggregate computed"));
    const result = aggregate(this.second,
      "(SELECT date_trunc('hour', ts) AS hour, iso2, sector, ip, hits, ts AS first, ts AS last FROM scanned WHERE why IS NULL)", undefined, executed);
    result.then(executed, executed);
    return {computed, result};
  }

  /**
   * What the checks find, reading `scanned` without changing it: inputs to read whole (possible duplicates, values the
   * TS rules decide otherwise than the SQL, which ts_rules then holds), IPv6 texts written other than canonically, and
   * the loose values (LOOSE_FIELDS, why, fam_src, sector) with their rows. `change`: whether settle() changes rows.
   */
  private async findChecks(): Promise<Checks> {
    const {connection, options} = this;
    // Possible duplicates: accepted rows of one fingerprint in one file and family field (with de-duplication, in any
    // files). One GROUP BY of the fingerprints alone tells whether there are any (37 against 55 ms at 1M rows grouped
    // with file and field, 3 Dec); only then are the files named. count(DISTINCT fp) is faster alone (32 against 41 ms)
    // but, run while this thread reads the aggregates, took the peak at 10M rows from about 750 MB to over 1 GiB (4 Dec).
    const shared = "SELECT fp FROM scanned WHERE why IS NULL GROUP BY fp HAVING count(*) > 1";
    const suspects = new Set<number>();
    if (num((await rows(connection, `SELECT count(*) AS n FROM (${shared})`))[0]?.n) > 0) {
      const files = this.dedupe ? `SELECT DISTINCT file_id::VARCHAR AS file_id FROM scanned WHERE why IS NULL AND fp IN (${shared})`
        : `SELECT DISTINCT file_id::VARCHAR AS file_id FROM (SELECT file_id FROM scanned WHERE why IS NULL AND fp IN (${shared})
            GROUP BY file_id, fam_src, fp HAVING count(*) > 1)`;
      for (const r of await rows(connection, files)) suspects.add(this.fileOf(r.file_id));
    }
    // Values the SQL and TS rules decide differently: the files holding them are read whole, then re-classified.
    const loose = await rows(connection, `SELECT why, ${LOOSE_FIELDS.map((f) => `${looseValue(f)} AS ${f}`).join(", ")},
      fam_src, sector, count(*)::DOUBLE AS n FROM scanned WHERE loose IS NOT NULL GROUP BY ALL`);
    const differing = disagreements(loose, options.incident);
    if (differing.length > 0) {
      await this.tsTable(differing);
      for (const r of await rows(connection, `SELECT DISTINCT file_id::VARCHAR AS file_id FROM scanned s JOIN ts_rules m ON ${TS_JOIN}`)) {
        suspects.add(this.fileOf(r.file_id));
      }
    }
    const again = [...suspects].filter((i) => !this.full.has(i));
    const ipv6 = await this.uncanonicalIps();
    const change = again.length > 0 || differing.length > 0 || ipv6.length > 0 || this.duplicatesToMark;
    return {again, differing: differing.length > 0, change, loose};
  }

  /** Makes the changes the checks found: inputs read whole, values re-classified, duplicates marked, IPv6 texts made canonical. */
  private async settle(checks: Checks): Promise<void> {
    const {connection} = this;
    if (checks.again.length > 0) {
      this.log(`ingest: reading ${checks.again.length} file(s) whole (possible duplicates or values the TS rules decide)`);
      await exec(connection, `DELETE FROM scanned WHERE file_id IN (${checks.again.map((i) => this.keys[i]).join(", ")})`);
      for (const i of checks.again) await this.fullScan(i);
    }
    if (checks.differing) await this.applyTsRules();
    if (this.duplicatesToMark) await this.markDuplicates();
    await this.canonicalIps(await this.uncanonicalIps()); // the inputs read again may hold others
  }

  /**
   * IPv6 addresses written in more than one way ("2001:DB8::1", "2001:db8:0:0:0:0:0:1") become one text (ip.ts
   * canonicalIp), so that unique IPs count addresses. Only texts with a colon are looked at: IPv4 texts are unique as read.
   */
  private async uncanonicalIps(): Promise<string[]> {
    const texts = (await rows(this.connection, "SELECT DISTINCT ip FROM scanned WHERE contains(ip, ':')")).map((r) => str(r.ip));
    return texts.filter((ip) => canonicalIp(ip) !== ip);
  }

  /** Rewrites the given IPv6 texts in `scanned` as their canonical text. */
  private async canonicalIps(changed: string[]): Promise<void> {
    const {connection} = this;
    if (changed.length === 0) return;
    await exec(connection, "CREATE OR REPLACE TABLE ip_canonical (ip VARCHAR, canonical VARCHAR)");
    const appender = await connection.createAppender("ip_canonical");
    for (const ip of changed) {
      appender.appendVarchar(ip);
      appender.appendVarchar(canonicalIp(ip));
      appender.endRow();
    }
    appender.closeSync();
    await exec(connection, "UPDATE scanned SET ip = t.canonical FROM ip_canonical t WHERE scanned.ip = t.ip");
  }

  /** Each input's key: hash of its path (fileKeySql), checked distinct. */
  private async fileKeys(): Promise<void> {
    const names = this.pre.map((p) => sqlString(p.path)).join(", ");
    const keys = await rows(this.connection, `SELECT hash(unnest([${names}]::VARCHAR[]))::VARCHAR AS k`);
    this.keys = keys.map((r) => str(r.k));
    this.keys.forEach((k, i) => this.index.set(k, i));
    if (this.index.size !== this.pre.length) {
      const seen = new Set<string>();
      const twice = this.pre.find((p, i) => seen.size === seen.add(this.keys[i] ?? "").size);
      throw new InputError(twice?.name ?? "?", null, null, "given twice (or two inputs with paths that hash alike): list each input once");
    }
  }

  private fileOf(key: unknown): number {
    const i = this.index.get(str(key));
    if (i === undefined) throw new Error(`scan: unknown file key ${str(key)}`);
    return i;
  }

  /** The one parallel pass over every input not read whole; inputs with the same header share one read_csv. */
  private async wideScan(): Promise<void> {
    const {connection, pre} = this;
    const groups = new Map<string, number[]>();
    pre.forEach((p, i) => {
      if (this.full.has(i)) return;
      const signature = p.relation !== undefined ? `relation ${i}` : JSON.stringify([p.headers, p.gzip, p.crlf, p.bom, p.layout.id]);
      groups.set(signature, [...(groups.get(signature) ?? []), i]);
    });
    const list = [...groups.values()];
    list.forEach((ids, g) => { for (const i of ids) this.rejects[i] = `scan_rejects_${g}`; });
    // Row order in `scanned` does not matter (the examples pass numbers rows itself), so DuckDB may write it in any order.
    await exec(connection, "SET preserve_insertion_order=false");
    const scan = list.length === 0 ? Promise.resolve() : exec(connection, `INSERT INTO scanned ${narrow(false)} FROM (${
      list.map((ids, g) => classifySql(ids.map((i) => pre[i]!), this.options, `scan_rejects_${g}`, "wide")).join("\nUNION ALL\n")})`);
    // While DuckDB scans, this thread counts each file's lines (for lines swallowed by an unclosed quote) and checks
    // it is UTF-8 throughout: DuckDB only validates the columns it reads.
    const notUtf8: number[] = [];
    let factsError: {i: number; message: string} | null = null;
    for (const [i, p] of pre.entries()) {
      if (p.relation !== undefined) continue;
      const f = await fileFacts(p.path).catch((error: unknown) => {
        factsError ??= {i, message: (error as Error).message};
        return {dataLines: 0, blankLines: 0, utf8: true};
      });
      this.facts[i] = f;
      if (!f.utf8 && !this.full.has(i)) notUtf8.push(i);
    }
    const scanError = await scan.then(() => null, (error: unknown) => (error as Error).message);
    // A fatal error invalidates the database (DuckDB has failed so on bytes that are not UTF-8 in columns it skips).
    if (scanError !== null && /FATAL|invalidated/.test(scanError)) throw new WideReadFailed(scanError);
    if (scanError !== null) await this.locateReadError(list, scanError);
    if (factsError !== null) {
      const {i, message} = factsError as {i: number; message: string};
      throw await readError(pre[i]!, message);
    }
    await exec(connection, "SET preserve_insertion_order=true");
    // DuckDB reports records it cannot parse (and their lines) as it does for the file alone only when it reads the
    // file alone: a file of a shared read with any record that did not parse is read again alone.
    const damaged: number[] = [];
    const shared = list.flatMap((ids, g) => (ids.length > 1 ? [g] : []));
    if (shared.length > 0) {
      const parsed = new Map((await rows(connection, `SELECT file_id::VARCHAR AS file_id, count(*)::DOUBLE AS n FROM scanned GROUP BY ALL`))
        .map((r) => [this.fileOf(r.file_id), num(r.n)]));
      for (const g of shared) {
        const ids = list[g] ?? [];
        if (await this.tableExists(`scan_rejects_${g}`)) {
          for (const r of await rows(connection, `SELECT DISTINCT hash(s.file_path)::VARCHAR AS file_id FROM scan_rejects_${g} e
              JOIN scan_rejects_${g}_scan s USING (scan_id, file_id)`)) damaged.push(this.fileOf(r.file_id));
        }
        for (const i of ids) if ((parsed.get(i) ?? 0) !== (this.facts[i]?.dataLines ?? 0)) damaged.push(i);
      }
    }
    const again = [...new Set([...notUtf8, ...damaged])].filter((i) => !this.full.has(i));
    if (again.length > 0) {
      this.log(`ingest: reading ${again.length} file(s) alone and whole (not UTF-8 throughout, or records DuckDB could not parse)`);
      await exec(connection, `DELETE FROM scanned WHERE file_id IN (${again.map((i) => this.keys[i]).join(", ")})`);
    }
    for (const i of [...this.full, ...again]) await this.fullScan(i);
  }

  /** Whether a table exists (naming it costs under a millisecond where a lookup in duckdb_tables() took 9–12, 3 Dec). */
  private async tableExists(table: string): Promise<boolean> {
    return exec(this.connection, `SELECT 1 FROM ${ident(table)} LIMIT 0`).then(() => true, (error: unknown) => {
      if (/does not exist/.test((error as Error).message)) return false;
      throw error;
    });
  }

  /** The wide pass failed: find the input (reading each alone) and report it by name. */
  private async locateReadError(groups: number[][], message: string): Promise<never> {
    for (const ids of groups) {
      for (const i of ids) {
        const error = await rows(this.connection, `SELECT count(*) AS n FROM (${classifySql([this.pre[i]!], this.options, `locate_rejects_${i}`, "wide")})`)
          .then(() => null, (e: unknown) => (e as Error).message);
        if (error !== null && /FATAL|invalidated/.test(error)) throw new WideReadFailed(message);
        if (error !== null) throw await readError(this.pre[i]!, error);
      }
    }
    throw new Error(`ingest: the scan failed, but every input reads alone: ${message.split("\n")[0]}`);
  }

  /** Reads input i whole into `scanned` (numbered in file order: preserve_insertion_order must be on). */
  private async fullScan(i: number): Promise<void> {
    const p = this.pre[i]!;
    this.full.add(i);
    this.rejects[i] = `full_rejects_${i}`;
    if (!this.fullColumns) {
      for (const [name, type] of FULL_COLUMNS) await exec(this.connection, `ALTER TABLE scanned ADD COLUMN ${name} ${type}`);
      this.fullColumns = true;
    }
    try {
      await exec(this.connection, `INSERT INTO scanned ${narrow(true)} FROM (${classifySql([p], this.options, this.rejects[i], "full")})`);
    } catch (error) {
      throw await readError(p, (error as Error).message);
    }
  }

  /** Per input, reason code and family field (fam_src): rows. */
  private accounting(): Promise<Row[]> {
    return rows(this.connection, `SELECT file_id::VARCHAR AS file_id, why, fam_src, n::DOUBLE AS n
      FROM (SELECT file_id, why, fam_src, count(*) AS n FROM scanned GROUP BY ALL) ORDER BY ALL`);
  }

  /** ts_rules: the TS rules' results for the loose values on which they differ from the SQL. */
  private async tsTable(differing: Row[]): Promise<void> {
    await exec(this.connection, `CREATE OR REPLACE TABLE ts_rules (geo VARCHAR, naics VARCHAR, src_sector VARCHAR, fam VARCHAR, fam_src UTINYINT,
      iso2 VARCHAR, sector VARCHAR, family VARCHAR)`);
    const appender = await this.connection.createAppender("ts_rules");
    const seen = new Set<string>();
    for (const r of differing) {
      const key = JSON.stringify([r.geo, r.naics, r.src_sector, r.fam, r.fam_src]);
      if (seen.has(key)) continue;
      seen.add(key);
      const ts = tsRules(r, this.options.incident);
      for (const v of [str(r.geo), str(r.naics), str(r.src_sector), str(r.fam)]) appender.appendVarchar(v);
      if (r.fam_src === null) appender.appendNull(); else appender.appendUTinyInt(num(r.fam_src));
      for (const v of [ts.iso2, ts.sector, ts.family]) if (v === null) appender.appendNull(); else appender.appendVarchar(v);
      appender.endRow();
    }
    appender.closeSync();
  }

  /** Re-classifies the rows holding values the TS rules decide (their row-rule reasons stand). */
  private async applyTsRules(): Promise<void> {
    const {start, end} = this.options.incident.window;
    const why = `CASE WHEN s.why IS NOT NULL AND s.why < ${BAD_COUNTRY} THEN s.why WHEN m.iso2 IS NULL THEN ${BAD_COUNTRY}
      WHEN m.sector IS NULL THEN ${BAD_NAICS} WHEN m.family IS NULL THEN ${OTHER_FAMILY}
      WHEN NOT (s.ts >= ${timestampLiteral(start)} AND s.ts < ${timestampLiteral(end)}) THEN ${OUTSIDE_WINDOW} END`;
    const value = `CASE ${why} WHEN ${BAD_COUNTRY} THEN left(trim(m.geo), 60) WHEN ${BAD_NAICS} THEN left(trim(m.naics), 60)
      WHEN ${OTHER_FAMILY} THEN left(m.fam, 60) WHEN ${OUTSIDE_WINDOW} THEN strftime(s.ts, '%Y-%m-%d %H:%M:%S') ELSE s.val END`;
    await exec(this.connection, `UPDATE scanned s SET why = ${why}, val = ${value}, iso2 = try_cast(m.iso2 AS atlas_iso2),
      sector = try_cast(m.sector AS atlas_sector), family = m.family FROM ts_rules m WHERE ${TS_JOIN}`);
  }

  /** With de-duplication: every accepted row after the first with the same whole-row hash (in file/line order) is a duplicate. */
  private async markDuplicates(): Promise<void> {
    const order = `CASE file_id ${this.keys.map((k, i) => `WHEN ${k} THEN ${i}`).join(" ")} END`;
    await exec(this.connection, `UPDATE scanned SET why = ${DUPLICATE}, val = strftime(ts, '%Y-%m-%d %H:%M:%S') FROM (
      SELECT file_id AS f, rn AS r FROM (SELECT file_id, rn, row_number() OVER (PARTITION BY h ORDER BY ${order}, rn) AS k FROM scanned
        WHERE why IS NULL AND h IS NOT NULL) WHERE k > 1) d
      WHERE scanned.file_id = d.f AND scanned.rn = d.r`);
  }

  /**
   * Accounting, structural rejects and examples. `loose`: the loose values with their rows, when `scanned` has not
   * changed since they were counted (other families are summed from them), else null.
   */
  private async account(accounting: Row[], loose: Row[] | null): Promise<{counts: FileCounts[]; examples: RejectExample[]; otherFamilies: OtherFamily[]}> {
    const {connection, pre} = this;
    const byFile = new Map<number, Row[]>();
    for (const r of accounting) {
      const i = this.fileOf(r.file_id);
      byFile.set(i, [...(byFile.get(i) ?? []), r]);
    }
    const structural = await this.structural();
    // Exact duplicates among accepted rows of an input read whole (others have none: their fingerprints are distinct).
    const duplicates = new Map<number, number>();
    if (!this.dedupe && this.full.size > 0) {
      for (const r of await rows(connection, `SELECT file_id::VARCHAR AS file_id, (count(*) - count(DISTINCT h))::DOUBLE AS dups
          FROM scanned WHERE why IS NULL AND h IS NOT NULL GROUP BY file_id`)) duplicates.set(this.fileOf(r.file_id), num(r.dups));
    }
    const counts: FileCounts[] = [];
    const codeCounts: Array<Map<number, number>> = []; // per file: reason code → rows
    for (const [i, p] of pre.entries()) {
      const mine = byFile.get(i) ?? [];
      const parsed = mine.reduce((s, r) => s + num(r.n), 0);
      const byCode = new Map<number, number>();
      const familyFields = new Map<FamilyField, number>(); // which field each parsed row's family came from (FAMILY_FIELDS order)
      for (const r of mine) {
        if (r.why !== null) byCode.set(num(r.why), (byCode.get(num(r.why)) ?? 0) + num(r.n));
        const field = r.fam_src === null ? undefined : FAMILY_FIELDS[num(r.fam_src)];
        if (field !== undefined) familyFields.set(field, (familyFields.get(field) ?? 0) + num(r.n));
      }
      const byReason = new Map<Reason, number>();
      for (const [code, n] of byCode) {
        const reason = reasonOf(code);
        if (reason !== undefined) byReason.set(reason, (byReason.get(reason) ?? 0) + n);
      }
      codeCounts.push(byCode);
      const own = structural.get(i) ?? [];
      // Lines that are not records (structural rejects, lines an unclosed quote swallowed, blank lines, the continuation
      // lines of multi-line records), so that record numbers map back to physical lines.
      const lines = p.relation === undefined ? await accountLines(p.path, this.facts[i] ?? {dataLines: 0, blankLines: 0}, parsed, own) : {rejects: own, skip: []};
      counts.push({file: p.name, layout: p.layout.id, notes: p.notes, parsed, byReason, familyFields,
        duplicates: this.dedupe ? byReason.get("duplicate") ?? 0 : duplicates.get(i) ?? 0, structural: lines.rejects, skip: lines.skip});
    }
    const otherFamilies = familyCounts(loose ?? await rows(connection, `SELECT ${OTHER_FAMILY} AS why, ${looseValue("fam")} AS fam,
        count(*)::DOUBLE AS n FROM scanned WHERE why = ${OTHER_FAMILY} GROUP BY 2`));
    const examples = await this.firstExamples(counts, codeCounts);
    return {counts, examples, otherFamilies};
  }

  /** Records DuckDB could not parse, per input, from the rejects tables of the reads that count. */
  private async structural(): Promise<Map<number, StructuralReject[]>> {
    const out = new Map<number, StructuralReject[]>();
    for (const table of new Set(this.rejects.filter((t) => t !== undefined))) {
      if (!(await this.tableExists(table))) continue;
      const errors = await rows(this.connection, `SELECT hash(s.file_path)::VARCHAR AS file_id, e.line, min(e.error_type) AS error_type,
          min(e.error_message) AS message FROM ${table} e JOIN ${table}_scan s USING (scan_id, file_id) GROUP BY ALL ORDER BY ALL`);
      for (const e of errors) {
        const i = this.fileOf(e.file_id);
        if (this.rejects[i] !== table) continue; // a file read again whole counts its own read's rejects
        out.set(i, [...(out.get(i) ?? []), {line: num(e.line), reason: reasonFromDuckDb(str(e.error_type)), message: str(e.message)}]);
      }
    }
    for (const list of out.values()) list.sort((a, b) => a.line - b.line);
    return out;
  }

  /**
   * The first MAX_EXAMPLES rows of each reason in file/line order: for an input read whole, from `scanned` (its rows
   * are numbered); otherwise a pass per reason that numbers the rows in file order and stops at the LIMIT, usually
   * within the first few blocks.
   */
  private async firstExamples(counts: FileCounts[], codeCounts: Array<Map<number, number>>): Promise<RejectExample[]> {
    const examples: RejectExample[] = [];
    const found = new Map<number, number>(); // reason code → examples so far
    for (const [fileId, p] of this.pre.entries()) {
      const rules = reasonCodes(p);
      const codes = rules.flatMap((_, i) => ((codeCounts[fileId]?.get(i + 1) ?? 0) > 0 && (found.get(i + 1) ?? 0) < MAX_EXAMPLES ? [i + 1] : []));
      if (codes.length === 0) continue;
      const structuralLines = nonRecordLines(counts[fileId]);
      const numbered = `(SELECT rn, val, why FROM (${classifySql([p], this.options, `example_rejects_${fileId}`, "numbered")}))`;
      const source = this.full.has(fileId) ? `(SELECT rn, val, why FROM scanned WHERE file_id = ${this.keys[fileId]})` : numbered;
      for (const code of codes) {
        const rule = rules[code - 1];
        if (rule === undefined) continue;
        const limit = Math.min(MAX_EXAMPLES - (found.get(code) ?? 0), codeCounts[fileId]?.get(code) ?? 0);
        const order = this.full.has(fileId) ? " ORDER BY rn" : "";
        const got = await rows(this.connection, `SELECT rn::DOUBLE AS rn, val AS value FROM ${source} WHERE why = ${code}${order} LIMIT ${limit}`);
        for (const r of got) {
          examples.push({file: p.name, fileId, line: recordLine(num(r.rn), structuralLines), field: fieldLabel(p, rule.field), reason: rule.reason, value: str(r.value)});
        }
        found.set(code, (found.get(code) ?? 0) + got.length);
      }
    }
    return examples;
  }

  /** The first `limit` accepted events in time order (then file and line), every input having been read whole. */
  private async events(limit: number): Promise<EventColumns> {
    const order = `CASE file_id ${this.keys.map((k, i) => `WHEN ${k} THEN ${i}`).join(" ")} END`;
    const e = await rows(this.connection, `SELECT epoch_ms(ts)::DOUBLE AS t, iso2, sector, family, hits FROM scanned WHERE why IS NULL
      ORDER BY ts, ${order}, rn LIMIT ${Math.max(0, Math.floor(limit))}`);
    return {timestamp: e.map((r) => num(r.t)), country: e.map((r) => str(r.iso2)), sector: e.map((r) => str(r.sector)),
      family: e.map((r) => str(r.family)), hits: e.map((r) => num(r.hits))};
  }
}

/** The most common families of other_family rows (family, rows), from loose values with their rows; ties by text, as DuckDB orders it (bytes). */
function familyCounts(loose: Row[]): OtherFamily[] {
  const rowsOf = new Map<string, number>();
  for (const r of loose) if (r.why !== null && num(r.why) === OTHER_FAMILY) rowsOf.set(str(r.fam), (rowsOf.get(str(r.fam)) ?? 0) + num(r.n));
  return [...rowsOf].map(([family, rows]) => ({family, rows}))
    .sort((a, b) => b.rows - a.rows || Buffer.compare(Buffer.from(a.family), Buffer.from(b.family))).slice(0, OTHER_FAMILIES);
}

/** Rows of `scanned` (s) holding the loose values of a ts_rules row (m). */
const TS_JOIN = `s.loose IS NOT NULL AND ${LOOSE_FIELDS.map((f) => `${looseValue(f, "s.")} = m.${f}`).join(" AND ")}
  AND s.fam_src IS NOT DISTINCT FROM m.fam_src`;
