// Bulk ingestion with DuckDB: read each CSV as text (structural errors → reject tables), validate
// every row in SQL with the rules from timestamp.ts and ip.ts, normalise country/sector/family by
// applying the TS normalisers to each distinct raw value, then aggregate and account for every row.
import {closeSync, mkdirSync, openSync, readSync} from "node:fs";
import {DuckDBInstance, type DuckDBConnection} from "@duckdb/node-api";
import {InputError} from "./errors.ts";
import {preflight, splitCsvLine, type Preflight} from "./preflight.ts";
import {columnFor, type Field} from "./layouts.ts";
import {ISO_Z_FORM, SPACE_FORM} from "./timestamp.ts";
import {IPV4_FORM, IPV6_FORM} from "./ip.ts";
import {normaliseCountry} from "./country.ts";
import {normaliseSector} from "./sector.ts";
import {isIncidentFamily, type Incident} from "./incident.ts";
import {reasonFromDuckDb, isReason, REASONS, type Reason} from "./reasons.ts";
import {aggregateQueries} from "./aggregate.ts";
import {lineEndings, scanDataLines, swallowedLines} from "./lines.ts";
import {countryValuesSql, familySql, printable, sectorSql, sqlString} from "./classify.ts";
import {buildSummary, type FileCounts, type RejectExample} from "./summary.ts";
import type {Aggregates, Summary} from "./types.ts";

export interface InputFile {path: string; name?: string}

export interface IngestOptions {
  incident: Incident;
  files: InputFile[];
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
}

export interface EventColumns {
  timestamp: number[]; country: string[]; sector: string[]; family: string[]; hits: number[];
}

export interface IngestResult {summary: Summary; aggregates: Aggregates; events: EventColumns | null}

export const MAX_EXAMPLES = 20;

const ident = (s: string): string => `"${s.replaceAll('"', '""')}"`;

function column(pre: Preflight, field: Field): string | null {
  const name = columnFor(pre.layout, field);
  if (name === undefined) return null;
  const actual = pre.headers.find((h) => h.trim().toLowerCase() === name);
  return actual === undefined ? null : ident(actual);
}

function text(pre: Preflight, field: Field): string {
  const c = column(pre, field);
  return c === null ? "''" : `coalesce(${c}, '')`;
}

/**
 * read_csv over one file: every header declared as VARCHAR (so a wrong column count is a reject), strict RFC 4180.
 * Records that cannot be parsed go to the reject tables (first scan) or are skipped (later scans), so the record
 * numbers of parsed rows are the same in every scan.
 */
function source(pre: Preflight, fileId: number, rejects: boolean): string {
  const columns = pre.headers.map((h) => `${sqlString(h)}: 'VARCHAR'`).join(", ");
  return `read_csv(${sqlString(pre.path)}, header=true, auto_detect=false, columns={${columns}},
      delim=',', quote='"', escape='"', strict_mode=true, null_padding=false, all_varchar=true, max_line_size=1048576${
      rejects ? `, store_rejects=true, rejects_table='rejects_${fileId}', rejects_scan='rscan_${fileId}'` : ", ignore_errors=true"})`;
}

/** Fields the row rules read. */
const RULE_FIELDS: Field[] = ["timestamp", "ip", "country", "naics", "sector", "family", "infection", "hits"];

/**
 * A cheap fingerprint of two columns the rules do not read: two rows that differ in it are not duplicates, so
 * accepted rows are grouped with it and only groups of more than one row are duplicate candidates. The two columns
 * with the most distinct values in the first 256 KiB of the file are used (e.g. an event id and a port).
 */
function discriminator(pre: Preflight): string {
  const used = new Set(RULE_FIELDS.map((f) => columnFor(pre.layout, f)).filter((c): c is string => c !== undefined));
  const unused = pre.headers.map((h, i) => ({h, i})).filter(({h}) => !used.has(h.trim().toLowerCase()));
  const distinct = unused.map(() => new Set<string>());
  const fd = openSync(pre.path, "r");
  const buffer = Buffer.alloc(Math.min(pre.bytes, 1 << 18));
  try {
    readSync(fd, buffer, 0, buffer.length, 0);
  } finally {
    closeSync(fd);
  }
  for (const line of buffer.toString("utf-8").split("\n").slice(1, -1)) {
    const cells = splitCsvLine(line.endsWith("\r") ? line.slice(0, -1) : line);
    if (typeof cells === "string" || cells.length !== pre.headers.length) continue;
    unused.forEach(({i}, k) => distinct[k]!.add(cells[i] ?? ""));
  }
  const best = unused.map((u, k) => ({...u, n: distinct[k]!.size})).sort((a, b) => b.n - a.n || a.i - b.i).slice(0, 2)
    .sort((a, b) => a.i - b.i);
  return best.length === 0 ? "0::UBIGINT" : `hash(${best.map((b) => ident(b.h)).join(", ")})`;
}

/**
 * Every parsed record of one file with its record number (rn, 1-based among parsed records), the raw values the
 * rules need and its classification: why = the first failing rule, 'pending' when only the TS normalisers can
 * decide (non-ASCII country/sector/family text), NULL = accepted. Only the named columns are read (projection
 * pushdown: DuckDB skips converting the others but still checks the column count of every record).
 */
export function classifiedSql(pre: Preflight, fileId: number, incident: Incident,
  options: {rejects: boolean; rowNumbers?: boolean; hash?: boolean; everyColumn?: boolean}): string {
  const family = column(pre, "family");
  const infection = column(pre, "infection");
  const fam = [family, infection].filter((c): c is string => c !== null).map((c) => `nullif(trim(${c}), '')`);
  const start = sqlString(incident.window.start.replace("T", " ").replace("Z", ""));
  const end = sqlString(incident.window.end.replace("T", " ").replace("Z", ""));
  const famField = family === null ? "family" : "family/infection";
  return `
    SELECT *,
      CASE WHEN pre IS NOT NULL THEN pre
           WHEN cst IS NULL THEN 'pending' WHEN cst = '!bad' THEN 'bad_country'
           WHEN sector IS NULL THEN 'pending' WHEN sector = '!bad' THEN 'bad_naics'
           WHEN fst IS NULL THEN 'pending' WHEN fst = 'bad' THEN 'other_family'
           WHEN ts < ${start}::TIMESTAMP OR ts >= ${end}::TIMESTAMP THEN 'outside_window' END AS why
    FROM (
      SELECT *,
        CASE WHEN t = '' THEN 'missing_field' WHEN ts IS NULL THEN 'bad_timestamp'
             WHEN ip = '' THEN 'missing_field' WHEN NOT ipok THEN 'bad_ip'
             WHEN fam = '' THEN 'missing_field' WHEN hits IS NULL THEN 'bad_number' END AS pre,
        CASE WHEN t = '' OR ts IS NULL THEN 'timestamp' WHEN ip = '' OR NOT ipok THEN 'ip'
             WHEN fam = '' THEN '${famField}' WHEN hits IS NULL THEN 'hits' END AS pre_field,
        CASE WHEN t = '' OR ts IS NULL THEN left(t, 60) WHEN ip = '' OR NOT ipok THEN left(ip, 60)
             WHEN fam = '' THEN '' WHEN hits IS NULL THEN left(hraw, 60) END AS pre_bad,
        coalesce(c.iso2, CASE WHEN ${printable("geo")} THEN '!bad' END) AS cst,
        ${sectorSql("naics", "src_sector")} AS sector,
        CASE WHEN fam <> '' THEN ${familySql(incident, "fam")} END AS fst
      FROM (
        SELECT *,
          CASE WHEN regexp_full_match(t, ${sqlString(SPACE_FORM)}) THEN try_cast(t AS TIMESTAMP)
               WHEN regexp_full_match(t, ${sqlString(ISO_Z_FORM)}) THEN try_cast(replace(rtrim(t, 'Z'), 'T', ' ') AS TIMESTAMP) END AS ts,
          (regexp_full_match(ip, ${sqlString(IPV4_FORM)}) OR (contains(ip, ':') AND regexp_full_match(ip, ${sqlString(IPV6_FORM)}))) AS ipok,
          CASE WHEN hraw = '' OR hraw = '1' THEN 1 WHEN regexp_full_match(hraw, '[0-9]{1,10}') AND try_cast(hraw AS BIGINT) BETWEEN 1 AND 2147483647
               THEN hraw::INTEGER END AS hits
        FROM (
          SELECT ${options.rowNumbers === true ? "row_number() OVER () AS rn, " : ""}${text(pre, "timestamp")} AS t, ${text(pre, "ip")} AS ip,
            upper(trim(${text(pre, "country")})) AS geo, trim(${text(pre, "naics")}) AS naics, ${text(pre, "sector")} AS src_sector,
            coalesce(${[...fam, "''"].join(", ")}) AS fam, trim(${text(pre, "hits")}) AS hraw, ${discriminator(pre)} AS x${
            options.hash === true ? `, hash(${pre.headers.map(ident).join(", ")}) AS h` : ""}
          FROM ${source(pre, fileId, options.rejects)}${
          // Converting every column makes DuckDB check every field as UTF-8 (only for files with invalid bytes).
          options.everyColumn === true ? `\n          WHERE hash(${pre.headers.map(ident).join(", ")}) IS NOT NULL` : ""}
        )
      ) LEFT JOIN cmap c USING (geo)
    )`;
}

/**
 * The single scan: one file grouped straight into the reduction table. Accepted rows are keyed by (timestamp,
 * country, sector, IP, fingerprint); rejected rows by reason; rows only the TS rules can decide by their raw values.
 */
export function reduceSql(pre: Preflight, fileId: number, incident: Incident, everyColumn = false): string {
  return `
  INSERT INTO red
  SELECT ${fileId} AS file_id, why, ts, iso2, sector, ip, x, pgeo, pnaics, psrc, pfam, count(*) AS n, sum(hits)::BIGINT AS hits
  FROM (
    SELECT why,
      CASE WHEN why IS NULL OR why = 'pending' THEN ts END AS ts,
      CASE WHEN why IS NULL THEN cst END AS iso2,
      CASE WHEN why IS NULL THEN sector END AS sector,
      CASE WHEN why IS NULL OR why = 'pending' THEN ip END AS ip,
      CASE WHEN why IS NULL OR why = 'pending' THEN x END AS x,
      CASE WHEN why = 'pending' THEN geo END AS pgeo, CASE WHEN why = 'pending' THEN naics END AS pnaics,
      CASE WHEN why = 'pending' THEN src_sector END AS psrc, CASE WHEN why = 'pending' THEN fam END AS pfam,
      hits
    FROM (${classifiedSql(pre, fileId, incident, {rejects: true, everyColumn})})
  ) GROUP BY ALL`;
}

/** Rejected rows of one file in file order with record number, field and value (streamed for the examples). */
function rejectedRowsSql(pre: Preflight, fileId: number, incident: Incident): string {
  const end = sqlString(incident.window.end.replace("T", " ").replace("Z", ""));
  const start = sqlString(incident.window.start.replace("T", " ").replace("Z", ""));
  return `SELECT rn::DOUBLE AS rn, why,
      CASE WHEN pre IS NOT NULL THEN pre_field WHEN why = 'bad_country' THEN 'country' WHEN why = 'bad_naics' THEN 'naics'
           WHEN why = 'other_family' THEN 'family' ELSE 'timestamp' END AS field,
      CASE WHEN pre IS NOT NULL THEN pre_bad WHEN why = 'bad_country' THEN left(geo, 60) WHEN why = 'bad_naics' THEN left(naics, 60)
           WHEN why = 'other_family' THEN left(fam, 60) ELSE strftime(ts, '%Y-%m-%d %H:%M:%S') END AS bad,
      geo, naics, src_sector, fam, left(geo, 60) AS lgeo, left(naics, 60) AS lnaics, left(fam, 60) AS lfam,
      (ts < ${start}::TIMESTAMP OR ts >= ${end}::TIMESTAMP) AS outside
    FROM (${classifiedSql(pre, fileId, incident, {rejects: false, rowNumbers: true})}) WHERE why IS NOT NULL`;
}

type Row = Record<string, unknown>;

const PROFILE = process.env.ATLAS_PROFILE === "1";

async function rows(connection: DuckDBConnection, sql: string): Promise<Row[]> {
  const t = performance.now();
  const reader = await connection.runAndReadAll(sql);
  if (PROFILE) process.stderr.write(`  ${(performance.now() - t).toFixed(0)} ms: ${sql.replace(/\s+/g, " ").slice(0, 90)}\n`);
  return reader.getRowObjectsJS() as Row[];
}

async function exec(connection: DuckDBConnection, sql: string): Promise<void> {
  const t = performance.now();
  await connection.run(sql);
  if (PROFILE) process.stderr.write(`  ${(performance.now() - t).toFixed(0)} ms: ${sql.replace(/\s+/g, " ").slice(0, 90)}\n`);
}

const num = (v: unknown): number => (typeof v === "bigint" ? Number(v) : Number(v ?? 0));
const str = (v: unknown): string => (v === null || v === undefined ? "" : String(v));

/** Maps a record number (1-based, among parsed records) to a line, skipping rejected records before it. */
export function recordLine(recordNumber: number, rejectedLines: number[]): number {
  let line = recordNumber + 1;
  for (const rejected of rejectedLines) {
    if (rejected <= line) line++;
    else break;
  }
  return line;
}

/** The row-rule outcome for values only the TS normalisers can decide (from the country rule on). */
function tsOutcome(incident: Incident, geo: string, naics: string, src: string, fam: string): {why: Reason | null; iso2: string; sector: string} {
  const country = normaliseCountry(geo);
  if (country === null) return {why: "bad_country", iso2: "", sector: ""};
  const sector = normaliseSector(naics, src);
  if (!sector.ok) return {why: "bad_naics", iso2: "", sector: ""};
  if (!isIncidentFamily(incident, fam)) return {why: "other_family", iso2: "", sector: ""};
  return {why: null, iso2: country.iso2, sector: sector.sector};
}

/** Runs the whole pipeline over the files; throws InputError for a file that cannot be read at all. */
export async function ingest(options: IngestOptions): Promise<IngestResult> {
  const {incident} = options;
  const started = Date.now();
  const logger = options.log ?? (() => {});
  const log = (m: string): void => logger(`${m} [${((Date.now() - started) / 1000).toFixed(2)} s]`);
  const pre = options.files.map((f) => preflight(f.path, f.name));
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    if (options.tempDirectory !== undefined) {
      mkdirSync(options.tempDirectory, {recursive: true});
      await exec(connection, `SET temp_directory=${sqlString(options.tempDirectory)}`);
    }
    await exec(connection, `SET memory_limit=${sqlString(options.memoryLimit ?? "700MB")}`);
    if (options.threads !== undefined) await exec(connection, `SET threads=${options.threads}`);
    // Record numbers come from row_number() OVER () over the scan (kept in file order by DuckDB); nothing else
    // depends on row order, so the grouped scan need not preserve it.
    await exec(connection, "SET preserve_insertion_order=false");
    // Keep the small mapping tables on the build side of their joins (the CSV scan's size is not known up front).
    await exec(connection, "SET disabled_optimizers='build_side_probe_side'");
    await exec(connection, `CREATE TEMP TABLE cmap (geo VARCHAR, iso2 VARCHAR)`);
    await exec(connection, `INSERT INTO cmap VALUES ${countryValuesSql()}`);
    await exec(connection, `CREATE TEMP TABLE red (file_id INTEGER, why VARCHAR, ts TIMESTAMP, iso2 VARCHAR, sector VARCHAR, ip VARCHAR,
      x UBIGINT, pgeo VARCHAR, pnaics VARCHAR, psrc VARCHAR, pfam VARCHAR, n BIGINT, hits BIGINT)`);
    // Physical lines and UTF-8 validity of each file (loaders/lines.ts): one pass in TS. A file with invalid bytes
    // is read with every column converted, so that DuckDB rejects exactly the records that hold them.
    const physical = pre.map((p) => scanDataLines(p.path, new Set()));
    for (const [fileId, p] of pre.entries()) {
      log(`ingest: reading ${p.name} (${p.layout.id}, ${(p.bytes / 1e6).toFixed(1)} MB)`);
      try {
        await exec(connection, reduceSql(p, fileId, incident, !physical[fileId]!.utf8));
      } catch (error) {
        const endings = lineEndings(p.path);
        if (endings.firstMinorityLine !== null) {
          throw new InputError(p.name, endings.firstMinorityLine, null, `mixed line endings (${endings.lf} LF, ${endings.crlf} CRLF): save the file with one kind`);
        }
        throw new InputError(p.name, null, null, `could not be read as CSV: ${(error as Error).message.split("\n")[0]}`);
      }
    }
    log("ingest: scanned");

    // Values only the TS normalisers can decide (non-ASCII text): apply them to each distinct value and finish the
    // classification of those groups (country, NAICS, family, then the window) in place.
    const start = sqlString(incident.window.start.replace("T", " ").replace("Z", ""));
    const end = sqlString(incident.window.end.replace("T", " ").replace("Z", ""));
    const pending = await rows(connection, `SELECT DISTINCT pgeo, pnaics, psrc, pfam FROM red WHERE why = 'pending'`);
    const outcomes = new Map<string, ReturnType<typeof tsOutcome>>();
    const pendingKey = (geo: string, naics: string, src: string, fam: string): string => JSON.stringify([geo, naics, src, fam]);
    await exec(connection, `CREATE TEMP TABLE pmap (pgeo VARCHAR, pnaics VARCHAR, psrc VARCHAR, pfam VARCHAR, pwhy VARCHAR, piso2 VARCHAR, psector VARCHAR)`);
    if (pending.length > 0) {
      const appender = await connection.createAppender("pmap");
      for (const r of pending) {
        const [geo, naics, src, fam] = [str(r.pgeo), str(r.pnaics), str(r.psrc), str(r.pfam)];
        const o = tsOutcome(incident, geo, naics, src, fam);
        outcomes.set(pendingKey(geo, naics, src, fam), o);
        for (const v of [geo, naics, src, fam]) appender.appendVarchar(v);
        if (o.why === null) appender.appendNull(); else appender.appendVarchar(o.why);
        appender.appendVarchar(o.iso2);
        appender.appendVarchar(o.sector);
        appender.endRow();
      }
      appender.closeSync();
      await exec(connection, `UPDATE red SET why = coalesce(m.pwhy, CASE WHEN red.ts < ${start}::TIMESTAMP OR red.ts >= ${end}::TIMESTAMP THEN 'outside_window' END),
          iso2 = m.piso2, sector = m.psector
        FROM pmap m WHERE red.why = 'pending' AND m.pgeo = red.pgeo AND m.pnaics = red.pnaics AND m.psrc = red.psrc AND m.pfam = red.pfam`);
    }

    // Accounting per file and reason.
    const counts: FileCounts[] = pre.map((p) => ({
      file: p.name, layout: p.layout.id, notes: p.notes, parsed: 0, duplicates: 0, byReason: new Map(), structural: []
    }));
    for (const r of await rows(connection, `SELECT file_id, why, sum(n)::DOUBLE AS n FROM red GROUP BY ALL ORDER BY ALL`)) {
      const f = counts[num(r.file_id)];
      if (f === undefined) continue;
      f.parsed += num(r.n);
      const why = r.why === null ? null : str(r.why);
      if (why !== null && isReason(why)) f.byReason.set(why, (f.byReason.get(why) ?? 0) + num(r.n));
    }
    for (const [fileId, p] of pre.entries()) {
      const f = counts[fileId]!;
      const errors = await rows(connection, `SELECT line, min(error_type) AS error_type, min(error_message) AS message
        FROM rejects_${fileId} GROUP BY line ORDER BY line`);
      const rejects = errors.map((e) => ({line: num(e.line), reason: reasonFromDuckDb(str(e.error_type)), message: str(e.message)}));
      // Lines swallowed by an unclosed quote are counted as rejected too: rows read = every data line (lines.ts).
      f.structural = [...rejects, ...swallowedLines(p.path, physical[fileId]!.lines, f.parsed, rejects)];
    }

    // Exact duplicates: identical rows share (file, timestamp, country, sector, IP, fingerprint), so only accepted
    // groups of more than one row can hold them (with de-duplication: across files). Usually there are none; else
    // the rows of those groups are read again with a hash of the whole row.
    const dedupe = options.dedupe ?? incident.validation.dedupe;
    const keyCols = "ts, iso2, sector, ip, x";
    await exec(connection, `CREATE TEMP TABLE candg AS ${dedupe || pending.length > 0
      ? `SELECT ${dedupe ? "" : "file_id, "}${keyCols} FROM red WHERE why IS NULL GROUP BY ALL HAVING sum(n) > 1`
      : `SELECT file_id, ${keyCols} FROM red WHERE why IS NULL AND n > 1`}`);
    const candidateFiles = dedupe ? [...pre.keys()]
      : (await rows(connection, "SELECT DISTINCT file_id FROM candg ORDER BY 1")).map((r) => num(r.file_id));
    const dupExamples: RejectExample[] = [];
    let dupsTable = false;
    if (num((await rows(connection, "SELECT count(*)::DOUBLE AS n FROM candg"))[0]?.n) > 0) {
      log(`ingest: duplicate candidates in ${candidateFiles.length} file(s): hashing whole rows`);
      await exec(connection, `CREATE TEMP TABLE cand AS SELECT DISTINCT ts, ip, x FROM candg`);
      await exec(connection, `CREATE TEMP TABLE dupc (file_id INTEGER, rn BIGINT, h UBIGINT, ts TIMESTAMP, iso2 VARCHAR, sector VARCHAR, ip VARCHAR,
        x UBIGINT, hits BIGINT, pgeo VARCHAR, pnaics VARCHAR, psrc VARCHAR, pfam VARCHAR)`);
      for (const fileId of candidateFiles) {
        const p = pre[fileId]!;
        await exec(connection, `INSERT INTO dupc SELECT ${fileId}, c.rn, c.h, c.ts,
            CASE WHEN c.why IS NULL THEN c.cst ELSE m.piso2 END, CASE WHEN c.why IS NULL THEN c.sector ELSE m.psector END, c.ip, c.x, c.hits,
            CASE WHEN c.why = 'pending' THEN c.geo END, CASE WHEN c.why = 'pending' THEN c.naics END,
            CASE WHEN c.why = 'pending' THEN c.src_sector END, CASE WHEN c.why = 'pending' THEN c.fam END
          FROM (${classifiedSql(p, fileId, incident, {rejects: false, rowNumbers: true, hash: true})}) c
            LEFT JOIN pmap m ON c.why = 'pending' AND m.pgeo = c.geo AND m.pnaics = c.naics AND m.psrc = c.src_sector AND m.pfam = c.fam
          WHERE (c.why IS NULL OR (c.why = 'pending' AND m.pwhy IS NULL AND c.ts >= ${start}::TIMESTAMP AND c.ts < ${end}::TIMESTAMP))
            AND (c.ts, c.ip, c.x) IN (SELECT ts, ip, x FROM cand)`);
      }
      if (!dedupe) {
        for (const r of await rows(connection, `SELECT file_id, (count(*) - count(DISTINCT h))::DOUBLE AS dups FROM dupc GROUP BY file_id`)) {
          const f = counts[num(r.file_id)];
          if (f !== undefined) f.duplicates = num(r.dups);
        }
      } else {
        // The first of each group of identical accepted rows is kept, in file/line order; the others become
        // 'duplicate' rejections and leave their group.
        await exec(connection, `CREATE TEMP TABLE dups AS SELECT * FROM dupc QUALIFY row_number() OVER (PARTITION BY h ORDER BY file_id, rn) > 1`);
        dupsTable = true;
        await exec(connection, `UPDATE red SET n = red.n - d.n, hits = red.hits - d.hits FROM (
            SELECT file_id, ts, iso2, sector, ip, x, pgeo, pnaics, psrc, pfam, count(*) AS n, sum(hits) AS hits FROM dups GROUP BY ALL) d
          WHERE red.why IS NULL AND red.file_id = d.file_id AND red.ts = d.ts AND red.iso2 = d.iso2 AND red.sector = d.sector AND red.ip = d.ip
            AND red.x = d.x AND red.pgeo IS NOT DISTINCT FROM d.pgeo AND red.pnaics IS NOT DISTINCT FROM d.pnaics
            AND red.psrc IS NOT DISTINCT FROM d.psrc AND red.pfam IS NOT DISTINCT FROM d.pfam`);
        await exec(connection, `DELETE FROM red WHERE n = 0`);
        for (const r of await rows(connection, `SELECT file_id, count(*)::DOUBLE AS n FROM dups GROUP BY ALL`)) {
          const f = counts[num(r.file_id)];
          if (f === undefined) continue;
          f.byReason.set("duplicate", num(r.n));
          f.duplicates = num(r.n);
        }
        for (const r of await rows(connection, `SELECT file_id, rn::DOUBLE AS rn, strftime(ts, '%Y-%m-%d %H:%M:%S') AS bad FROM dups
            ORDER BY file_id, rn LIMIT ${MAX_EXAMPLES}`)) {
          const f = counts[num(r.file_id)]!;
          dupExamples.push({file: f.file, fileId: num(r.file_id), line: recordLine(num(r.rn), f.structural.map((s) => s.line)),
            field: "timestamp", reason: "duplicate", value: str(r.bad)});
        }
      }
    }
    log("ingest: accounted");

    // Examples: the first rejected rows of each reason in file order, streamed with their record numbers and
    // stopped as soon as every reason has its examples (usually within the first chunks of the file).
    const examples: RejectExample[] = [...dupExamples];
    const have = new Map<Reason, number>();
    for (const [fileId, p] of pre.entries()) {
      const f = counts[fileId]!;
      const need = new Map<Reason, number>();
      for (const [reason, n] of f.byReason) {
        if (reason === "duplicate") continue;
        const want = Math.min(n, MAX_EXAMPLES - (have.get(reason) ?? 0));
        if (want > 0) need.set(reason, want);
      }
      if (need.size === 0) continue;
      const lines = f.structural.map((s) => s.line);
      // First the first 256 rejected rows in file order (a LIMIT stops the scan early); the whole file only if
      // some reason still lacks examples.
      await exec(connection, "SET preserve_insertion_order=true");
      try {
        for (const limit of [256, null]) {
          const taken = new Map<Reason, number>();
          const found: RejectExample[] = [];
          const list = await rows(connection, `${rejectedRowsSql(p, fileId, incident)}${limit === null ? "" : ` LIMIT ${limit}`}`);
          for (const r of list) {
            let why = str(r.why);
            let field = str(r.field);
            let value = str(r.bad);
            if (why === "pending") {
              const o = outcomes.get(pendingKey(str(r.geo), str(r.naics), str(r.src_sector), str(r.fam)));
              if (o === undefined) continue;
              const resolved: Reason | null = o.why ?? (r.outside === true ? "outside_window" : null);
              if (resolved === null) continue;
              why = resolved;
              field = resolved === "bad_country" ? "country" : resolved === "bad_naics" ? "naics" : resolved === "other_family" ? "family" : "timestamp";
              value = resolved === "bad_country" ? str(r.lgeo) : resolved === "bad_naics" ? str(r.lnaics) : resolved === "other_family" ? str(r.lfam) : value;
            }
            if (!isReason(why)) continue;
            const want = need.get(why) ?? 0;
            if ((taken.get(why) ?? 0) >= want) continue;
            taken.set(why, (taken.get(why) ?? 0) + 1);
            found.push({file: f.file, fileId, line: recordLine(num(r.rn), lines), field, reason: why, value});
          }
          const complete = [...need].every(([reason, want]) => (taken.get(reason) ?? 0) >= want);
          if (complete || limit === null || list.length < limit) {
            examples.push(...found);
            for (const [reason, n] of taken) have.set(reason, (have.get(reason) ?? 0) + n);
            break;
          }
        }
      } finally {
        await exec(connection, "SET preserve_insertion_order=false");
      }
    }

    log("ingest: examples");
    const q = aggregateQueries(`(SELECT date_trunc('hour', ts) AS hour, iso2, sector, ip, hits, ts AS first, ts AS last FROM red WHERE why IS NULL)`);
    for (const sql of q.base) await exec(connection, sql);
    const parts = {hourly: [] as Row[], countries: [] as Row[], sectors: [] as Row[], countrySectors: [] as Row[], daily: [] as Row[], total: [] as Row[]};
    for (const key of Object.keys(parts) as Array<keyof typeof parts>) parts[key] = await rows(connection, q.parts[key]);
    log("ingest: aggregate queries");
    const aggregates = q.toAggregates(parts);
    log("ingest: aggregated");
    let events: EventColumns | null = null;
    if (options.eventsLimit !== undefined) events = await collectEvents(connection, pre, incident, options.eventsLimit, dupsTable);
    const summary = buildSummary({
      incident, inputHash: options.inputHash, counts, examples, aggregates, totals: q.totals(parts),
      threshold: options.threshold ?? incident.validation.rejection_threshold, dedupe
    });
    return {summary, aggregates, events};
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * The first `limit` accepted events in time order, one per row (a separate scan; only for the events table):
 * rows the SQL rules accept and pending rows the TS rules accept, without rejected duplicates.
 */
async function collectEvents(connection: DuckDBConnection, pre: Preflight[], incident: Incident, limit: number, dups: boolean): Promise<EventColumns> {
  const start = sqlString(incident.window.start.replace("T", " ").replace("Z", ""));
  const end = sqlString(incident.window.end.replace("T", " ").replace("Z", ""));
  const scans = pre.map((p, fileId) => `SELECT ${fileId} AS file_id, c.rn, c.ts, coalesce(m.piso2, c.cst) AS iso2, coalesce(m.psector, c.sector) AS sector,
      c.fam, c.hits FROM (${classifiedSql(p, fileId, incident, {rejects: false, rowNumbers: true})}) c
      LEFT JOIN pmap m ON c.why = 'pending' AND m.pgeo = c.geo AND m.pnaics = c.naics AND m.psrc = c.src_sector AND m.pfam = c.fam
      WHERE (c.why IS NULL OR (c.why = 'pending' AND m.pgeo IS NOT NULL AND m.pwhy IS NULL AND c.ts >= ${start}::TIMESTAMP AND c.ts < ${end}::TIMESTAMP))${
      dups ? ` AND NOT EXISTS (SELECT 1 FROM dups d WHERE d.file_id = ${fileId} AND d.rn = c.rn)` : ""}`);
  const e = await rows(connection, `SELECT epoch_ms(ts)::DOUBLE AS t, iso2, sector, fam, hits FROM (${scans.join(" UNION ALL ")})
    ORDER BY ts, file_id, rn LIMIT ${Math.max(0, Math.floor(limit))}`);
  return {timestamp: e.map((r) => num(r.t)), country: e.map((r) => str(r.iso2)), sector: e.map((r) => str(r.sector)),
    family: e.map((r) => str(r.fam)), hits: e.map((r) => num(r.hits))};
}

export {REASONS};
