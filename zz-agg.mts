import {DuckDBInstance} from "@duckdb/node-api";
import {RULE_TYPES} from "./loaders/rules-sql.ts";
import {aggregateSql} from "./loaders/aggregate.ts";
import {columns} from "./loaders/read.ts";
const file = process.argv[2]!;
const which = process.argv[3] ?? "old";
const inst = await DuckDBInstance.create(":memory:");
const c = await inst.connect();
await c.run("SET threads=2"); await c.run("SET memory_limit='400MB'");
for (const s of RULE_TYPES) await c.run(s);
let t = performance.now();
await c.run(`CREATE TABLE src AS SELECT "timestamp"::TIMESTAMP AS ts, upper(geo)::atlas_iso2 AS iso2, (enum_range(NULL::atlas_sector))[1 + (hash(ip) % 10)::INTEGER] AS sector, ip, "count"::INTEGER AS hits FROM read_csv('${file}') WHERE geo IS NOT NULL AND length(geo)=2 AND upper(geo) IN (SELECT unnest(enum_range(NULL::atlas_iso2)))`);
console.error("load", Math.round(performance.now() - t));
const source = "(SELECT date_trunc('hour', ts) AS hour, iso2, sector, ip, hits, ts AS first, ts AS last FROM src)";
const mod = which === "old" ? aggregateSql : (await import(process.argv[4]!)).aggregateSql;
for (let i = 0; i < 3; i++) {
  t = performance.now();
  const r = await columns(c, mod(source));
  console.error(which, Math.round(performance.now() - t), r.hits?.length, r.hits?.reduce((s: number, v: unknown) => s + Number(v), 0));
}
