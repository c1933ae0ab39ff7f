// Aggregates of accepted events with exact hits (sum) and unique source IPs (count distinct) per
// bucket, computed in DuckDB from a per-(hour, country, sector, IP) base; rows are sorted deterministically.
import {normaliseCountry, UNKNOWN_COUNTRY} from "./country.ts";
import {sectorLabel, SECTORS} from "./sector.ts";
import type {Aggregates, CountRow} from "./types.ts";

type Row = Record<string, unknown>;
const num = (v: unknown): number => (typeof v === "bigint" ? Number(v) : Number(v ?? 0));
const str = (v: unknown): string => (v === null || v === undefined ? "" : String(v));


const sectorOrder = new Map(SECTORS.map((s) => [s.key, s.order]));
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export interface Totals extends CountRow {first: number | null; last: number | null}

/**
 * Queries over accepted events already grouped by (file, hour, country, sector, IP) with hits, first and last
 * (ingest.ts `agg_all`). `base` reduces them to one row per (hour, country,
 * sector, IP); within a (hour, country, sector) bucket its rows are distinct IPs, so hourly unique
 * IPs are a plain count. Coarser tables count distinct IPs again (IPs do not add up across buckets).
 */
export function aggregateQueries(source: string, alreadyUnique = false) {
  // With one input file the source is already one row per (hour, country, sector, IP): no second group-by.
  const base = [alreadyUnique
    ? `CREATE OR REPLACE TEMP VIEW agg_base AS SELECT hour, iso2, sector, ip, hits, first, last FROM ${source}`
    : `CREATE OR REPLACE TEMP TABLE agg_base AS
    SELECT hour, iso2, sector, ip, sum(hits) AS hits, min(first) AS first, max(last) AS last
    FROM ${source} GROUP BY ALL`,
  // One row per (country, sector, IP): country × sector unique IPs are a plain count.
  `CREATE OR REPLACE TEMP TABLE agg_ip AS
    SELECT iso2, sector, ip, sum(hits) AS hits, min(first) AS first, max(last) AS last FROM agg_base GROUP BY ALL`];
  const parts = {
    hourly: `SELECT epoch_ms(hour)::DOUBLE AS hour, iso2, sector, sum(hits)::DOUBLE AS hits, count(*)::DOUBLE AS unique_ips
      FROM agg_base GROUP BY ALL`,
    countries: `SELECT iso2, sum(hits)::DOUBLE AS hits, count(DISTINCT ip)::DOUBLE AS unique_ips, epoch_ms(min(first))::DOUBLE AS first
      FROM agg_ip GROUP BY ALL`,
    sectors: `SELECT sector, sum(hits)::DOUBLE AS hits, count(DISTINCT ip)::DOUBLE AS unique_ips FROM agg_ip GROUP BY ALL`,
    countrySectors: `SELECT iso2, sector, sum(hits)::DOUBLE AS hits, count(*)::DOUBLE AS unique_ips FROM agg_ip GROUP BY ALL`,
    daily: `SELECT epoch_ms(date_trunc('day', hour))::DOUBLE AS day, sum(hits)::DOUBLE AS hits, count(DISTINCT ip)::DOUBLE AS unique_ips
      FROM agg_base GROUP BY ALL`,
    total: `SELECT sum(hits)::DOUBLE AS hits, count(DISTINCT ip)::DOUBLE AS unique_ips, epoch_ms(min(first))::DOUBLE AS first,
      epoch_ms(max(last))::DOUBLE AS last FROM agg_ip`
  };
  type Parts = Record<keyof typeof parts, Row[]>;
  const counts = (r: Row): CountRow => ({hits: num(r.hits), unique_ips: num(r.unique_ips)});
  return {
    base,
    parts,
    toAggregates(p: Parts): Aggregates {
      const hourly = p.hourly
        .map((r) => ({hour: num(r.hour), country: str(r.iso2), sector: str(r.sector), ...counts(r)}))
        .sort((a, b) => a.hour - b.hour || byText(a.country, b.country) || byText(a.sector, b.sector));
      const countries = p.countries
        .map((r) => {
          const c = normaliseCountry(str(r.iso2)) ?? UNKNOWN_COUNTRY;
          return {country: c.iso2, iso3: c.iso3, iso_numeric: c.isoNumeric, name: c.name, first_seen: num(r.first), ...counts(r)};
        })
        .sort((a, b) => b.hits - a.hits || byText(a.country, b.country));
      const sectors = p.sectors
        .map((r) => ({sector: str(r.sector), sector_label: sectorLabel(str(r.sector)), ...counts(r)}))
        .sort((a, b) => (sectorOrder.get(a.sector) ?? 99) - (sectorOrder.get(b.sector) ?? 99));
      const countrySectors = p.countrySectors
        .map((r) => ({country: str(r.iso2), sector: str(r.sector), ...counts(r)}))
        .sort((a, b) => byText(a.country, b.country) || byText(a.sector, b.sector));
      const daily = p.daily.map((r) => ({day: num(r.day), ...counts(r)})).sort((a, b) => a.day - b.day);
      return {hourly, countries, sectors, countrySectors, daily};
    },
    totals(p: Parts): Totals {
      const t = p.total[0];
      if (t === undefined || num(t.hits) === 0) return {hits: 0, unique_ips: 0, first: null, last: null};
      return {...counts(t), first: num(t.first), last: num(t.last)};
    }
  };
}
