import {DuckDBInstance} from "@duckdb/node-api";
import {RULE_TYPES} from "./loaders/rules-sql.ts";
import {columns} from "./loaders/read.ts";
const file = process.argv[2]!;
const inst = await DuckDBInstance.create(":memory:");
const c = await inst.connect();
await c.run("SET threads=2"); await c.run("SET memory_limit='400MB'");
for (const s of RULE_TYPES) await c.run(s);
await c.run(`CREATE TABLE src AS SELECT "timestamp"::TIMESTAMP AS ts, upper(geo)::atlas_iso2 AS iso2, (enum_range(NULL::atlas_sector))[1 + (hash(ip) % 10)::INTEGER] AS sector, ip, "count"::INTEGER AS hits FROM read_csv('${file}') WHERE geo IS NOT NULL AND length(geo)=2 AND upper(geo) IN (SELECT unnest(enum_range(NULL::atlas_iso2)))`);
const source = "(SELECT date_trunc('hour', ts) AS hour, iso2, sector, ip, hits, ts AS first, ts AS last FROM src)";
for (const m of process.argv.slice(3)) {
  const sql = (await import(m)).aggregateSql(source);
  for (let i = 0; i < 2; i++) {
    let t = performance.now();
    await c.runAndReadAll(`SELECT count(*) FROM (${sql})`);
    const a = performance.now() - t; t = performance.now();
    await columns(c, sql);
    console.error(m, "count-only", Math.round(a), "read", Math.round(performance.now() - t));
  }
}
