// The two-stage plan of docs/scale.md at a small size: the pipeline's SQL run partition by partition (one day at a
// time: classification, then stage one, partialSql, written as Parquet), the partitions merged by stage two
// (aggregateSql over all the Parquet files), gives byte for byte the Arrow files of the single run.
import {test} from "node:test";
import assert from "node:assert/strict";
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {loadIncident} from "../../loaders/incident.ts";
import {generateModel} from "../../loaders/model/generate.ts";
import {ingest, withDuckDb} from "../../loaders/ingest.ts";
import {preflight} from "../../loaders/preflight.ts";
import {classifySql} from "../../loaders/scan.ts";
import {aggregate, partialSql} from "../../loaders/aggregate.ts";
import {aggregateArrow} from "../../loaders/outputs.ts";
import {exec, sqlString} from "../../loaders/read.ts";

const incident = loadIncident("wannacry-2017");
const dir = mkdtempSync(join(tmpdir(), "atlas-scale-"));
process.on("exit", () => rmSync(dir, {recursive: true, force: true}));

/** Stage one per partition file (classification + partialSql, written as Parquet), then stage two over all of them. */
async function partitioned(files: string[]): Promise<ReturnType<typeof aggregate>> {
  const options = {incident, files: [], inputHash: "t"};
  const out = join(dir, `partials-${Math.random().toString(36).slice(2)}`);
  return withDuckDb(options, async (connection) => {
    for (const [i, file] of files.entries()) {
      const accepted = `(SELECT date_trunc('hour', ts) AS hour, iso2, sector, ip, hits, ts AS first, ts AS last
        FROM (${classifySql([preflight(file, file)], options, `rejects_${i}`, "wide")}) WHERE why IS NULL)`;
      mkdirSync(join(out, `part=${i}`), {recursive: true});
      await exec(connection, `COPY (${partialSql(accepted)}) TO ${sqlString(join(out, `part=${i}`, "data.parquet"))} (FORMAT parquet)`);
    }
    return aggregate(connection, `(SELECT * FROM read_parquet(${sqlString(join(out, "*", "data.parquet"))}))`);
  });
}

function sameArrow(a: Awaited<ReturnType<typeof ingest>>["aggregates"], b: Awaited<ReturnType<typeof ingest>>["aggregates"]): void {
  const x = aggregateArrow(a, incident, "t"), y = aggregateArrow(b, incident, "t");
  for (const name of Object.keys(x) as Array<keyof typeof x>) assert.ok(Buffer.from(x[name]).equals(Buffer.from(y[name])), name);
}

test("scale: partition by day, aggregate each (stage one), merge (stage two): the same Arrow bytes as one run", async () => {
  const csv = join(dir, "modelled.csv");
  await generateModel(incident, incident.data.model?.params ?? "model.json", {rows: 20_000, seed: 7, out: csv});
  const whole = await ingest({incident, files: [{path: csv}], inputHash: "t"});

  // One CSV per day (the Parquet layout's partitions), split on the timestamp column.
  const [header, ...lines] = readFileSync(csv, "utf-8").trimEnd().split("\n");
  assert.equal((header ?? "").split(",").indexOf("timestamp"), 0, "the drone layout starts with the timestamp");
  const days = new Map<string, string[]>();
  for (const line of lines) days.set(line.slice(0, 10), [...(days.get(line.slice(0, 10)) ?? []), line]);
  assert.ok(days.size >= 5, `${days.size} days`);
  const files = [...days].map(([day, rows]) => {
    const file = join(dir, `${day}.csv`);
    writeFileSync(file, `${header}\n${rows.join("\n")}\n`);
    return file;
  });
  const merged = await partitioned(files);
  assert.equal(merged.totals.unique_ips, whole.summary.unique_ips);
  sameArrow(whole.aggregates, merged.aggregates);

  // Partitions that share keys (the second file repeats every other row of the first): stage two merges each
  // (hour, country, sector, IP) once, so the IPs are counted once and the hits twice.
  const half = join(dir, "half.csv");
  writeFileSync(half, `${header}\n${lines.filter((_, i) => i % 2 === 0).join("\n")}\n`);
  const both = await ingest({incident, files: [{path: csv}, {path: half}], inputHash: "t"});
  assert.equal(both.summary.unique_ips, whole.summary.unique_ips);
  assert.ok(both.summary.hits > whole.summary.hits);
  sameArrow(both.aggregates, (await partitioned([csv, half])).aggregates);
});
