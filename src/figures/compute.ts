// Numbers more than one figure computes from the same tables: hourly totals, country rows with rates,
// window sums. Pure functions (test/unit/figures.test.ts).
import type {CountryRow, HourlyRow, ReferenceRow, World} from "./tables.js";
import {displayName} from "../components/state/report-data.js";
import {listFirst} from "../components/facts/list.js";
import {countOf} from "../components/facts/count.js";
import {floorHour, zeroFilled, type HourTotal} from "../components/time/hours.js";

/** The hourly table as columns: hourly.arrow has ~150k rows, and reading Arrow rows one by one takes seconds. */
export interface HourlyColumns {length: number; hour: Float64Array; hits: Float64Array; country: string[]; sector: string[]}

interface ArrowChunk {length: number; offset: number; values: ArrayLike<number | bigint>; dictionary?: Iterable<unknown>}
interface ArrowLike {numRows: number; getChild(name: string): {data: ArrowChunk[]} | null}

const isArrow = (x: unknown): x is ArrowLike => typeof (x as {getChild?: unknown}).getChild === "function";
const cache = new WeakMap<object, HourlyColumns>();

/** Reads an Arrow table's columns chunk by chunk (dictionary columns decoded by index), or plain rows. */
export function hourlyColumns(hourly: Iterable<HourlyRow>): HourlyColumns {
  const cached = cache.get(hourly);
  if (cached) return cached;
  let out: HourlyColumns;
  if (isArrow(hourly)) {
    const n = hourly.numRows;
    out = {length: n, hour: new Float64Array(n), hits: new Float64Array(n), country: new Array<string>(n), sector: new Array<string>(n)};
    const numbers = (name: string, into: Float64Array) => {
      let at = 0;
      for (const chunk of hourly.getChild(name)?.data ?? []) {
        for (let i = 0; i < chunk.length; i++) into[at++] = Number(chunk.values[chunk.offset + i]);
      }
    };
    const strings = (name: string, into: string[]) => {
      let at = 0;
      for (const chunk of hourly.getChild(name)?.data ?? []) {
        const words = Array.from(chunk.dictionary ?? [], String);
        for (let i = 0; i < chunk.length; i++) into[at++] = words[Number(chunk.values[chunk.offset + i])] ?? "";
      }
    };
    numbers("hour", out.hour);
    numbers("hits", out.hits);
    strings("country", out.country);
    strings("sector", out.sector);
  } else {
    const rows = [...hourly];
    out = {length: rows.length, hour: Float64Array.from(rows, (r) => +r.hour), hits: Float64Array.from(rows, (r) => r.hits), country: rows.map((r) => r.country), sector: rows.map((r) => r.sector)};
  }
  cache.set(hourly, out);
  return out;
}

/** Sums hits by a key of each row (or skips the row when the key is null). */
function sumBy<K>(hourly: Iterable<HourlyRow>, key: (c: HourlyColumns, i: number) => K | null): Map<K, number> {
  const c = hourlyColumns(hourly);
  const sums = new Map<K, number>();
  for (let i = 0; i < c.length; i++) {
    const k = key(c, i);
    if (k !== null) sums.set(k, (sums.get(k) ?? 0) + c.hits[i]!);
  }
  return sums;
}

const allHours = new WeakMap<object, Map<number, number>>();

/**
 * Hits per hour (ms since the epoch), optionally for one country; every hour with a row. The all-countries sums are
 * computed once per table (every hourly figure, and each redraw of the window figures, reads them): do not change them.
 */
export function hitsByHour(hourly: Iterable<HourlyRow>, country: string | null = null): Map<number, number> {
  if (country !== null) return sumBy(hourly, (c, i) => (c.country[i] === country ? c.hour[i]! : null));
  const cached = allHours.get(hourly);
  if (cached) return cached;
  const sums = sumBy(hourly, (c, i) => c.hour[i]!);
  allHours.set(hourly, sums);
  return sums;
}

/**
 * Hits per hour from `from` (or the window's start) to the window's end, each hour from its start (a window that opens
 * at 14:30 has the hour from 14:00, which holds its hits from 14:30), the hits dated before `from`, and the first
 * hour with hits.
 */
export function hourlyTotals(hourly: Iterable<HourlyRow>, window: [Date, Date], from: Date | null = null): {totals: HourTotal[]; dropped: number; total: number; peak: HourTotal | null; first: Date | null} {
  const byHour = hitsByHour(hourly);
  const start = Math.max(floorHour(window[0]), from ? floorHour(from) : -Infinity);
  const totals = zeroFilled(byHour, start, window[1]);
  let dropped = 0, first = Infinity;
  for (const [h, v] of byHour) {
    if (h < start) dropped += v;
    if (v > 0 && h < first) first = h;
  }
  let total = 0, peak: HourTotal | null = null;
  for (const d of totals) {
    total += d.value;
    if (!peak || d.value > peak.value) peak = d;
  }
  return {totals, dropped, total, peak, first: Number.isFinite(first) ? new Date(first) : null};
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

/** A caveat naming the countries of `rows` the map has no outline for (too small at 1:110m), or null when it draws them all. */
export function unmappedCaveat(world: World, rows: {country: string; name: string}[]): string | null {
  const drawn = new Set(world.objects.countries.geometries.map((g) => g.properties?.iso2));
  const missing = rows.filter((r) => r.country !== "XX" && !drawn.has(r.country)).map((r) => r.name);
  if (missing.length === 0) return null;
  return `Too small to draw at this map's scale (1:110m), so in the table only: ${listFirst(missing, 5)}.`;
}

/** The year of the population and internet-user figures the rates divide by (country-reference.arrow). */
export const REFERENCE_YEAR = 2017;

/** A caveat for rates of an incident in another year than the reference figures, or null in the same year. */
export function referenceYearCaveat(windowStart: string): string | null {
  const year = new Date(windowStart).getUTCFullYear();
  if (year === REFERENCE_YEAR) return null;
  return `Rates divide by ${REFERENCE_YEAR} population and internet users, not by figures of this incident's year (${year}): read them as approximate.`;
}

/** The hits and unique IPs with no known location (the XX row), or null when there are none. */
export function unlocated(rows: {country: string; hits: number; unique_ips: number}[]): {hits: number; unique_ips: number} | null {
  const unknown = rows.find((r) => r.country === "XX");
  return unknown === undefined || unknown.hits === 0 ? null : {hits: unknown.hits, unique_ips: unknown.unique_ips};
}

/** What the unknown-location counts are, after them ("18 hits from 6 unique IPs …"), and the query that gives them. */
export const UNLOCATED_TEXT = "had no known location (no country code, or a placeholder such as XX or EU): they are in the totals but not on the map or in the ranking.";
export const UNLOCATED_SQL = "SELECT hits, unique_ips FROM countries WHERE country = 'XX'";
export const unlocatedCounts = (u: {hits: number; unique_ips: number}): string => `${countOf(u.hits, "hit")} from ${countOf(u.unique_ips, "unique IP")}`;

/** A caveat for the hits with no known location, which no map or ranking shows; null when there are none. */
export function unlocatedCaveat(rows: {country: string; hits: number; unique_ips: number}[]): string | null {
  const u = unlocated(rows);
  return u === null ? null : `${unlocatedCounts(u)} ${UNLOCATED_TEXT}`;
}

/** The rows (ranked, largest first) that share the largest value: one, or all those tied for the top. */
export function tiedForTop<T>(ranked: T[], value: (row: T) => number | null): T[] {
  const top = ranked[0] === undefined ? null : value(ranked[0]);
  return top === null ? [] : ranked.filter((r) => value(r) === top);
}

/** A row's competition rank (1 + how many rows have more), so that tied rows share a rank. */
export function competitionRank<T>(ranked: T[], value: (row: T) => number | null, row: T): number {
  const own = value(row);
  return own === null ? 0 : 1 + ranked.filter((r) => (value(r) ?? -Infinity) > own).length;
}

/** "Germany and Austria", "A, B, C and 4 others": the names of tied rows, at most three named. */
export const tiedNames = (names: string[]): string => listFirst(names, 3);

/** Hits in [from, to) summed by `key` of the hourly rows, largest first. */
export function hitsBy(hourly: Iterable<HourlyRow>, key: "country" | "sector", from: Date, to: Date): {key: string; hits: number}[] {
  const sums = sumBy(hourly, (c, i) => (c.hour[i]! >= +from && c.hour[i]! < +to ? c[key][i]! : null));
  return [...sums].map(([k, hits]) => ({key: k, hits})).sort((a, b) => b.hits - a.hits);
}

/** The chart with a list under it (e.g. the numbered event key), as one element. */
export function withKey(chart: Element, key: Element | null): HTMLElement {
  const div = document.createElement("div");
  div.append(chart);
  if (key) div.append(key);
  return div;
}

/** Who sent hits, by sector: "addresses in the Health sector", "addresses of no known sector". */
export const sectorSubject = (sector: string, label: string): string =>
  sector === "unknown" ? "addresses of no known sector" : `addresses in the ${label} sector`;
