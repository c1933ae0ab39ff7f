// The Explore page's example queries: each answers a question a reader of the report might ask next. The first is
// the page's default, whose result the build computes in advance (src/data/explore-default.arrow.ts). Pure.
import {MIN_FOR_RATE} from "../../figures/compute.js";

export interface ExampleQuery {
  label: string;
  sql: string;
}

/** The examples for an incident: the kill-switch one only when it has a kill switch, a fact table when it cites any. */
export function exampleQueries({killSwitch, factTables}: {killSwitch: boolean; factTables: readonly string[]}): ExampleQuery[] {
  return [
  {
    label: "Hits by country and sector",
    sql: `-- Sinkhole hits by country and sector (the heaviest 20 pairs)
SELECT country, sector, sum(hits) AS hits
FROM hourly
GROUP BY country, sector
ORDER BY hits DESC
LIMIT 20`
  },
  {
    label: "Top sectors per country",
    sql: `-- The three sectors with most hits in each of the ten countries with most hits
WITH top_countries AS (
  SELECT country FROM countries ORDER BY hits DESC LIMIT 10
), ranked AS (
  SELECT cs.country, cs.sector, cs.hits,
         row_number() OVER (PARTITION BY cs.country ORDER BY cs.hits DESC) AS rank
  FROM country_sectors cs JOIN top_countries USING (country)
)
SELECT country, rank, sector, hits
FROM ranked
WHERE rank <= 3
ORDER BY country, rank`
  },
  {
    label: "Hour of peak spread per region",
    sql: `-- The hour with most sinkhole hits in each World Bank region
WITH by_hour AS (
  SELECT r.region, h.hour, sum(h.hits) AS hits
  FROM hourly h JOIN country_reference r ON h.country = r.iso2
  WHERE r.region <> ''  -- territories without a World Bank region are left out
  GROUP BY r.region, h.hour
)
SELECT region, arg_max(hour, hits) AS peak_hour, max(hits) AS peak_hits, sum(hits) AS total_hits
FROM by_hour
GROUP BY region
ORDER BY peak_hour`
  },
  ...(killSwitch ? [{
    label: "Share of hits after the kill switch",
    sql: `-- Hits before, during and after the kill-switch registration window.
-- The window comes from the incident's configuration (incident.json), loaded as table kill_switch.
SELECT
  CASE WHEN h.hour + INTERVAL 1 HOUR <= k.window_start THEN '1 before'
       WHEN h.hour >= k.window_end THEN '3 after'
       ELSE '2 during' END AS period,
  sum(h.hits) AS hits,
  round(100 * sum(h.hits) / (SELECT sum(hits) FROM hourly), 1) AS percent_of_hits
FROM hourly h, kill_switch k
GROUP BY period
ORDER BY period`
  }] : []),
  {
    label: "Hits per hour",
    sql: `-- Sinkhole hits per hour (all countries and sectors)
SELECT hour, sum(hits) AS hits
FROM hourly
GROUP BY hour
ORDER BY hour`
  },
  {
    // Rates as on the Countries page: per million internet users, none below MIN_FOR_RATE unique IPs (too few).
    label: "Hits per million internet users",
    sql: `-- Sinkhole hits per million internet users (2017), countries with at least ${MIN_FOR_RATE} unique IPs
SELECT c.country, r.name, c.hits, c.unique_ips, r.internet_users_2017,
       round(c.hits * 1e6 / r.internet_users_2017, 1) AS hits_per_million_users
FROM countries c JOIN country_reference r ON c.country = r.iso2
WHERE c.unique_ips >= ${MIN_FOR_RATE} AND r.internet_users_2017 > 0
ORDER BY hits_per_million_users DESC
LIMIT 25`
  },
  // A cited fact table, when the incident cites any: the published figures with their sources.
  ...factTables.slice(0, 1).map((table) => ({
    label: `Published: ${table.replace(/_/g, " ")}`,
    sql: `-- The first rows of the published table ${table}, with their sources and verification status
SELECT *
FROM ${table}
LIMIT 20`
  }))
  ];
}
