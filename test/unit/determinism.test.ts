// Same input → same bytes: the model generator, the Arrow files and the summary.
import {test} from "node:test";
import assert from "node:assert/strict";
import {mkdtempSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {createHash} from "node:crypto";
import {tableFromIPC} from "apache-arrow";
import {loadIncident} from "../../loaders/incident.ts";
import {generateModel, hostIp} from "../../loaders/model/generate.ts";
import {ingest} from "../../loaders/ingest.ts";
import {aggregateArrow} from "../../loaders/outputs.ts";
import {summaryJson} from "../../loaders/summary.ts";
import {countryReferenceArrow} from "../../loaders/reference.ts";

const incident = loadIncident("wannacry-2017");
const sha = (b: Uint8Array | string) => createHash("sha256").update(b).digest("hex");

test("model: same seed gives the same bytes, another seed differs; rows and unique IPs as asked", async () => {
  const dir = mkdtempSync(join(tmpdir(), "atlas-"));
  try {
    const [a, b, c] = ["a.csv", "b.csv", "c.csv"].map((f) => join(dir, f)) as [string, string, string];
    assert.equal(await generateModel(incident, "model.json", {rows: 20_000, seed: 1, out: a}), 20_000);
    await generateModel(incident, "model.json", {rows: 20_000, seed: 1, out: b});
    await generateModel(incident, "model.json", {rows: 20_000, seed: 2, out: c});
    assert.equal(sha(readFileSync(a)), sha(readFileSync(b)));
    assert.notEqual(sha(readFileSync(a)), sha(readFileSync(c)));
    const {summary} = await ingest({incident, files: [{path: a}], inputHash: "t"});
    assert.equal(summary.totals.rows_read, 20_000);
    assert.equal(summary.totals.invalid, 0);
    assert.equal(summary.by_reason.other_family?.count, 400); // 2 % noise rows, filtered
    assert.equal(summary.unique_ips, 19_600); // min(H18's 727,000, 19,600 WannaCry rows): one row per address at least
    assert.match(summary.time_range.first ?? "", /^2017-05-12T14:08:/); // the registration window start
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
});

test("model: host addresses are distinct public IPv4", () => {
  const seen = new Set<string>();
  for (let i = 0; i < 50_000; i++) seen.add(hostIp(i));
  assert.equal(seen.size, 50_000);
  assert.ok([...seen].every((ip) => !/^(10|127|169|172|192)\./.test(ip)));
});

test("arrow: byte-identical output across two runs, typed columns, modelled flag and metadata", async () => {
  const one = await ingest({incident, files: [{path: "test/fixtures/drone-known.csv"}], inputHash: "t"});
  const two = await ingest({incident, files: [{path: "test/fixtures/drone-known.csv"}], inputHash: "t"});
  const a = aggregateArrow(one.aggregates, incident, "t");
  const b = aggregateArrow(two.aggregates, incident, "t");
  for (const name of Object.keys(a) as Array<keyof typeof a>) assert.equal(sha(a[name]), sha(b[name]), name);
  assert.equal(summaryJson(one.summary), summaryJson(two.summary));
  assert.equal(sha(countryReferenceArrow()), sha(countryReferenceArrow()));
  const hourly = tableFromIPC(a["hourly.arrow"]);
  assert.deepEqual(hourly.schema.fields.map((f) => `${f.name}:${f.type}`), [
    "hour:Timestamp<MILLISECOND, UTC>", "country:Dictionary<Int32, Utf8>", "sector:Dictionary<Int32, Utf8>",
    "hits:Int32", "unique_ips:Int32", "modelled:Bool"
  ]);
  assert.equal(hourly.schema.metadata.get("modelled"), "true");
  assert.equal(hourly.schema.metadata.get("incident"), "wannacry-2017");
  for (const name of Object.keys(a) as Array<keyof typeof a>) {
    assert.equal(tableFromIPC(a[name]).schema.metadata.get("scale"), String(incident.data.scale), `${name} metadata scale`);
  }
  assert.equal(incident.data.scale, 1);
  assert.deepEqual(hourly.get(0)?.toJSON(), {hour: Date.UTC(2017, 4, 12, 8), country: "CN", sector: "health", hits: 3, unique_ips: 1, modelled: true});
  const countries = tableFromIPC(a["countries.arrow"]);
  assert.deepEqual(countries.get(0)?.toJSON(), {country: "US", iso3: "USA", iso_numeric: "840", name: "United States of America",
    hits: 6, unique_ips: 1, first_seen: Date.UTC(2017, 4, 13, 10), modelled: true});
  const ref = tableFromIPC(countryReferenceArrow());
  assert.equal(ref.numRows, 249);
  const gb = ref.toArray().find((r) => r.iso2 === "GB")?.toJSON();
  assert.equal(gb?.iso3, "GBR");
  assert.equal(typeof gb?.population_2017, "number");
  assert.equal(ref.toArray().find((r) => r.iso2 === "TW")?.toJSON().population_2017, null);
});
