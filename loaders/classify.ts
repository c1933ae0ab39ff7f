// Row rules as SQL, generated from the TypeScript rules so those stay the single source of truth:
// - country: a mapping table built by running normaliseCountry over its closed universe (every two- and
//   three-letter code, every alias and placeholder in data/);
// - NAICS: a longest-prefix CASE generated from data/naics-sectors.csv; sector labels from data/sector-labels.csv;
// - family: the incident's families.
// Values outside the closed universe that are printable ASCII are decided in SQL (the TS rules reject them or give
// "unknown"); anything else (non-ASCII, tabs, other whitespace JS would trim) is left "pending" and decided by the
// TS normalisers after the scan (loaders/ingest.ts). test/unit/classify.test.ts checks SQL against TS.
import {normaliseCountry} from "./country.ts";
import {readDataTable} from "./tables.ts";
import type {Incident} from "./incident.ts";

export const sqlString = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/** A value that the SQL rules may decide on their own: printable ASCII only (JS trim/case = SQL trim/case). */
export const PRINTABLE_ASCII = "[ -~]*";
export const printable = (expr: string): string => `regexp_full_match(${expr}, '${PRINTABLE_ASCII}')`;

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** Every code normaliseCountry accepts that is printable ASCII (it accepts no other ASCII value), with its result. */
export function countryUniverse(): Array<{code: string; iso2: string}> {
  const codes = new Set<string>();
  for (const row of readDataTable("country-unknown.csv")) codes.add(row.code ?? "");
  for (const row of readDataTable("country-aliases.csv")) codes.add(row.code ?? "");
  for (const a of LETTERS) for (const b of LETTERS) {
    codes.add(a + b);
    for (const c of LETTERS) codes.add(a + b + c);
  }
  const out: Array<{code: string; iso2: string}> = [];
  for (const code of [...codes].sort()) {
    const country = normaliseCountry(code);
    if (country !== null) out.push({code, iso2: country.iso2});
  }
  return out;
}

/** SQL VALUES list of the country universe: (geo, iso2). */
export function countryValuesSql(): string {
  return countryUniverse().map((c) => `(${sqlString(c.code)}, ${sqlString(c.iso2)})`).join(", ");
}

/**
 * Sector expression over `naics` (already trimmed of spaces) and `src` (the source's label, raw):
 * a sector key, '!bad' for a NAICS value that is not 2–6 digits, or NULL when only the TS rule can decide.
 */
export function sectorSql(naics: string, src: string): string {
  const prefixes = readDataTable("naics-sectors.csv")
    .map((r) => ({prefix: r.prefix ?? "", sector: r.sector ?? ""}))
    .sort((a, b) => b.prefix.length - a.prefix.length || (a.prefix < b.prefix ? -1 : 1));
  const byPrefix = prefixes.map((p) => `WHEN starts_with(${naics}, ${sqlString(p.prefix)}) THEN ${sqlString(p.sector)}`).join(" ");
  const labels = readDataTable("sector-labels.csv").map((r) => `WHEN ${sqlString((r.label ?? "").toLowerCase())} THEN ${sqlString(r.sector ?? "")}`).join(" ");
  return `CASE WHEN ${naics} = '' OR ${naics} = '0' THEN
      CASE lower(trim(${src})) ${labels} ELSE CASE WHEN ${printable(src)} THEN 'unknown' END END
    WHEN regexp_full_match(${naics}, '[0-9]{2,6}') THEN CASE ${byPrefix} ELSE 'unknown' END
    WHEN ${printable(naics)} THEN '!bad' END`;
}

/** Family state over `fam` (already trimmed of spaces, not empty): 'ok', 'bad' or NULL (TS decides). */
export function familySql(incident: Incident, fam: string): string {
  const list = incident.families.map(sqlString).join(", ");
  return `CASE WHEN lower(${fam}) IN (${list}) THEN 'ok' WHEN ${printable(fam)} THEN 'bad' END`;
}
