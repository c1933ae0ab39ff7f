// SQL forms of the country, sector and family rules for the single scan (scan.ts), generated from the TS
// normalisers and the data tables they read, so each rule still has one definition. The scan checks every
// distinct value these forms reject or match other than exactly against the TS rules before it uses them.
import {countryCodeCandidates, normaliseCountry} from "./country.ts";
import {readDataTable} from "./tables.ts";
import {oneOfSql, sqlString} from "./read.ts";
import {SECTORS} from "./sector.ts";
import {FAMILY_FIELDS, TAG_SEPARATORS, VARIANT_SEPARATORS, type FamilySpec} from "./families.ts";

/** Every upper-case code the country rule accepts (alpha-2, alpha-3, aliases, placeholders) → ISO alpha-2. */
function countryCodes(): Map<string, string> {
  const candidates = countryCodeCandidates();
  const codes = new Map<string, string>();
  for (const code of candidates) {
    const country = normaliseCountry(code);
    if (country !== null && code.trim() !== "") codes.set(code.trim().toUpperCase(), country.iso2);
  }
  return codes;
}

const codes = countryCodes();
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
// Sorted, so that ORDER BY on the ENUM is the order of the text.
const iso2Codes = [...new Set(codes.values())].sort(byText);
const sectorKeys = SECTORS.map((s) => s.key).sort(byText);
const emptyCountry = normaliseCountry("")?.iso2 ?? null;
// The exact-match path of countrySql casts a raw text straight to atlas_iso2, so each key must map to itself.
for (const iso2 of iso2Codes) if (codes.get(iso2) !== iso2) throw new Error(`country rule: ${iso2} does not map to itself`);

const sectorValue = (key: string): string => `${sqlString(key)}::atlas_sector`;

/**
 * ISO alpha-2 (atlas_iso2) of a raw country text, or NULL when the rule rejects it: a key as written, else a code
 * (trimmed, any case) by its position in atlas_country_code, else a blank text's placeholder. The key as written is
 * a WHEN of its own: DuckDB then computes the rest only for the other texts (22 against 31 ms over 1M texts with all
 * three in one coalesce, 3 Dec).
 */
export function countrySql(geo: string): string {
  const iso2List = `([${[...codes.values()].map(sqlString).join(", ")}]::atlas_iso2[])`;
  const blank = emptyCountry === null ? "" : `, CASE WHEN trim(${geo}) = '' THEN ${sqlString(emptyCountry)}::atlas_iso2 END`;
  const key = `try_cast(${geo} AS atlas_iso2)`;
  return `CASE WHEN ${key} IS NOT NULL THEN ${key}
    ELSE coalesce(${iso2List}[enum_code(try_cast(upper(trim(${geo})) AS atlas_country_code)) + 1]${blank}) END`;
}

const prefixes = readDataTable("naics-sectors.csv").map((r) => ({prefix: r.prefix ?? "", sector: r.sector ?? ""}));
const labels = readDataTable("sector-labels.csv").map((r) => ({label: (r.label ?? "").toLowerCase(), sector: r.sector ?? ""}));
// The first two digits of every listed prefix: those with longer prefixes under them ("51": "517", "5171", …) need a
// CASE; every other two-digit stem maps to one sector, read from a list of all 100 by the stem's value.
const stems = [...new Set(prefixes.map((p) => p.prefix.slice(0, 2)))].sort(byText);
const longerUnder = (stem: string): Array<{prefix: string; sector: string}> => prefixes.filter((p) => p.prefix.length > 2 && p.prefix.startsWith(stem))
  .sort((a, b) => b.prefix.length - a.prefix.length || byText(a.prefix, b.prefix));
const nestedStems = stems.filter((stem) => longerUnder(stem).length > 0);
const stemSector = (stem: string): string => prefixes.find((p) => p.prefix === stem)?.sector ?? "unknown";
const stemSectors = `([${Array.from({length: 100}, (_, i) => sqlString(stemSector(String(i).padStart(2, "0")))).join(", ")}]::atlas_sector[])`;

/** Country and sector keys as ENUM types (one byte a value, fast to group and to read); run once per connection. */
export const RULE_TYPES: readonly string[] = [
  `DROP TYPE IF EXISTS atlas_iso2`,
  `CREATE TYPE atlas_iso2 AS ENUM (${iso2Codes.map(sqlString).join(", ")})`,
  `DROP TYPE IF EXISTS atlas_country_code`,
  `CREATE TYPE atlas_country_code AS ENUM (${[...codes.keys()].map(sqlString).join(", ")})`,
  `DROP TYPE IF EXISTS atlas_sector`,
  `CREATE TYPE atlas_sector AS ENUM (${sectorKeys.map(sqlString).join(", ")})`
];

/**
 * The longest listed prefix of an all-digit NAICS text → sector key: a stem with longer prefixes by a CASE of them,
 * longest first; any other stem by its value (00–99) in a list of 100 (a cast and an index: 24 ms over 1M texts,
 * where an ENUM cast of the stem took 47 ms, 3 Dec).
 */
function naicsSector(n: string): string {
  const flat = `${stemSectors}[left(${n}, 2)::UTINYINT + 1]`;
  if (nestedStems.length === 0) return flat;
  const nested = (stem: string): string =>
    `CASE ${longerUnder(stem).map((p) => `WHEN starts_with(${n}, ${sqlString(p.prefix)}) THEN ${sectorValue(p.sector)}`).join(" ")} ELSE ${sectorValue(stemSector(stem))} END`;
  return `CASE ${nestedStems.map((stem) => `WHEN starts_with(${n}, ${sqlString(stem)}) THEN ${nested(stem)}`).join(" ")} ELSE ${flat} END`;
}

function labelSector(label: string): string {
  return `CASE lower(trim(${label})) ${labels.map((l) => `WHEN ${sqlString(l.label)} THEN ${sectorValue(l.sector)}`).join(" ")} ELSE ${sectorValue("unknown")} END`;
}

/** Whether a raw NAICS text is a 2–6 digit code as written (no trimming needed). */
export function naicsDigitsSql(naics: string): string {
  return `regexp_full_match(${naics}, '[0-9]{2,6}')`;
}

/**
 * Sector key (atlas_sector) from raw NAICS and source label, or NULL for a NAICS value the rule rejects. `digits` is
 * a column holding naicsDigitsSql(naics), computed once per row.
 */
export function sectorSql(naics: string, label: string, digits: string): string {
  return `CASE WHEN ${digits} THEN ${naicsSector(naics)}
    WHEN trim(${naics}) = '' OR trim(${naics}) = '0' THEN ${labelSector(label)}
    WHEN ${naicsDigitsSql(`trim(${naics})`)} THEN ${naicsSector(`trim(${naics})`)} END`;
}

// The family rule (families.ts matchFamily) in SQL, generated from the same definitions. The SQL lower()/trim()
// differ from the TS ones only outside ASCII white space and case; the single scan checks every value it did not
// match exactly against matchFamily() (scan.ts), and the staged path applies matchFamily() itself.

/** A literal inside an RE2 pattern. */
const re2Literal = (s: string): string => s.replace(/[\\^$.|?*+()[\]{}-]/g, (c) => `\\${c}`);

/**
 * One RE2 pattern per family: its name or an alias, alone or followed by a variant separator, or one of its prefixes;
 * (?s) so that `.` also crosses line breaks inside a quoted value. One pattern (one reference to the value) per family
 * keeps the SQL small: DuckDB inlines the value's expression wherever it is referenced.
 */
function familyPattern(spec: FamilySpec): string {
  const names = [spec.name, ...spec.aliases].map(re2Literal).join("|");
  const separators = VARIANT_SEPARATORS.map(re2Literal).join("");
  const prefixes = spec.prefixes.map((p) => `|(${re2Literal(p)}).*`).join("");
  return `(?s)(${names})([${separators}].*)?${prefixes}`;
}

/** Canonical family (text) of one value in SQL, or NULL: the same order and tests as families.ts matchOne(). */
function matchOneSql(specs: FamilySpec[], v: string): string {
  return `CASE ${specs.map((spec) => `WHEN regexp_full_match(${v}, ${sqlString(familyPattern(spec))}) THEN ${sqlString(spec.name)}`).join(" ")} END`;
}

/**
 * The canonical family of `value` taken from the field whose FAMILY_FIELDS index is `fieldCode`, or NULL. A tag
 * value is a list: its elements are tried in order and the first that matches decides, as in matchFamily().
 */
export function familyMatchSql(specs: FamilySpec[], value: string, fieldCode: string): string {
  const one = matchOneSql(specs, `lower(trim(${value}))`);
  const split = `'[${TAG_SEPARATORS.join("")}]'`;
  const list = `list_filter(list_transform(string_split_regex(${value}, ${split}), lambda x: ${matchOneSql(specs, "lower(trim(x))")}), lambda m: m IS NOT NULL)[1]`;
  return `CASE WHEN ${fieldCode} = ${FAMILY_FIELDS.indexOf("tag")} THEN ${list} ELSE ${one} END`;
}

/** The families' names and aliases as written: the values familyExactSql accepts. */
export const familyNames = (specs: FamilySpec[]): string[] => specs.flatMap((s) => [s.name, ...s.aliases]);

/** Whether a value (not from a tag) is exactly a name or alias as written: no case folding or trimming involved. */
export function familyExactSql(specs: FamilySpec[], value: string, fieldCode: string): string {
  return `(${fieldCode} <> ${FAMILY_FIELDS.indexOf("tag")} AND ${oneOfSql(value, familyNames(specs))})`;
}
