const HASHED_IP = "hash(ip)";
export function aggregateSql(source: string, ipKey: string = HASHED_IP): string {
  const counts = (ips: string): string => `coalesce(sum(hits), 0)::DOUBLE AS hits, ${ips}::DOUBLE AS unique_ips`;
  const span = "epoch_ms(min(first))::DOUBLE AS first, epoch_ms(max(last))::DOUBLE AS last";
  const merged = "sum(hits) AS hits, min(first) AS first, max(last) AS last";
  return `WITH per_hour AS MATERIALIZED (SELECT hour, iso2, sector, ${ipKey} AS k, ${merged} FROM ${source} GROUP BY hour, iso2, sector, k),
    per_cell AS MATERIALIZED (SELECT iso2, sector, k, ${merged} FROM per_hour GROUP BY iso2, sector, k),
    per_day AS (SELECT date_trunc('day', hour) AS day, k, ${merged} FROM per_hour GROUP BY day, k),
    per_country AS (SELECT iso2, k, ${merged} FROM per_cell GROUP BY iso2, k),
    per_sector AS (SELECT sector, k, ${merged} FROM per_cell GROUP BY sector, k),
    per_ip AS (SELECT k, ${merged} FROM per_cell GROUP BY k)
    SELECT ${0b0001} AS grouping_set, epoch_ms(hour)::DOUBLE AS hour, iso2, sector, NULL::DOUBLE AS day, ${counts("count(*)")},
      NULL::DOUBLE AS unique_keys, ${span} FROM per_hour GROUP BY hour, iso2, sector
    UNION ALL
    SELECT ${0b1110}, NULL, NULL, NULL, epoch_ms(day)::DOUBLE, ${counts("count(*)")}, NULL, ${span} FROM per_day GROUP BY day
    UNION ALL
    SELECT ${0b1001}, NULL, iso2, sector, NULL, ${counts("count(*)")}, NULL, ${span} FROM per_cell GROUP BY iso2, sector
    UNION ALL
    SELECT ${0b1011}, NULL, iso2, NULL, NULL, ${counts("count(*)")}, NULL, ${span} FROM per_country GROUP BY iso2
    UNION ALL
    SELECT ${0b1101}, NULL, NULL, sector, NULL, ${counts("count(*)")}, NULL, ${span} FROM per_sector GROUP BY sector
    UNION ALL
    SELECT ${0b1111}, NULL, NULL, NULL, NULL, ${counts(`(SELECT count(DISTINCT ip) FROM ${source})`)}, count(*)::DOUBLE, ${span} FROM per_ip
    ORDER BY 1, 2, 3, 4, 5`;
}
