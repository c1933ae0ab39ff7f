// The single-scan ingestion path. One parallel DuckDB pass over all input files classifies every row with SQL
// forms of the rules (generated from the same data tables and TS normalisers, see rules-sql.ts) into a narrow
// table; then the aggregates (on a second connection) and the accounting, duplicate screening and checks run at
// once over it, and a second, streaming pass stops as soon as it has the first examples of each reason. It gives exactly the staged path's results
// and steps aside (returns a reason) when one of its checks fails:
//   - a file is not valid UTF-8 (DuckDB only checks the columns it reads);
//   - two accepted rows of a file have the same fingerprint (timestamp, IP, ports, row id): possible duplicates, and
//     the staged path compares whole rows;
//   - the TS normalisers disagree with the SQL on any distinct raw value the SQL rejected or matched loosely.
import type {DuckDBConnection, DuckDBInstance} from "@duckdb/node-api";
import type {Preflight} from "./preflight.ts";
import {MAX_EXAMPLES, OTHER_FAMILIES, type IngestOptions, type IngestResult} from "./ingest.ts";
import {normaliseCountry} from "./country.ts";
import {normaliseSector} from "./sector.ts";
import type {Incident} from "./incident.ts";
import {FAMILY_FIELDS, matchFamily} from "./families.ts";
import {aggregate} from "./aggregate.ts";
import {buildSummary, type FileCounts, type OtherFamily, type RejectExample} from "./summary.ts";
import {accountLines, fileFacts, nonRecordLines, recordLine, type LineFacts} from "./lines.ts";
import {column, csvSource, exec, familyField, familySource, familyText, hitsSql, ident, num, rowRules, rows, sqlString, str, structuralRejects, text,
  timestampLiteral, timestampSql, type Row} from "./read.ts";
import {countrySql, familyExactSql, familyMatchSql, naicsDigitsSql, sectorSql} from "./rules-sql.ts";
import type {Reason} from "./reasons.ts";

/** Reason codes: the row rules (read.ts), then the normalisation rules, in the order they apply. */
function reasonCodes(pre: Preflight | null): Array<{reason: Reason; field: string; when: string; value: string}> {
  return [
    ...rowRules(pre === null ? "family" : familyField(pre)),
    {reason: "bad_country", field: "country", when: "iso2 IS NULL", value: "left(upper(trim(geo)), 60)"},
    {reason: "bad_naics", field: "naics", when: "sector IS NULL", value: "left(trim(naics), 60)"},
    {reason: "other_family", field: "family", when: "NOT fam_ok", value: "left(fam, 60)"},
    {reason: "outside_window", field: "timestamp", when: "NOT in_window", value: "strftime(ts, '%Y-%m-%d %H:%M:%S')"}
  ];
}
// Codes are positions in reasonCodes() (1-based), the same for every file.
const BAD_COUNTRY = rowRules("").length + 1, BAD_NAICS = BAD_COUNTRY + 1, OTHER_FAMILY = BAD_COUNTRY + 2;
const REASON_BY_CODE = reasonCodes(null).map((r) => r.reason);
const reasonOf = (code: number): Reason | undefined => REASON_BY_CODE[code - 1];


/** One file's rows with the raw fields, the rule results and the reason code (NULL = accepted). */
export function classifySql(pre: Preflight, fileId: number, options: IngestOptions, rejects: string): string {
  const {incident} = options;
  const fingerprint = [...(["timestamp", "ip"] as const).map((f) => column(pre, f)).filter((c) => c !== null),
    ...pre.headers.filter((h) => FINGERPRINT_COLUMNS.has(h.trim().toLowerCase())).map(ident)];
  return `
  SELECT ${fileId}::UTINYINT AS file_id, t, ip, ts, hraw, hits, fp, geo, naics, fam, fam_src, src_sector, iso2, sector,
    fam_exact AND naics_digits AS exact,
    CASE ${reasonCodes(pre).map((r, i) => `WHEN ${r.when} THEN ${i + 1}`).join(" ")} END AS why
  FROM (
    SELECT *, ${hitsSql("hraw")} AS hits, ${countrySql("geo")} AS iso2,
      ts >= ${timestampLiteral(incident.window.start)} AND ts < ${timestampLiteral(incident.window.end)} AS in_window,
      ${sectorSql("naics", "src_sector", "naics_digits", "naics2")} AS sector,
      CASE WHEN fam_exact THEN true ELSE ${familyMatchSql(incident.family_specs, "fam", "fam_src")} IS NOT NULL END AS fam_ok
    FROM (SELECT *, ${timestampSql("t")} AS ts, ${naicsDigitsSql("naics")} AS naics_digits, left(naics, 2) AS naics2,
      ${familyExactSql(incident.family_specs, "fam", "fam_src")} AS fam_exact FROM (
      SELECT ${text(pre, "timestamp")} AS t, ${text(pre, "ip")} AS ip, ${text(pre, "country")} AS geo, ${text(pre, "naics")} AS naics,
        ${text(pre, "sector")} AS src_sector, ${familyText(pre)} AS fam, ${familySource(pre)} AS fam_src, trim(${text(pre, "hits")}) AS hraw,
        hash(${fingerprint.join(", ")}) AS fp
      FROM ${csvSource(pre, rejects)}
    ))
  )`;
}

/**
 * Columns that tell events of one IP in one second apart (ports, row ids). The duplicate fingerprint hashes them
 * with the timestamp and IP: exact duplicates always share it, and distinct events rarely do (then the staged path runs).
 */
const FINGERPRINT_COLUMNS = new Set(["port", "src_port", "id"]);

type Check = {ok: true} | {ok: false; why: string};

/** Checks every distinct raw value the SQL rejected, or accepted other than by an exact match, against the TS rules. */
function checkAgainstTs(checked: Row[], incident: Incident): Check {
  for (const r of checked) {
    const why = r.why === null ? null : num(r.why);
    const geo = str(r.geo), naics = str(r.naics), label = str(r.src_sector), fam = str(r.fam);
    const famOk = matchFamily(incident.family_specs, fam, FAMILY_FIELDS[num(r.fam_src)] ?? "infection") !== null;
    if (why === BAD_COUNTRY && normaliseCountry(geo) !== null) return {ok: false, why: `country ${JSON.stringify(geo)}`};
    if (why === BAD_NAICS && normaliseSector(naics, label).ok) return {ok: false, why: `NAICS ${JSON.stringify(naics)}`};
    if (why === OTHER_FAMILY && famOk) return {ok: false, why: `family ${JSON.stringify(fam)}`};
    if (why === null) {
      const sector = normaliseSector(naics, label);
      if (!sector.ok || sector.sector !== str(r.sector)) return {ok: false, why: `sector of ${JSON.stringify([naics, label])}`};
      if (!famOk) return {ok: false, why: `family ${JSON.stringify(fam)}`};
    }
  }
  return {ok: true};
}

/** DuckDB's table of records it could not parse in file i (read_csv store_rejects). */
const rejectsTable = (i: number): string => `scan_rejects_${i}`;

/** The result, or why the scan stepped aside. */
export type ScanOutcome = {result: IngestResult} | {fallback: string};

export async function scanIngest(connection: DuckDBConnection, instance: DuckDBInstance, pre: Preflight[], options: IngestOptions,
  log: (m: string) => void): Promise<ScanOutcome> {
  // A second connection runs the aggregates while this one does the accounting and the checks (a shared, not a
  // TEMP, table: temp tables belong to one connection).
  const second = await instance.connect();
  try {
    return await scanWith(connection, second, pre, options, log);
  } finally {
    second.closeSync();
  }
}

async function scanWith(connection: DuckDBConnection, second: DuckDBConnection, pre: Preflight[], options: IngestOptions,
  log: (m: string) => void): Promise<ScanOutcome> {
  const {incident} = options;
  // Rows whose values the TS rules must confirm: rejected by a rule the SQL form decides, or accepted other than exactly.
  const loose = `why IN (${BAD_COUNTRY}, ${BAD_NAICS}, ${OTHER_FAMILY}) OR (why IS NULL AND NOT exact)`;
  // Row order in `scanned` does not matter (the examples pass numbers rows itself), so DuckDB may write it in any order.
  await exec(connection, "SET preserve_insertion_order=false");
  const scan = exec(connection, `CREATE OR REPLACE TABLE scanned AS
    SELECT file_id, why::UTINYINT AS why, ts, ip, hits, fp, iso2, sector, fam_src,
      CASE WHEN ${loose} THEN {geo: geo, naics: naics, src_sector: src_sector, fam: fam} END AS loose
    FROM (${pre.map((p, i) => classifySql(p, i, options, rejectsTable(i))).join("\nUNION ALL\n")})`);
  // While DuckDB scans, this thread counts each file's lines (for lines swallowed by an unclosed quote) and checks
  // it is UTF-8 throughout: DuckDB only validates the columns it reads (and has failed on bad bytes in others).
  const facts: Array<LineFacts & {utf8: boolean}> = [];
  let factsError: string | null = null;
  for (const p of pre) {
    // A gzip stream that breaks off: the staged path reports it with the file's name.
    const f = await fileFacts(p.path).catch((error: unknown) => { factsError ??= `${p.name}: ${(error as Error).message}`; return {dataLines: 0, blankLines: 0, utf8: true}; });
    facts.push(f);
  }
  const scanError = await scan.then(() => null, (error: unknown) => (error as Error).message.split("\n")[0]);
  if (factsError !== null) return {fallback: `read error: ${factsError}`};
  const notUtf8 = pre.find((_, i) => facts[i]?.utf8 === false);
  if (notUtf8 !== undefined) return {fallback: `${notUtf8.name} is not valid UTF-8 throughout`};
  if (scanError !== null) return {fallback: `read error: ${scanError}`};
  await exec(connection, "SET preserve_insertion_order=true");
  log("ingest: scanned");
  const aggregating = aggregate(second,
    "(SELECT date_trunc('hour', ts) AS hour, iso2, sector, ip, hits, ts AS first, ts AS last FROM scanned WHERE why IS NULL)");
  const stopAggregating = async (): Promise<void> => {
    second.interrupt();
    await aggregating.catch(() => null);
  };
  const outcome = await account(connection, pre, options, facts, log).catch(async (error: unknown) => {
    await stopAggregating();
    throw error;
  });
  if ("fallback" in outcome) {
    await stopAggregating();
    return outcome;
  }
  const {aggregates, totals} = await aggregating;
  log("ingest: aggregated");
  const {counts, examples, otherFamilies} = outcome;
  const dedupe = options.dedupe ?? incident.validation.dedupe;
  const summary = buildSummary({incident, inputHash: options.inputHash, counts, examples, aggregates, totals, otherFamilies,
    threshold: options.threshold ?? incident.validation.rejection_threshold, dedupe});
  return {result: {summary, aggregates, events: null}};
}

/** Accounting, duplicate screen, TS checks and examples over `scanned`, or why the scan must step aside. */
async function account(connection: DuckDBConnection, pre: Preflight[], options: IngestOptions, facts: LineFacts[],
  log: (m: string) => void): Promise<{counts: FileCounts[]; examples: RejectExample[]; otherFamilies: OtherFamily[]} | {fallback: string}> {
  const {incident} = options;
  const accounting = await rows(connection, `SELECT file_id, why, count(*)::DOUBLE AS n,
      (count(*) FILTER (why IS NULL) - count(DISTINCT fp) FILTER (why IS NULL))::DOUBLE AS same_fp
    FROM scanned GROUP BY ALL ORDER BY ALL`);
  const suspect = accounting.find((r) => num(r.same_fp) > 0);
  if (suspect !== undefined) return {fallback: `possible duplicate rows in ${pre[num(suspect.file_id)]?.name}`};
  const check = checkAgainstTs(await rows(connection, `SELECT DISTINCT why, loose.geo AS geo, loose.naics AS naics,
      loose.src_sector AS src_sector, loose.fam AS fam, fam_src, sector FROM scanned WHERE loose IS NOT NULL`), incident);
  if (!check.ok) return {fallback: `SQL and TS rules differ on ${check.why}`};

  const counts: FileCounts[] = [];
  const codeCounts: Array<Map<number, number>> = []; // per file: reason code → rows
  for (const [i, p] of pre.entries()) {
    const mine = accounting.filter((r) => num(r.file_id) === i);
    const parsed = mine.reduce((s, r) => s + num(r.n), 0);
    const structural = await structuralRejects(connection, rejectsTable(i));
    const byCode = new Map(mine.filter((r) => r.why !== null).map((r) => [num(r.why), num(r.n)]));
    const byReason = new Map<Reason, number>();
    for (const [code, n] of byCode) {
      const reason = reasonOf(code);
      if (reason !== undefined) byReason.set(reason, (byReason.get(reason) ?? 0) + n);
    }
    codeCounts.push(byCode);
    const lines = await accountLines(p.path, facts[i] ?? {dataLines: 0, blankLines: 0}, parsed, structural);
    counts.push({file: p.name, layout: p.layout.id, notes: p.notes, parsed, duplicates: 0, byReason,
      structural: lines.rejects, skip: lines.skip, familyFields: new Map()});
  }
  // Which field each parsed row's family came from (families.ts FAMILY_FIELDS order).
  for (const r of await rows(connection, `SELECT file_id, fam_src, count(*)::DOUBLE AS n FROM scanned WHERE fam_src IS NOT NULL GROUP BY ALL ORDER BY ALL`)) {
    const field = FAMILY_FIELDS[num(r.fam_src)];
    if (field !== undefined) counts[num(r.file_id)]?.familyFields.set(field, num(r.n));
  }
  const otherFamilies: OtherFamily[] = (await rows(connection, `SELECT loose.fam AS fam, count(*)::DOUBLE AS n FROM scanned
      WHERE why = ${OTHER_FAMILY} GROUP BY loose.fam ORDER BY n DESC, fam LIMIT ${OTHER_FAMILIES}`)).map((r) => ({family: str(r.fam), rows: num(r.n)}));
  log("ingest: accounted");
  const examples = await firstExamples(connection, pre, options, counts, codeCounts);
  log("ingest: examples");
  return {counts, examples, otherFamilies};
}

/**
 * The first MAX_EXAMPLES rows of each reason in file/line order: per file and reason, a pass that numbers the
 * rows in file order (row_number() over the scan) and stops at the LIMIT, usually within the first few blocks.
 */
async function firstExamples(connection: DuckDBConnection, pre: Preflight[], options: IngestOptions, counts: FileCounts[],
  codeCounts: Array<Map<number, number>>): Promise<RejectExample[]> {
  const examples: RejectExample[] = [];
  const found = new Map<number, number>(); // reason code → examples so far
  for (const [fileId, p] of pre.entries()) {
    const rules = reasonCodes(p);
    const codes = rules.flatMap((_, i) => ((codeCounts[fileId]?.get(i + 1) ?? 0) > 0 && (found.get(i + 1) ?? 0) < MAX_EXAMPLES ? [i + 1] : []));
    if (codes.length === 0) continue;
    const structuralLines = nonRecordLines(counts[fileId]);
    const numbered = `(SELECT row_number() OVER () AS rn, * FROM (${classifySql(p, fileId, options, `example_rejects_${fileId}`)}))`;
    const value = `CASE why ${rules.map((r, i) => `WHEN ${i + 1} THEN ${r.value}`).join(" ")} END`;
    for (const code of codes) {
      const rule = rules[code - 1];
      if (rule === undefined) continue;
      const limit = Math.min(MAX_EXAMPLES - (found.get(code) ?? 0), codeCounts[fileId]?.get(code) ?? 0);
      const got = await rows(connection, `SELECT rn::DOUBLE AS rn, ${value} AS value FROM ${numbered} WHERE why = ${code} LIMIT ${limit}`);
      for (const r of got) {
        examples.push({file: p.name, fileId, line: recordLine(num(r.rn), structuralLines), field: rule.field, reason: rule.reason, value: str(r.value)});
      }
      found.set(code, (found.get(code) ?? 0) + got.length);
    }
  }
  return examples;
}
