// Country rule: ISO 3166-1 via i18n-iso-countries; aliases (UK→GB) and unknown codes come from data/ tables.
// The library's core without its Node entry, which registers all 78 locales (730 KB in the compiled ingest): English only.
import countries from "i18n-iso-countries/index.js";
import en from "i18n-iso-countries/langs/en.json" with {type: "json"};
import {readDataTable} from "./tables.ts";

countries.registerLocale(en);

export interface Country {
  iso2: string;
  iso3: string;
  /** ISO numeric, zero-padded to 3 digits ("" for the unknown bucket). */
  isoNumeric: string;
  name: string;
}

/** The explicit bucket for rows whose country is not known; counted, never dropped. */
export const UNKNOWN_COUNTRY: Country = {iso2: "XX", iso3: "XXX", isoNumeric: "", name: "Unknown"};

const aliases = new Map(readDataTable("country-aliases.csv").map((row) => [row.code ?? "", row.iso2 ?? ""]));
const unknownCodes = new Set(readDataTable("country-unknown.csv").map((row) => row.code ?? ""));

/**
 * Every text normaliseCountry can accept, as written in its tables and the ISO lists: placeholders, aliases, alpha-2
 * and alpha-3 codes (a unit test checks no other code of two or three letters is accepted).
 */
export const countryCodeCandidates = (): string[] => [...unknownCodes, ...aliases.keys(),
  ...Object.keys(countries.getAlpha2Codes()), ...Object.keys(countries.getAlpha3Codes())];

function fromIso2(iso2: string): Country | null {
  if (!countries.isValid(iso2)) return null;
  const name = countries.getName(iso2, "en");
  const iso3 = countries.alpha2ToAlpha3(iso2);
  const numeric = countries.alpha2ToNumeric(iso2);
  if (name === undefined || iso3 === undefined || numeric === undefined) return null;
  return {iso2, iso3, isoNumeric: numeric.padStart(3, "0"), name};
}

/**
 * Normalises a raw country code (alpha-2, alpha-3 or an alias; case and spaces ignored).
 * Unknown placeholders give UNKNOWN_COUNTRY; an unrecognised code gives null (the row is rejected).
 */
export function normaliseCountry(raw: string): Country | null {
  const code = raw.trim().toUpperCase();
  if (unknownCodes.has(code)) return UNKNOWN_COUNTRY;
  const alias = aliases.get(code);
  if (alias !== undefined) return fromIso2(alias);
  if (/^[A-Z]{2}$/.test(code)) return fromIso2(code);
  if (/^[A-Z]{3}$/.test(code)) {
    const iso2 = countries.alpha3ToAlpha2(code);
    return iso2 === undefined ? null : fromIso2(iso2);
  }
  return null;
}
