// What the two country-detail figures share: the chosen country (a code in the countries table) and its name.
import type {FigureTables} from "./tables.js";
import {code, type Reader} from "./params.js";
import {displayName, shortNames} from "../components/state/report-data.js";

export interface CountrySelections {country: string | null}
export const countryParams: {[K in keyof CountrySelections]: Reader<CountrySelections[K]>} = {country: code};

/** The chosen country's row and readable name, or null when none is chosen or it has no data. */
export function chosenCountry(t: Pick<FigureTables, "countries" | "world">, country: string | null) {
  const row = country ? [...t.countries].find((c) => c.country === country) : undefined;
  if (!row) return null;
  return {...row, label: row.country === "XX" ? "Unknown location" : displayName(row.name, row.iso_numeric ?? undefined, shortNames(t.world))};
}
