// aggregateSql against the plainest form of each count (count(DISTINCT ip) per bucket, on the text), over events
// whose IPs fall in one cell and day, in several countries, several sectors, several days, or all of these.
import {test} from "node:test";
import assert from "node:assert/strict";
import {DuckDBInstance} from "@duckdb/node-api";
import {aggregate, hourlyColumns, hourlyRows} from "../../loaders/aggregate.ts";
import {RULE_TYPES} from "../../loaders/rules-sql.ts";
import {columns, num, str} from "../../loaders/read.ts";

const PLAIN = (level: string, keys: string): string => `SELECT ${keys === "" ? "" : `${keys}, `}sum(hits)::DOUBLE AS hits,
  count(DISTINCT ip)::DOUBLE AS unique_ips FROM (SELECT *, date_trunc('day', hour) AS day FROM ev) GROUP BY ALL ORDER BY ALL -- ${level}`;

test("aggregate: every level equals count(DISTINCT ip) by bucket, for IPs in one cell or spread over countries, sectors and days", async () => {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    for (const statement of RULE_TYPES) await connection.run(statement);
    // 3,000 events of 400 IPs: IP i stays in one cell and day when i % 4 = 0, else moves between countries (i % 4 = 1),
    // sectors (2) or days, countries and sectors (3).
    await connection.run(`CREATE TABLE ev AS SELECT TIMESTAMP '2017-05-12 10:00:00' + INTERVAL (CASE WHEN ip_n % 4 = 3 THEN (e // 400) * 11 ELSE e % 7 END) HOUR AS hour,
        (CASE WHEN ip_n % 4 IN (1, 3) THEN ['GB', 'ES', 'RU'][1 + e % 3] ELSE ['GB', 'ES', 'RU'][1 + ip_n % 3] END)::atlas_iso2 AS iso2,
        (CASE WHEN ip_n % 4 IN (2, 3) THEN ['health', 'unknown'][1 + (e // 400) % 2] ELSE ['health', 'unknown'][1 + ip_n % 2] END)::atlas_sector AS sector,
        '10.0.' || (ip_n // 250) || '.' || (ip_n % 250) AS ip, 1 + e % 5 AS hits,
        hour + INTERVAL ((e * 37) % 3600) SECOND AS first, first + INTERVAL (e % 60) SECOND AS last
      FROM (SELECT e, (e * 7919) % 400 AS ip_n FROM range(3000) t(e))`);
    const {aggregates, totals} = await aggregate(connection, "(SELECT * FROM ev)");
    const plain = async (keys: string) => {
      const c = await columns(connection, PLAIN(keys, keys));
      return (c.hits ?? []).map((h, i) => ({keys: keys.split(", ").filter((k) => k !== "").map((k) => str(c[k]?.[i])).join("|"), hits: num(h),
        unique_ips: num(c.unique_ips?.[i])}));
    };
    const byKeys = <T>(rows: T[], key: (r: T) => string, counts: (r: T) => {hits: number; unique_ips: number}) =>
      rows.map((r) => ({keys: key(r), ...counts(r)})).sort((a, b) => (a.keys < b.keys ? -1 : a.keys > b.keys ? 1 : 0));
    const counts = (r: {hits: number; unique_ips: number}) => ({hits: r.hits, unique_ips: r.unique_ips});
    assert.deepEqual(byKeys(aggregates.countries, (r) => r.country, counts), await plain("iso2"));
    assert.deepEqual(byKeys(aggregates.sectors, (r) => r.sector, counts), await plain("sector"));
    assert.deepEqual(byKeys(aggregates.countrySectors, (r) => `${r.country}|${r.sector}`, counts), await plain("iso2, sector"));
    const days = await plain("epoch_ms(day)::DOUBLE AS d");
    assert.deepEqual(aggregates.daily.map((r) => ({hits: r.hits, unique_ips: r.unique_ips})), days.map(counts));
    const hours = await plain("epoch_ms(hour)::DOUBLE AS h, iso2, sector");
    assert.deepEqual(hourlyRows(aggregates.hourly).map((r) => ({hits: r.hits, unique_ips: r.unique_ips})), hours.map(counts));
    const [total] = await plain("");
    assert.deepEqual(counts(totals), counts(total ?? {hits: -1, unique_ips: -1}));
    assert.equal(totals.unique_ips, 400);
    // First and last times: a country's first_seen and the total's span, against min/max over the events.
    const firstSeen = await columns(connection, `SELECT iso2, epoch_ms(min(first))::DOUBLE AS first FROM ev GROUP BY ALL`);
    assert.deepEqual(new Map(aggregates.countries.map((r) => [r.country, r.first_seen])),
      new Map((firstSeen.iso2 ?? []).map((k, i) => [str(k), num(firstSeen.first?.[i])])));
    const span = await columns(connection, `SELECT epoch_ms(min(first))::DOUBLE AS first, epoch_ms(max(last))::DOUBLE AS last FROM ev`);
    assert.deepEqual([totals.first, totals.last], [num(span.first?.[0]), num(span.last?.[0])]);
    assert.notEqual(totals.last, aggregates.hourly.hour.at(-1)); // the span is the events' own times, not their hours
    // The spread really happened: some IP is under two countries, and the country counts add up to more than the total.
    assert.ok(aggregates.countries.reduce((s, r) => s + r.unique_ips, 0) > totals.unique_ips);
    assert.ok(aggregates.sectors.reduce((s, r) => s + r.unique_ips, 0) > totals.unique_ips);
    assert.ok(aggregates.daily.length > 1 && aggregates.daily.reduce((s, r) => s + r.unique_ips, 0) > totals.unique_ips);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
});

test("hourlyColumns: rows in (hour, country, sector) order as they come, else sorted into it, by text", () => {
  // Result columns whose rows 0–4 are hourly rows out of order.
  const c = {hour: [2, 1, 1, 1, 2], country: ["GB", "ES", "ES", "AE", "AE"], sector: ["health", "unknown", "education", "unknown", "health"],
    hits: [10, 11, 12, 13, 14], unique_ips: [0, 1, 2, 3, 4]};
  const sorted = hourlyColumns([0, 1, 2, 3, 4], c);
  assert.deepEqual(sorted, {hour: [1, 1, 1, 2, 2], country: ["AE", "ES", "ES", "AE", "GB"], sector: ["unknown", "education", "unknown", "health", "health"],
    hits: [13, 12, 11, 14, 10], unique_ips: [3, 2, 1, 4, 0]});
  assert.deepEqual(hourlyColumns([3, 2, 1, 4, 0], c), sorted); // rows in order: kept as they are
  assert.deepEqual(hourlyRows(sorted)[1], {hour: 1, country: "ES", sector: "education", hits: 12, unique_ips: 2});
});
