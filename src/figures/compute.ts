// Numbers more than one figure computes from the same tables: hourly totals, country rows with rates,
// window sums. Pure functions (test/unit/figures.test.ts).
import type {CountryRow, HourlyRow, ReferenceRow} from "./tables.js";
import {displayName} from "../components/state/report-data.js";

const HOUR = 3_600_000;

export interface HourTotal {hour: Date; value: number}

/** Hits per hour from `from` (floored to the hour) to the window's end, and the hits dated before `from`. */
export function hourlyTotals(hourly: Iterable<HourlyRow>, window: [Date, Date], from: Date | null = null): {totals: HourTotal[]; dropped: number; total: number; peak: HourTotal | null} {
  const byHour = new Map<number, number>();
  for (const d of hourly) byHour.set(+d.hour, (byHour.get(+d.hour) ?? 0) + d.hits);
  const start = from ? Math.floor(+from / HOUR) * HOUR : Math.ceil(+window[0] / HOUR) * HOUR;
  const totals: HourTotal[] = [];
  for (let t = Math.max(start, Math.ceil(+window[0] / HOUR) * HOUR); t < +window[1]; t += HOUR) totals.push({hour: new Date(t), value: byHour.get(t) ?? 0});
  let dropped = 0;
  for (const [h, v] of byHour) if (h < start) dropped += v;
  let total = 0, peak: HourTotal | null = null;
  for (const d of totals) {
    total += d.value;
    if (!peak || d.value > peak.value) peak = d;
  }
  return {totals, dropped, total, peak};
}

/** Rates from a handful of addresses are noise (one address in a country of 11,000 people): left out below this. */
export const MIN_FOR_RATE = 100;

export interface CountryFigureRow extends CountryRow {per_million_people: number | null; per_million_users: number | null}

/** One row per country with readable names and the rates per million people / internet users (≥ MIN_FOR_RATE addresses). */
export function countryRows(countries: Iterable<CountryRow>, reference: Iterable<ReferenceRow>, short: Map<string, string>): CountryFigureRow[] {
  const refByIso = new Map([...reference].map((r) => [r.iso2, r]));
  return [...countries].map((c) => {
    const ref = refByIso.get(c.country);
    const rated = c.unique_ips >= MIN_FOR_RATE;
    return {
      country: c.country, iso_numeric: c.iso_numeric, hits: c.hits, unique_ips: c.unique_ips,
      name: c.country === "XX" ? "Unknown location" : displayName(c.name, c.iso_numeric ?? undefined, short),
      per_million_people: rated && ref?.population_2017 ? (c.unique_ips * 1e6) / ref.population_2017 : null,
      per_million_users: rated && ref?.internet_users_2017 ? (c.unique_ips * 1e6) / ref.internet_users_2017 : null
    };
  });
}

/** Hits in [from, to) summed by `key` of the hourly rows, largest first. */
export function hitsBy(hourly: Iterable<HourlyRow>, key: "country" | "sector", from: Date, to: Date): {key: string; hits: number}[] {
  const sums = new Map<string, number>();
  for (const d of hourly) {
    const t = +d.hour;
    if (t >= +from && t < +to) sums.set(d[key], (sums.get(d[key]) ?? 0) + d.hits);
  }
  return [...sums].map(([k, hits]) => ({key: k, hits})).sort((a, b) => b.hits - a.hits);
}

/** The chart with a list under it (e.g. the numbered event key), as one element. */
export function withKey(chart: Element, key: Element | null): HTMLElement {
  const div = document.createElement("div");
  div.append(chart);
  if (key) div.append(key);
  return div;
}
