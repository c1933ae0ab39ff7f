// SQL forms of the country, sector and family rules for the single scan (scan.ts), generated from the TS
// normalisers and the data tables they read, so each rule still has one definition. The scan checks every
// distinct value these forms reject or match other than exactly against the TS rules before it uses them.
import {normaliseCountry} from "./country.ts";
import {readDataTable} from "./tables.ts";
import {sqlString} from "./read.ts";

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** Every upper-case code the country rule accepts (alpha-2, alpha-3, aliases, placeholders) → ISO alpha-2. */
function countryCodes(): Map<string, string> {
  const candidates = [
    ...readDataTable("country-aliases.csv").map((r) => r.code ?? ""),
    ...readDataTable("country-unknown.csv").map((r) => r.code ?? "")
  ];
  for (const a of LETTERS) for (const b of LETTERS) {
    candidates.push(a + b);
    for (const c of LETTERS) candidates.push(a + b + c);
  }
  const codes = new Map<string, string>();
  for (const code of candidates) {
    const country = normaliseCountry(code);
    if (country !== null && code.trim() !== "") codes.set(code.trim().toUpperCase(), country.iso2);
  }
  return codes;
}

const codes = countryCodes();
const selfCodes = [...codes].filter(([code, iso2]) => code === iso2).map(([code]) => code);
const emptyCountry = normaliseCountry("")?.iso2 ?? null;

/** Types the generated SQL uses; run once per connection. */
export const RULE_TYPES = [
  `DROP TYPE IF EXISTS atlas_iso2`,
  `CREATE TYPE atlas_iso2 AS ENUM (${selfCodes.map(sqlString).join(", ")})`,
  `DROP TYPE IF EXISTS atlas_country_code`,
  `CREATE TYPE atlas_country_code AS ENUM (${[...codes.keys()].map(sqlString).join(", ")})`
];

/** ISO alpha-2 of a raw country text, or NULL when the rule rejects it. */
export function countrySql(geo: string): string {
  const iso2List = `[${[...codes.values()].map(sqlString).join(", ")}]`;
  return `CASE WHEN try_cast(${geo} AS atlas_iso2) IS NOT NULL THEN ${geo}
    WHEN trim(${geo}) = '' THEN ${emptyCountry === null ? "NULL" : sqlString(emptyCountry)}
    ELSE ${iso2List}[enum_code(try_cast(upper(trim(${geo})) AS atlas_country_code)) + 1] END`;
}

const prefixes = readDataTable("naics-sectors.csv").map((r) => ({prefix: r.prefix ?? "", sector: r.sector ?? ""}));
const labels = readDataTable("sector-labels.csv").map((r) => ({label: (r.label ?? "").toLowerCase(), sector: r.sector ?? ""}));

/**
 * The longest listed prefix of an all-digit NAICS text → sector key, as one CASE on the first two digits
 * (a CASE on left(n, 2) would compute left() once per branch), with longer prefixes checked under their stem.
 */
function naicsSector(n: string, n2: string): string {
  const stems = [...new Set(prefixes.map((p) => p.prefix.slice(0, 2)))].sort();
  const branch = (stem: string): string => {
    const two = prefixes.find((p) => p.prefix === stem)?.sector ?? "unknown";
    const longer = prefixes.filter((p) => p.prefix.length > 2 && p.prefix.startsWith(stem))
      .sort((a, b) => b.prefix.length - a.prefix.length || (a.prefix < b.prefix ? -1 : 1));
    return longer.length === 0 ? sqlString(two)
      : `CASE ${longer.map((p) => `WHEN starts_with(${n}, ${sqlString(p.prefix)}) THEN ${sqlString(p.sector)}`).join(" ")} ELSE ${sqlString(two)} END`;
  };
  return `CASE ${stems.map((stem) => `WHEN ${n2} = ${sqlString(stem)} THEN ${branch(stem)}`).join(" ")} ELSE 'unknown' END`;
}

function labelSector(label: string): string {
  return `CASE lower(trim(${label})) ${labels.map((l) => `WHEN ${sqlString(l.label)} THEN ${sqlString(l.sector)}`).join(" ")} ELSE 'unknown' END`;
}

/** Whether a raw NAICS text is a 2–6 digit code as written (no trimming needed). */
export function naicsDigitsSql(naics: string): string {
  return `regexp_full_match(${naics}, '[0-9]{2,6}')`;
}

/**
 * Sector key from raw NAICS and source label, or NULL for a NAICS value the rule rejects. `digits` and `n2` are
 * columns holding naicsDigitsSql(naics) and left(naics, 2), computed once per row.
 */
export function sectorSql(naics: string, label: string, digits: string, n2: string): string {
  return `CASE WHEN ${digits} THEN ${naicsSector(naics, n2)}
    WHEN trim(${naics}) = '' OR trim(${naics}) = '0' THEN ${labelSector(label)}
    WHEN ${naicsDigitsSql(`trim(${naics})`)} THEN ${naicsSector(`trim(${naics})`, `left(trim(${naics}), 2)`)} END`;
}

/** Whether a text is one of the values (comparisons: a long IN list would become a join). */
export function oneOfSql(text: string, values: string[]): string {
  return values.length === 0 ? "false" : `(${values.map((v) => `${text} = ${sqlString(v)}`).join(" OR ")})`;
}

/** Whether a family text (already trimmed) is one of the incident's families. */
export function familyOkSql(fam: string, families: string[]): string {
  return `CASE WHEN ${oneOfSql(fam, families)} THEN true ELSE ${oneOfSql(`lower(${fam})`, families)} END`;
}
