// Aggregates of accepted events: one DuckDB GROUPING SETS query gives every table with exact
// hits (sum) and unique source IPs (count distinct) per bucket; rows are then sorted deterministically.
import {normaliseCountry, UNKNOWN_COUNTRY} from "./country.ts";
import {sectorLabel, SECTORS} from "./sector.ts";
import type {Aggregates, CountRow} from "./types.ts";

type Row = Record<string, unknown>;
const num = (v: unknown): number => (typeof v === "bigint" ? Number(v) : Number(v ?? 0));
const str = (v: unknown): string => (v === null || v === undefined ? "" : String(v));

/** GROUPING(hour, iso2, sector, day) bit patterns of each grouping set. */
const SET = {hourly: 0b0001, countries: 0b1011, sectors: 0b1101, countrySectors: 0b1001, daily: 0b1110, total: 0b1111} as const;

const sectorOrder = new Map(SECTORS.map((s) => [s.key, s.order]));
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export interface Totals extends CountRow {first: number | null; last: number | null}

export function aggregateQueries(source = "ev") {
  const grouped = `
    SELECT GROUPING(hour, iso2, sector, day)::INTEGER AS g, epoch_ms(hour)::DOUBLE AS hour, epoch_ms(day)::DOUBLE AS day,
      iso2, sector, sum(hits)::DOUBLE AS hits, count(DISTINCT ip)::DOUBLE AS unique_ips,
      epoch_ms(min(ts))::DOUBLE AS first, epoch_ms(max(ts))::DOUBLE AS last
    FROM (SELECT date_trunc('hour', ts) AS hour, date_trunc('day', ts) AS day, iso2, sector, ip, hits, ts FROM ${source})
    GROUP BY GROUPING SETS ((hour, iso2, sector), (iso2), (sector), (iso2, sector), (day), ())`;
  const pick = (groups: Row[], set: number) => groups.filter((r) => num(r.g) === set);
  const counts = (r: Row): CountRow => ({hits: num(r.hits), unique_ips: num(r.unique_ips)});
  return {
    grouped,
    toAggregates(groups: Row[]): Aggregates {
      const hourly = pick(groups, SET.hourly)
        .map((r) => ({hour: num(r.hour), country: str(r.iso2), sector: str(r.sector), ...counts(r)}))
        .sort((a, b) => a.hour - b.hour || byText(a.country, b.country) || byText(a.sector, b.sector));
      const countries = pick(groups, SET.countries)
        .map((r) => {
          const c = normaliseCountry(str(r.iso2)) ?? UNKNOWN_COUNTRY;
          return {country: c.iso2, iso3: c.iso3, iso_numeric: c.isoNumeric, name: c.name, first_seen: num(r.first), ...counts(r)};
        })
        .sort((a, b) => b.hits - a.hits || byText(a.country, b.country));
      const sectors = pick(groups, SET.sectors)
        .map((r) => ({sector: str(r.sector), sector_label: sectorLabel(str(r.sector)), ...counts(r)}))
        .sort((a, b) => (sectorOrder.get(a.sector) ?? 99) - (sectorOrder.get(b.sector) ?? 99));
      const countrySectors = pick(groups, SET.countrySectors)
        .map((r) => ({country: str(r.iso2), sector: str(r.sector), ...counts(r)}))
        .sort((a, b) => byText(a.country, b.country) || byText(a.sector, b.sector));
      const daily = pick(groups, SET.daily)
        .map((r) => ({day: num(r.day), ...counts(r)}))
        .sort((a, b) => a.day - b.day);
      return {hourly, countries, sectors, countrySectors, daily};
    },
    totals(groups: Row[]): Totals {
      const t = pick(groups, SET.total)[0];
      if (t === undefined || num(t.hits) === 0) return {hits: 0, unique_ips: 0, first: null, last: null};
      return {...counts(t), first: num(t.first), last: num(t.last)};
    }
  };
}
