// The staged ingestion path, kept as a test oracle (issue 14): an independent implementation that the tests run
// next to the pipeline (loaders/scan.ts) and compare with, result for result. It reads each CSV into a stage table,
// validates every row with the row rules, applies the TS normalisers to each distinct raw value (not their SQL forms)
// and joins the results back, and finds duplicates by whole-row hashes. Imported only by tests; never a fallback.
import type {DuckDBConnection} from "@duckdb/node-api";
import {InputError} from "../../loaders/errors.ts";
import {preflight, type Preflight} from "../../loaders/preflight.ts";
import {normaliseCountry} from "../../loaders/country.ts";
import {normaliseSector} from "../../loaders/sector.ts";
import {FAMILY_FIELDS, matchFamily} from "../../loaders/families.ts";
import {canonicalIp} from "../../loaders/ip.ts";
import {expandInputs} from "../../loaders/inputs.ts";
import {isReason, type Reason} from "../../loaders/reasons.ts";
import {aggregate} from "../../loaders/aggregate.ts";
import {accountLines, lineEndings, lineFacts, nonRecordLines, recordLine} from "../../loaders/lines.ts";
import {buildSummary, checkFamiliesMatched, type FileCounts, type OtherFamily, type RejectExample} from "../../loaders/summary.ts";
import {csvSource, exec, familyField, fieldLabel, familySource, familyText, hitsSql, ident, num, rowRules, rows, sqlString, str, structuralRejects, text,
  timestampLiteral, timestampSql, type Row} from "../../loaders/read.ts";
import {MAX_EXAMPLES, OTHER_FAMILIES, withDuckDb, type IngestOptions, type IngestResult} from "../../loaders/ingest.ts";
import type {EventColumns} from "../../loaders/types.ts";

/** The staged path over the inputs: the same result as ingest() (loaders/ingest.ts), by another route. */
export async function staged(options: IngestOptions): Promise<IngestResult> {
  const inputs = expandInputs(options.files);
  const pre = inputs.files.map((f) => preflight(f.path, f.name));
  const result = await withDuckDb(options, (connection) => stagedIngest(connection, pre, options));
  result.summary.skipped = inputs.skipped;
  checkFamiliesMatched(result.summary, options.incident);
  return result;
}

/** The INSERT that reads one file into the stage table with row-level validation. */
function stageSql(pre: Preflight, fileId: number): string {
  const rules = rowRules(familyField(pre));
  const pick = (part: (r: (typeof rules)[number]) => string): string =>
    `CASE ${rules.map((r) => `WHEN ${r.when} THEN ${part(r)}`).join(" ")} END`;
  const all = pre.headers.map(ident).join(", ");
  return `
  INSERT INTO stage
  SELECT ${fileId}, ts, ip, geo, naics, src_sector, fam, fam_src, hits, h,
    ${pick((r) => sqlString(r.reason))}, ${pick((r) => sqlString(r.field))}, ${pick((r) => r.value)}
  FROM (
    SELECT *, ${timestampSql("t")} AS ts, ${hitsSql("hraw")} AS hits
    FROM (
      SELECT ${text(pre, "timestamp")} AS t, ${text(pre, "ip")} AS ip, trim(${text(pre, "country")}) AS geo,
        trim(${text(pre, "naics")}) AS naics, ${text(pre, "sector")} AS src_sector,
        ${familyText(pre)} AS fam, ${familySource(pre)} AS fam_src, trim(${text(pre, "hits")}) AS hraw,
        hash(${all}) AS h
      FROM ${csvSource(pre, `rejects_${fileId}`)}
    )
  )`;
}

/** Builds a mapping table by applying a TS rule to each distinct raw value. */
async function mappingTable(connection: DuckDBConnection, name: string, keys: string[], select: string, map: (key: Row) => Array<string | boolean | number>, types: string[]): Promise<void> {
  const distinct = await rows(connection, `SELECT DISTINCT ${select} FROM stage WHERE reason IS NULL`);
  await exec(connection, `CREATE OR REPLACE TEMP TABLE ${name} (${[...keys, ...types].join(", ")})`);
  const appender = await connection.createAppender(name);
  for (const row of distinct) {
    for (const value of map(row)) {
      if (typeof value === "boolean") appender.appendBoolean(value);
      else if (typeof value === "number") appender.appendInteger(value);
      else appender.appendVarchar(value);
    }
    appender.endRow();
  }
  appender.closeSync();
}

/** The staged path: every row into a stage table, then classification, accounting and aggregates over it. */
async function stagedIngest(connection: DuckDBConnection, pre: Preflight[], options: IngestOptions): Promise<IngestResult> {
  const {incident} = options;
  await exec(connection, "SET preserve_insertion_order=true");
  // Row order in stage is file order (preserve_insertion_order), so rowid gives the record number.
  await exec(connection, `CREATE TEMP TABLE stage (file_id INTEGER, ts TIMESTAMP, ip VARCHAR, geo VARCHAR,
    naics VARCHAR, src_sector VARCHAR, fam VARCHAR, fam_src UTINYINT, hits INTEGER, h UBIGINT, reason VARCHAR, field VARCHAR, bad VARCHAR)`);
  const structural: Array<Array<{line: number; reason: Reason; message: string}>> = [];
  const skips: number[][] = [];
  const bases: number[] = [];
  for (const [fileId, p] of pre.entries()) {
    bases.push(num((await rows(connection, "SELECT count(*)::DOUBLE AS n FROM stage"))[0]?.n));
    try {
      await exec(connection, stageSql(p, fileId));
    } catch (error) {
      const endings = await lineEndings(p.path);
      if (endings.firstMinorityLine !== null) {
        throw new InputError(p.name, endings.firstMinorityLine, null, `mixed line endings (${endings.lf} LF, ${endings.crlf} CRLF): save the file with one kind`);
      }
      throw new InputError(p.name, null, null, `could not be read as CSV: ${(error as Error).message.split("\n")[0]}`);
    }
    const rejects = await structuralRejects(connection, `rejects_${fileId}`);
    // Lines swallowed by an unclosed quote are counted as rejected too: rows read = every data line (lines.ts).
    const parsed = num((await rows(connection, "SELECT count(*)::DOUBLE AS n FROM stage"))[0]?.n) - (bases[fileId] ?? 0);
    try {
      const lines = await accountLines(p.path, await lineFacts(p.path), parsed, rejects);
      structural.push(lines.rejects);
      skips.push(lines.skip);
    } catch (error) {
      throw new InputError(p.name, null, null, `could not be read as CSV: ${(error as Error).message}`);
    }
  }
  // Normalisation tables: the TS rules applied to every distinct raw value.
  await mappingTable(connection, "cmap", ["geo VARCHAR"], "geo", (r) => {
    const c = normaliseCountry(str(r.geo));
    return [str(r.geo), c?.iso2 ?? "", c !== null];
  }, ["iso2 VARCHAR", "ok BOOLEAN"]);
  await mappingTable(connection, "smap", ["naics VARCHAR", "src_sector VARCHAR"], "naics, src_sector", (r) => {
    const s = normaliseSector(str(r.naics), str(r.src_sector));
    return [str(r.naics), str(r.src_sector), s.ok ? s.sector : "", s.ok];
  }, ["sector VARCHAR", "ok BOOLEAN"]);
  await mappingTable(connection, "fmap", ["fam VARCHAR", "fam_src INTEGER"], "fam, fam_src", (r) => {
    const family = matchFamily(incident.family_specs, str(r.fam), FAMILY_FIELDS[num(r.fam_src)] ?? "infection");
    return [str(r.fam), num(r.fam_src), family ?? "", family !== null];
  }, ["family VARCHAR", "ok BOOLEAN"]);

  // One text per IPv6 address (canonicalIp), so unique IPs count addresses.
  await mappingTable(connection, "imap", ["ip VARCHAR"], "ip", (r) => [str(r.ip), canonicalIp(str(r.ip))], ["canonical VARCHAR"]);
  const dedupe = options.dedupe ?? incident.validation.dedupe;
  const why = `coalesce(s.reason, CASE WHEN NOT c.ok THEN 'bad_country' WHEN NOT m.ok THEN 'bad_naics'
        WHEN NOT f.ok THEN 'other_family' WHEN s.ts < ${timestampLiteral(incident.window.start)} OR s.ts >= ${timestampLiteral(incident.window.end)} THEN 'outside_window' END)`;
  // classified: every parsed row with its reason (NULL = accepted). A view: each use is one pass with small hash joins.
  await exec(connection, `CREATE TEMP VIEW classified0 AS
    SELECT s.file_id, s.rowid + 1 - b.base AS rn, s.ts, coalesce(i.canonical, s.ip) AS ip, s.hits, s.h, s.fam, f.family, try_cast(c.iso2 AS atlas_iso2) AS iso2,
      try_cast(m.sector AS atlas_sector) AS sector, ${why} AS why,
      coalesce(s.field, CASE WHEN NOT c.ok THEN 'country' WHEN NOT m.ok THEN 'naics' WHEN NOT f.ok THEN 'family'
        ELSE 'timestamp' END) AS why_field,
      coalesce(s.bad, CASE WHEN NOT c.ok THEN left(s.geo, 60) WHEN NOT m.ok THEN left(s.naics, 60) WHEN NOT f.ok THEN left(s.fam, 60)
        ELSE strftime(s.ts, '%Y-%m-%d %H:%M:%S') END) AS why_value
    FROM stage s JOIN (VALUES ${bases.map((b, i) => `(${i}, ${b})`).join(", ")}) AS b(file_id, base) ON b.file_id = s.file_id
      LEFT JOIN cmap c ON c.geo = s.geo
      LEFT JOIN smap m ON m.naics = s.naics AND m.src_sector = s.src_sector
      LEFT JOIN fmap f ON f.fam = s.fam AND f.fam_src = s.fam_src
      LEFT JOIN imap i ON i.ip = s.ip`);
  if (dedupe) {
    // The first of each group of identical accepted rows (by whole-row hash) is kept, in file/line order.
    await exec(connection, `CREATE TEMP TABLE classified AS
      SELECT * REPLACE (CASE WHEN why IS NULL AND row_number() OVER (PARTITION BY why IS NULL, h ORDER BY file_id, rn) > 1
        THEN 'duplicate' ELSE why END AS why) FROM classified0`);
  } else {
    await exec(connection, "CREATE TEMP VIEW classified AS SELECT * FROM classified0");
  }
  await exec(connection, `CREATE TEMP VIEW ev AS SELECT * FROM classified WHERE why IS NULL`);

  // Accounting: per file and reason, duplicates, examples.
  const counts: FileCounts[] = pre.map((p, i) => ({
    file: p.name, layout: p.layout.id, notes: p.notes, parsed: 0, duplicates: 0,
    byReason: new Map(), structural: structural[i] ?? [], skip: skips[i] ?? [], familyFields: new Map()
  }));
  // Which field each parsed row's family came from (families.ts FAMILY_FIELDS order).
  for (const r of await rows(connection, `SELECT file_id, fam_src, count(*)::DOUBLE AS n FROM stage WHERE fam_src IS NOT NULL GROUP BY ALL ORDER BY ALL`)) {
    const field = FAMILY_FIELDS[num(r.fam_src)];
    if (field !== undefined) counts[num(r.file_id)]?.familyFields.set(field, num(r.n));
  }
  const otherFamilies: OtherFamily[] = (await rows(connection, `SELECT fam, count(*)::DOUBLE AS n FROM classified
      WHERE why = 'other_family' GROUP BY fam ORDER BY n DESC, fam LIMIT ${OTHER_FAMILIES}`)).map((r) => ({family: str(r.fam), rows: num(r.n)}));
  // One pass over all classified rows: per (file, reason) and, for accepted rows, per (hour, country, sector, IP).
  await exec(connection, `CREATE TEMP TABLE agg_all AS
    SELECT file_id, why, CASE WHEN why IS NULL THEN date_trunc('hour', ts) END AS hour, CASE WHEN why IS NULL THEN iso2 END AS iso2,
      CASE WHEN why IS NULL THEN sector END AS sector, CASE WHEN why IS NULL THEN ip END AS ip,
      count(*) AS n, sum(hits) AS hits, min(ts) AS first, max(ts) AS last
    FROM classified GROUP BY ALL`);
  for (const r of await rows(connection, `SELECT file_id, why, sum(n)::DOUBLE AS n FROM agg_all GROUP BY ALL ORDER BY ALL`)) {
    const f = counts[num(r.file_id)];
    if (f === undefined) continue;
    f.parsed += num(r.n);
    const why = r.why === null ? null : str(r.why);
    if (why !== null && isReason(why)) f.byReason.set(why, (f.byReason.get(why) ?? 0) + num(r.n));
  }
  // Exact duplicates among accepted rows: rows minus distinct whole-row hashes (one global hash set per file).
  for (const r of await rows(connection, `SELECT file_id, (count(*) - count(DISTINCT h))::DOUBLE AS dups
      FROM classified WHERE why IS NULL GROUP BY file_id`)) {
    const f = counts[num(r.file_id)];
    if (f !== undefined) f.duplicates = num(r.dups);
  }
  // With de-duplication on, the duplicates are exactly the rows rejected as such.
  if (dedupe) for (const f of counts) f.duplicates = f.byReason.get("duplicate") ?? 0;
  const examples: RejectExample[] = [];
  // First examples per reason in file/line order: a top-N aggregate (no sort of all rejected rows).
  for (const r of await rows(connection, `SELECT e.file_id, e.rn::DOUBLE AS rn, e.why, e.why_field, e.why_value FROM (
      SELECT unnest(arg_min({file_id: file_id, rn: rn, why: why, why_field: why_field, why_value: why_value},
        file_id::BIGINT * 1099511627776 + rn, ${MAX_EXAMPLES})) AS e
      FROM classified WHERE why IS NOT NULL GROUP BY why) ORDER BY e.why, e.file_id, e.rn`)) {
    const f = counts[num(r.file_id)];
    const why = str(r.why);
    if (f === undefined || !isReason(why)) continue;
    const line = recordLine(num(r.rn), nonRecordLines(f));
    const input = pre[num(r.file_id)];
    const field = input === undefined ? str(r.why_field) : fieldLabel(input, str(r.why_field));
    examples.push({file: f.file, line, field, reason: why, value: str(r.why_value), fileId: num(r.file_id)});
  }
  const {aggregates, totals} = await aggregate(connection, "(SELECT * FROM agg_all WHERE why IS NULL)");
  let events: EventColumns | null = null;
  if (options.eventsLimit !== undefined) {
    const e = await rows(connection, `SELECT epoch_ms(ts)::DOUBLE AS t, iso2, sector, family, hits FROM ev
      ORDER BY ts, file_id, rn LIMIT ${Math.max(0, Math.floor(options.eventsLimit))}`);
    events = {timestamp: e.map((r) => num(r.t)), country: e.map((r) => str(r.iso2)), sector: e.map((r) => str(r.sector)),
      family: e.map((r) => str(r.family)), hits: e.map((r) => num(r.hits))};
  }
  const summary = buildSummary({
    incident, inputHash: options.inputHash, counts, examples, aggregates, totals, otherFamilies,
    threshold: options.threshold ?? incident.validation.rejection_threshold, dedupe
  });
  return {summary, aggregates, events};
}

