// Aggregates of accepted events with exact hits (sum) and unique source IPs (count distinct) per bucket,
// all from one DuckDB query (aggregateSql); rows are sorted deterministically.
import type {DuckDBConnection} from "@duckdb/node-api";
import {normaliseCountry, UNKNOWN_COUNTRY} from "./country.ts";
import {sectorLabel, SECTORS} from "./sector.ts";
import {columns, num, str, type Columns} from "./read.ts";
import type {Aggregates, CountRow, HourlyColumns, HourlyRow} from "./types.ts";

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
 * events (first = last = the timestamp) or events already grouped by those keys. Each IP becomes a fixed-width key
 * (`ipKey`, a 64-bit hash by default), the events are deduplicated once to one row per (hour, country, sector, key)
 * with its hits only (`per_hour`), and every table is derived from that by plain GROUP BYs, each level's distinct
 * keys first:
 *   - hourly: per_hour grouped by (hour, country, sector); its rows are distinct keys, so unique_ips = count(*);
 *   - daily: per_hour → distinct (day, key) → per day;
 *   - country × sector: per_hour → distinct (country, sector, key) (`per_cell`) → per cell;
 *   - country, sector and the total: per_cell → distinct (country, key), (sector, key) and key → per bucket.
 * First and last times are read only where a table has them (a country's first_seen, the total's span), from a small
 * GROUP BY of the source by country (`spans`), not carried through the levels above.
 * Unique IPs never add up across buckets: each count is of distinct keys at its own level. The total row also counts
 * distinct IP texts (unique_ips) beside distinct keys (unique_keys): when they agree the key gave every IP its own
 * value, so every level's count is exact. `grouping_set` is GROUPING(hour, iso2, sector, day): one bit per key, set
 * when the table does not group by it (hour = 8).
 */
export function aggregateSql(source: string, ipKey: string = HASHED_IP): string {
  const counts = "coalesce(sum(hits), 0)::DOUBLE AS hits, count(*)::DOUBLE AS unique_ips";
  // sum() of INTEGER hits is a HUGEINT; BIGINT halves the width of the large intermediate tables.
  const merged = "sum(hits)::BIGINT AS hits";
  const table = (set: number, keys: {iso2?: string; sector?: string; day?: string}, from: string, groupBy: string): string =>
    `SELECT ${set}, NULL, ${keys.iso2 ?? "NULL"}, ${keys.sector ?? "NULL"}, ${keys.day ?? "NULL"}, ${counts}, NULL, NULL, NULL
    FROM ${from} GROUP BY ${groupBy}`;
  return `WITH per_hour AS MATERIALIZED (SELECT hour, iso2, sector, ${ipKey} AS k, ${merged} FROM ${source} GROUP BY hour, iso2, sector, k),
    per_cell AS MATERIALIZED (SELECT iso2, sector, k, ${merged} FROM per_hour GROUP BY iso2, sector, k),
    spans AS MATERIALIZED (SELECT iso2, min(first) AS first, max(last) AS last FROM ${source} GROUP BY iso2),
    ip_texts AS (SELECT count(*) AS n FROM (SELECT ip FROM ${source} GROUP BY ip))
    SELECT ${0b0001} AS grouping_set, epoch_ms(hour)::DOUBLE AS hour, iso2, sector, NULL::DOUBLE AS day, ${counts},
      NULL::DOUBLE AS unique_keys, NULL::DOUBLE AS first, NULL::DOUBLE AS last FROM per_hour GROUP BY hour, iso2, sector
    UNION ALL ${table(0b1110, {day: "epoch_ms(day)::DOUBLE"}, `(SELECT date_trunc('day', hour) AS day, k, ${merged} FROM per_hour GROUP BY day, k)`, "day")}
    UNION ALL ${table(0b1001, {iso2: "iso2", sector: "sector"}, "per_cell", "iso2, sector")}
    UNION ALL SELECT ${0b1011}, NULL, c.iso2, NULL, NULL, c.hits, c.unique_ips, NULL, epoch_ms(s.first)::DOUBLE, epoch_ms(s.last)::DOUBLE
    FROM (SELECT iso2, ${counts} FROM (SELECT iso2, k, ${merged} FROM per_cell GROUP BY iso2, k) GROUP BY iso2) c
      JOIN spans s ON c.iso2 IS NOT DISTINCT FROM s.iso2
    UNION ALL ${table(0b1101, {sector: "sector"}, `(SELECT sector, k, ${merged} FROM per_cell GROUP BY sector, k)`, "sector")}
    UNION ALL SELECT ${0b1111}, NULL, NULL, NULL, NULL, coalesce(sum(hits), 0)::DOUBLE, (SELECT n FROM ip_texts)::DOUBLE, count(*)::DOUBLE,
      (SELECT epoch_ms(min(first)) FROM spans)::DOUBLE, (SELECT epoch_ms(max(last)) FROM spans)::DOUBLE
    FROM (SELECT k, ${merged} FROM per_cell GROUP BY k)
    ORDER BY 1, 2, 3, 4, 5`;
}

/**
 * Runs aggregateSql over the source and splits its rows into the tables. If the hashed key ever gave two distinct
 * IPs one value (about one chance in 10^8 at ten million IPs), the query runs again counting the IP text itself.
 * `executed`: called once DuckDB has computed the first query's result (columns()).
 */
export async function aggregate(connection: DuckDBConnection, source: string, ipKey: string = HASHED_IP,
  executed?: () => void): Promise<{aggregates: Aggregates; totals: Totals}> {
  const result = await columns(connection, aggregateSql(source, ipKey), executed);
  const total = result.grouping_set?.indexOf(0b1111) ?? -1;
  const oneToOne = total === -1 || result.unique_ips?.[total] === result.unique_keys?.[total];
  return oneToOne || ipKey === "ip" ? toAggregates(result) : aggregate(connection, source, "ip");
}

/**
 * Splits the rows of aggregateSql by grouping set (one pass over the rows) and sorts each table deterministically.
 */
export function toAggregates(c: Columns): {aggregates: Aggregates; totals: Totals} {
  const column = (name: string): Array<number | string | null> => c[name] ?? [];
  const [sets, iso2, sector, hour, day, hits, uniqueIps, first, last] =
    ["grouping_set", "iso2", "sector", "hour", "day", "hits", "unique_ips", "first", "last"].map(column);
  // GROUPING(hour, iso2, sector, day): one bit per column, set when the column is not grouped (hour = 8).
  const bySet = new Map<number, number[]>(); // grouping set → its row numbers, in query order
  const n = sets?.length ?? 0;
  for (let start = 0, end = 0; start < n; start = end) { // runs of one set (the query orders by it)
    const set = sets?.[start];
    while (end < n && sets?.[end] === set) end++;
    const list = bySet.get(num(set)) ?? [];
    for (let i = start; i < end; i++) list.push(i);
    bySet.set(num(set), list);
  }
  const rowsOf = (set: string): number[] => bySet.get(Number.parseInt(set, 2)) ?? [];
  const hitsAt = (i: number): number => num(hits?.[i]);
  const ipsAt = (i: number): number => num(uniqueIps?.[i]);
  const hourly = hourlyColumns(rowsOf("0001"), {hour: hour ?? [], country: iso2 ?? [], sector: sector ?? [], hits: hits ?? [], unique_ips: uniqueIps ?? []});
  const countries = rowsOf("1011")
    .map((i) => {
      const country = normaliseCountry(str(iso2?.[i])) ?? UNKNOWN_COUNTRY;
      return {country: country.iso2, iso3: country.iso3, iso_numeric: country.isoNumeric, name: country.name, first_seen: num(first?.[i]),
        hits: hitsAt(i), unique_ips: ipsAt(i)};
    })
    .sort((a, b) => b.hits - a.hits || byText(a.country, b.country));
  const sectors = rowsOf("1101")
    .map((i) => ({sector: str(sector?.[i]), sector_label: sectorLabel(str(sector?.[i])), hits: hitsAt(i), unique_ips: ipsAt(i)}))
    .sort((a, b) => (sectorOrder.get(a.sector) ?? 99) - (sectorOrder.get(b.sector) ?? 99));
  const countrySectors = rowsOf("1001")
    .map((i) => ({country: str(iso2?.[i]), sector: str(sector?.[i]), hits: hitsAt(i), unique_ips: ipsAt(i)}))
    .sort((a, b) => byText(a.country, b.country) || byText(a.sector, b.sector));
  const daily = rowsOf("1110").map((i) => ({day: num(day?.[i]), hits: hitsAt(i), unique_ips: ipsAt(i)})).sort((a, b) => a.day - b.day);
  const total = rowsOf("1111")[0];
  const totals: Totals = total === undefined || hitsAt(total) === 0 ? {hits: 0, unique_ips: 0, first: null, last: null}
    : {hits: hitsAt(total), unique_ips: ipsAt(total), first: num(first?.[total]), last: num(last?.[total])};
  return {aggregates: {hourly, countries, sectors, countrySectors, daily}, totals};
}

type Values = Array<number | string | null>;

/**
 * The hourly rows (their row numbers in the result's columns, ascending) as columns, in (hour, country, sector) order.
 * The query's ORDER BY already gives that order (its country and sector ENUMs are declared in text order), and the
 * rows are one run of the result: they are copied as slices, and one pass checks each value's type and confirms the
 * order; otherwise the rows are sorted here. No object per row: this runs once, over 10^5 rows and more.
 */
export function hourlyColumns(index: readonly number[], c: {readonly [K in keyof HourlyRow]: Readonly<Values>}): HourlyColumns {
  const n = index.length;
  const first = index[0] ?? 0;
  const run = n === 0 || index[n - 1] === first + n - 1;
  const take = (values: Readonly<Values>): Values => (run ? values.slice(first, first + n) : index.map((i) => values[i] ?? null));
  const hour = take(c.hour), country = take(c.country), sector = take(c.sector), hits = take(c.hits), uniqueIps = take(c.unique_ips);
  const before = (a: number, b: number): number => (hour[a] as number) - (hour[b] as number)
    || byText(country[a] as string, country[b] as string) || byText(sector[a] as string, sector[b] as string);
  let sorted = true;
  for (let k = 0; k < n; k++) {
    if (typeof hour[k] !== "number" || typeof country[k] !== "string" || typeof sector[k] !== "string" || typeof hits[k] !== "number"
      || typeof uniqueIps[k] !== "number") {
      throw new Error(`aggregate: hourly row ${k + 1} is not (hour, country, sector, hits, unique IPs): ${JSON.stringify([hour[k], country[k], sector[k], hits[k], uniqueIps[k]])}`);
    }
    if (sorted && k > 0) sorted = before(k - 1, k) <= 0;
  }
  // Every value's type was checked above.
  const out = {hour: hour as number[], country: country as string[], sector: sector as string[], hits: hits as number[], unique_ips: uniqueIps as number[]};
  if (sorted) return out;
  const order = Array.from({length: n}, (_, k) => k).sort(before);
  const permuted = <T>(values: T[]): T[] => order.map((k) => values[k] as T);
  return {hour: permuted(out.hour), country: permuted(out.country), sector: permuted(out.sector), hits: permuted(out.hits),
    unique_ips: permuted(out.unique_ips)};
}

/** The hourly table as rows (one object per row: for small tables and tests). */
export function hourlyRows(c: HourlyColumns): HourlyRow[] {
  return c.hour.map((hour, i) => ({hour, country: c.country[i] ?? "", sector: c.sector[i] ?? "", hits: c.hits[i] ?? 0, unique_ips: c.unique_ips[i] ?? 0}));
}
