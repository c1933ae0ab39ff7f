// Aggregates of accepted events with exact hits (sum) and unique source IPs (count distinct) per bucket,
// all from one DuckDB query (aggregateSql); rows are sorted deterministically.
import type {DuckDBConnection} from "@duckdb/node-api";
import {normaliseCountry, UNKNOWN_COUNTRY} from "./country.ts";
import {sectorLabel, SECTORS} from "./sector.ts";
import {columns, num, str, type Columns} from "./read.ts";
import type {Aggregates, CountRow} from "./types.ts";

const sectorOrder = new Map(SECTORS.map((s) => [s.key, s.order]));
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export interface Totals extends CountRow {first: number | null; last: number | null}

/** The key the daily table counts distinct IPs by: a 64-bit hash, checked below to be one-to-one. */
const HASHED_IP = "hash(ip)";

/**
 * Stage one of the aggregation: one row per distinct (hour, country, sector, IP) with its hits and first and last
 * time. Its output has the shape of its input, so it can run per partition (a day, a file, a worker) and the
 * partitions' rows, unioned, go into aggregateSql (stage two), which merges rows with the same key: exact unique
 * IPs from partitions without adding counts (docs/scale.md). A test checks partitioned = whole, byte for byte.
 */
export function partialSql(source: string): string {
  return `SELECT hour, iso2, sector, ip, sum(hits) AS hits, min(first) AS first, max(last) AS last FROM ${source} GROUP BY hour, iso2, sector, ip`;
}

/**
 * One query over accepted events, given as rows of (hour, iso2, sector, ip, hits, first, last): either single
 * events (first = last = the timestamp) or events already grouped by those keys. The events are deduplicated once
 * to one row per (hour, country, sector, IP) (`per_hour`), and every table is derived from that:
 *   - hourly: per_hour grouped by (hour, country, sector); its rows are distinct IPs, so unique_ips = count(*);
 *   - daily: per_hour → distinct (day, IP key) → per day;
 *   - country, sector, country × sector and the total: per_hour → distinct (country, sector, IP) → GROUPING SETS,
 *     counting distinct IPs (an IP can be in two countries or sectors; country × sector rows are distinct IPs).
 * Unique IPs never add up across buckets: each count is of distinct IPs at its own level. The daily table counts
 * distinct `ipKey` (an expression over ip, a 64-bit hash by default); the total row also counts distinct keys
 * (unique_keys), so the caller can tell that the key gave each distinct IP its own value. `grouping_set` is
 * GROUPING(hour, iso2, sector, day): one bit per key, set when the table does not group by it (hour = 8).
 */
export function aggregateSql(source: string, ipKey: string = HASHED_IP): string {
  const counts = (ips: string): string => `coalesce(sum(hits), 0)::DOUBLE AS hits, ${ips}::DOUBLE AS unique_ips`;
  const span = "epoch_ms(min(first))::DOUBLE AS first, epoch_ms(max(last))::DOUBLE AS last";
  return `WITH per_hour AS MATERIALIZED (${partialSql(source)}),
    per_day AS (SELECT date_trunc('day', hour) AS day, ${ipKey} AS ip_key, sum(hits) AS hits, min(first) AS first, max(last) AS last
      FROM per_hour GROUP BY day, ip_key),
    per_ip AS (SELECT iso2, sector, ip, ${ipKey} AS ip_key, sum(hits) AS hits, min(first) AS first, max(last) AS last
      FROM per_hour GROUP BY iso2, sector, ip)
    SELECT ${0b0001} AS grouping_set, epoch_ms(hour)::DOUBLE AS hour, iso2, sector, NULL::DOUBLE AS day, ${counts("count(*)")},
      NULL::DOUBLE AS unique_keys, ${span} FROM per_hour GROUP BY hour, iso2, sector
    UNION ALL
    SELECT ${0b1110}, NULL, NULL, NULL, epoch_ms(day)::DOUBLE, ${counts("count(*)")}, NULL, ${span} FROM per_day GROUP BY day
    UNION ALL
    SELECT GROUPING(iso2, sector)::INTEGER * 2 + 9, NULL, iso2, sector, NULL, ${counts("count(DISTINCT ip)")},
      CASE WHEN GROUPING(iso2, sector) = 3 THEN count(DISTINCT ip_key) END::DOUBLE, ${span}
    FROM per_ip GROUP BY GROUPING SETS ((iso2), (sector), (iso2, sector), ())
    ORDER BY 1, 2, 3, 4, 5`;
}

/**
 * Runs aggregateSql over the source and splits its rows into the tables. If the hashed key ever gave two distinct
 * IPs one value (about one chance in 10^8 at ten million IPs), the query runs again counting the IP text itself.
 */
export async function aggregate(connection: DuckDBConnection, source: string, ipKey: string = HASHED_IP): Promise<{aggregates: Aggregates; totals: Totals}> {
  const result = await columns(connection, aggregateSql(source, ipKey));
  const total = result.grouping_set?.indexOf(0b1111) ?? -1;
  const oneToOne = total === -1 || result.unique_ips?.[total] === result.unique_keys?.[total];
  return oneToOne || ipKey === "ip" ? toAggregates(result) : aggregate(connection, source, "ip");
}

/**
 * Splits the rows of aggregateSql by grouping set and sorts each table deterministically (the query's ORDER BY
 * already gives the hourly order, so that sort only confirms it).
 */
export function toAggregates(c: Columns): {aggregates: Aggregates; totals: Totals} {
  const column = (name: string): Array<number | string | null> => c[name] ?? [];
  const [sets, iso2, sector, hour, day, hits, uniqueIps, first, last] =
    ["grouping_set", "iso2", "sector", "hour", "day", "hits", "unique_ips", "first", "last"].map(column);
  type Row = {iso2: string; sector: string; hour: number; day: number; hits: number; unique_ips: number; first: number; last: number};
  // GROUPING(hour, iso2, sector, day): one bit per column, set when the column is not grouped (hour = 8).
  const pick = (key: string): Row[] => {
    const want = Number.parseInt(key, 2);
    const out: Row[] = [];
    sets?.forEach((set, i) => {
      if (set !== want) return;
      out.push({iso2: str(iso2?.[i]), sector: str(sector?.[i]), hour: num(hour?.[i]), day: num(day?.[i]), hits: num(hits?.[i]),
        unique_ips: num(uniqueIps?.[i]), first: num(first?.[i]), last: num(last?.[i])});
    });
    return out;
  };
  const counts = (r: Row): CountRow => ({hits: r.hits, unique_ips: r.unique_ips});
  const hourly = pick("0001")
    .map((r) => ({hour: r.hour, country: r.iso2, sector: r.sector, ...counts(r)}))
    .sort((a, b) => a.hour - b.hour || byText(a.country, b.country) || byText(a.sector, b.sector));
  const countries = pick("1011")
    .map((r) => {
      const c = normaliseCountry(r.iso2) ?? UNKNOWN_COUNTRY;
      return {country: c.iso2, iso3: c.iso3, iso_numeric: c.isoNumeric, name: c.name, first_seen: r.first, ...counts(r)};
    })
    .sort((a, b) => b.hits - a.hits || byText(a.country, b.country));
  const sectors = pick("1101")
    .map((r) => ({sector: r.sector, sector_label: sectorLabel(r.sector), ...counts(r)}))
    .sort((a, b) => (sectorOrder.get(a.sector) ?? 99) - (sectorOrder.get(b.sector) ?? 99));
  const countrySectors = pick("1001")
    .map((r) => ({country: r.iso2, sector: r.sector, ...counts(r)}))
    .sort((a, b) => byText(a.country, b.country) || byText(a.sector, b.sector));
  const daily = pick("1110").map((r) => ({day: r.day, ...counts(r)})).sort((a, b) => a.day - b.day);
  const total = pick("1111")[0];
  const totals: Totals = total === undefined || total.hits === 0 ? {hits: 0, unique_ips: 0, first: null, last: null}
    : {...counts(total), first: total.first, last: total.last};
  return {aggregates: {hourly, countries, sectors, countrySectors, daily}, totals};
}
