// The modelled sinkhole log: sinkhole physics (nothing before the domain resolves) and calibration in published
// units (H15 hits, H18 unique IPs, C22–C31 hits per country), read from data/published/, never typed in here.
import {test} from "node:test";
import assert from "node:assert/strict";
import {mkdtempSync, rmSync, writeFileSync, readFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import countries from "i18n-iso-countries";
import "../../loaders/country.ts"; // registers the English names
import {loadIncident} from "../../loaders/incident.ts";
import {loadModelParams} from "../../loaders/model/params.ts";
import {generateModel, planModel} from "../../loaders/model/generate.ts";
import {ingest} from "../../loaders/ingest.ts";
import {readDataTable} from "../../loaders/tables.ts";

const incident = loadIncident("wannacry-2017");
const spec = incident.data.model;
if (spec === null) throw new Error("wannacry-2017 has no model");
const params = loadModelParams(incident.dir, spec.params);
const DEFAULT_ROWS = (JSON.parse(readFileSync(join(incident.dir, "incident.json"), "utf-8")) as {data: {model: {rows: number}}}).data.model.rows;
const registered = Date.parse(incident.kill_switch?.start ?? "");

const headline = new Map(readDataTable("published/headline_totals.csv").map((r) => [r.row_id ?? "", r]));
/** A published value as [low, high]: "14000000-16000000" or "727000". */
function range(id: string): [number, number] {
  const [lo, hi] = (headline.get(id)?.value ?? "").split("-").map(Number);
  assert.ok(Number.isFinite(lo), `headline_totals ${id} has a number`);
  return [lo ?? NaN, hi ?? lo ?? NaN];
}
/** C22–C31 (Kryptos Logic kill-switch requests per country) as iso2 → requests, from the published rows. */
const TOP_ROWS = ["C22", "C23", "C24", "C25", "C26", "C27", "C28", "C29", "C30", "C31"];
const topTen = new Map(readDataTable("published/country_figures.csv").filter((r) => TOP_ROWS.includes(r.row_id ?? "")).map((r) => {
  const iso2 = countries.getAlpha2Code(r.country ?? "", "en") ?? `? ${r.country}`;
  return [iso2, Number(r.figure)];
}));

test("model: published rows are readable (H15, H18, ten rows C22–C31)", () => {
  assert.deepEqual(range("H15"), [14_000_000, 16_000_000]);
  assert.equal(topTen.size, 10);
  for (const [iso2, figure] of topTen) assert.ok(/^[A-Z]{2}$/.test(iso2) && figure > 0, `${iso2} ${figure}`);
});

test("model: the default plan starts at registration and lands on H15, H18 and C22–C31", () => {
  assert.ok(DEFAULT_ROWS >= 800_000 && DEFAULT_ROWS <= 1_500_000, `default rows ${DEFAULT_ROWS}`);
  const plan = planModel(incident, params, DEFAULT_ROWS, spec.seed);
  // Nothing before the domain resolves (the registration window start), neither WannaCry nor other families.
  assert.equal(plan.start + plan.firstMinute * 60_000, registered);
  for (let m = 0; m < plan.firstMinute; m++) {
    assert.equal(plan.hitsPerMinute[m], 0, `hits at minute ${m}`);
    assert.equal(plan.noise[m], 0, `noise at minute ${m}`);
  }
  assert.ok((plan.hitsPerMinute[plan.firstMinute] ?? 0) > 0, "hits from the first minute after registration");
  // Hits: H15's range, per minute and per host.
  const [lo, hi] = range("H15");
  const perMinute = plan.hitsPerMinute.reduce((s, v) => s + v, 0);
  const perHost = plan.hostHits.reduce((s, v) => s + v, 0);
  assert.equal(perMinute, perHost);
  assert.ok(perHost >= lo && perHost <= hi, `hits ${perHost} outside H15 ${lo}–${hi}`);
  // Components add up to the total in their stated shares.
  plan.componentHits.forEach((c, i) => {
    const share = c.reduce((s, v) => s + v, 0) / perHost;
    assert.ok(Math.abs(share - (params.components[i]?.share_of_hits ?? NaN)) < 1e-9, `component ${i} share ${share}`);
  });
  // Unique IPs: within 1 % of H18.
  const [ips] = range("H18");
  assert.ok(Math.abs(plan.uniqueIps - ips) / ips < 0.01, `unique IPs ${plan.uniqueIps} vs H18 ${ips}`);
  // Top ten: exactly the published requests, and above every other country.
  const byCode = new Map(plan.countries.map((c) => [c.code, c.hits]));
  for (const [iso2, figure] of topTen) assert.equal(byCode.get(iso2), figure, iso2);
  const tenth = Math.min(...topTen.values());
  for (const c of plan.countries) if (!topTen.has(c.code)) assert.ok(c.hits < tenth, `${c.code} ${c.hits} ≥ tenth ${tenth}`);
  // Hits per IP: mean H15/H18, a long tail (most addresses a few hits, NAT'd ones thousands).
  const sorted = [...plan.hostHits].sort((a, b) => a - b);
  assert.ok((sorted[Math.floor(sorted.length / 2)] ?? 0) <= 5, "median hits per IP ≤ 5");
  assert.ok((sorted[sorted.length - 1] ?? 0) >= 1000, "some IP with ≥ 1,000 hits");
  assert.ok(Math.abs(perHost / plan.uniqueIps - (lo + hi) / 2 / ips) < 1, "mean hits per IP ≈ H15 midpoint / H18");
  // Rows: every host has one, never more rows than hits; total rows as asked.
  assert.ok(plan.hostRows.every((r, h) => r >= 1 && r <= (plan.hostHits[h] ?? 0)));
  assert.equal(plan.wannaRows + plan.noise.reduce((s, v) => s + v, 0), DEFAULT_ROWS);
});

test("model: a generated file through the pipeline: no row before registration, hits and top ten as published", async () => {
  const dir = mkdtempSync(join(tmpdir(), "atlas-model-"));
  try {
    const out = join(dir, "m.csv");
    const rows = 60_000; // fewer rows than H18's IPs: unique IPs = WannaCry rows, hits and countries unchanged
    assert.equal(await generateModel(incident, spec.params, {rows, seed: spec.seed, out}), rows);
    const firstData = readFileSync(out, "utf-8").split("\n", 2)[1] ?? "";
    assert.ok(Date.parse(firstData.slice(0, 19).replace(" ", "T") + "Z") >= registered, firstData);
    const {summary, aggregates} = await ingest({incident, files: [{path: out}], inputHash: "t"});
    assert.equal(summary.totals.invalid, 0);
    assert.ok(Date.parse(summary.time_range.first ?? "") >= registered, `first ${summary.time_range.first}`);
    const [lo, hi] = range("H15");
    const hits = aggregates.countries.reduce((s, r) => s + r.hits, 0);
    assert.ok(hits >= lo && hits <= hi, `hits ${hits}`);
    assert.equal(aggregates.daily.reduce((s, r) => s + r.hits, 0), hits);
    assert.equal(summary.unique_ips, Math.min(range("H18")[0], rows - Math.round(rows * params.other_families.share)));
    const byCode = new Map(aggregates.countries.map((r) => [r.country, r.hits]));
    for (const [iso2, figure] of topTen) assert.equal(byCode.get(iso2), figure, iso2);
    assert.ok(aggregates.hourly.hour.every((hour) => hour >= registered - (registered % 3_600_000)), "no hour before registration");
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
});

test("model: parameters are checked with the file and field", () => {
  const dir = mkdtempSync(join(tmpdir(), "atlas-params-"));
  try {
    const bad = structuredClone(params);
    bad.components[0] = {...bad.components[0]!, share_of_hits: 0.5};
    writeFileSync(join(dir, "p.json"), JSON.stringify(bad));
    assert.throws(() => loadModelParams(dir, "p.json"), {name: "ConfigError", message: /p\.json: "components\[\]\.share_of_hits" must add up to 1/});
    writeFileSync(join(dir, "p.json"), JSON.stringify({...params, totals: {hits: -1, unique_ips: 1}}));
    assert.throws(() => loadModelParams(dir, "p.json"), {message: /"totals\.hits" must be a positive integer, got -1/});
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
});
