// The numbers the figure modules compute (src/figures/compute.ts) and the selection readers (src/figures/params.ts).
import assert from "node:assert/strict";
import {test} from "node:test";
import {readdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {vectorFromArray, Dictionary, Int32, Utf8, TimestampMillisecond, Table} from "apache-arrow";
import {competitionRank, countryRows, hitsBy, hitsByHour, hourlyColumns, hourlyTotals, MIN_FOR_RATE, tiedForTop, tiedNames} from "../../src/figures/compute.ts";
import {fillHours} from "../../src/components/time/hours.ts";
import {MAX_HOURLY_WINDOW, stepIndex, windowSteps} from "../../src/figures/window-steps.ts";
import {choice, code, list, number, readAll, time} from "../../src/figures/params.ts";
import type {HourlyRow} from "../../src/figures/tables.ts";
import {assumedValues, modelledWords, sectorMixCaveat} from "../../src/components/facts/modelled.ts";
import {sinkholeStart} from "../../src/components/state/report-data.ts";

const H = 3_600_000;
const t0 = Date.UTC(2017, 4, 12);
const rows: HourlyRow[] = [
  {hour: t0, country: "GB", sector: "health", hits: 5},
  {hour: t0 + H, country: "GB", sector: "health", hits: 7},
  {hour: t0 + H, country: "FR", sector: "education", hits: 3},
  {hour: t0 + 3 * H, country: "FR", sector: "health", hits: 10}
];
const window: [Date, Date] = [new Date(t0), new Date(t0 + 4 * H)];

test("hourlyTotals: every hour of the window, zeros included; hits before `from` are counted as dropped, not drawn", () => {
  const all = hourlyTotals(rows, window);
  assert.deepEqual(all.totals.map((d) => d.value), [5, 10, 0, 10]);
  assert.equal(all.total, 25);
  assert.equal(all.dropped, 0);
  assert.equal(+all.peak!.hour, t0 + H, "the first of two equal peaks");
  const late = hourlyTotals(rows, window, new Date(t0 + H + 30 * 60_000));
  assert.deepEqual(late.totals.map((d) => d.value), [10, 0, 10], "from is floored to its hour");
  assert.equal(late.dropped, 5);
  assert.equal(hourlyTotals([], window).peak?.value, 0);
});

test("hourlyTotals: a window that opens inside an hour keeps that hour's hits; the first hour with hits", () => {
  const midHour = hourlyTotals(rows, [new Date(t0 + 30 * 60_000), new Date(t0 + 4 * H)]);
  assert.deepEqual(midHour.totals.map((d) => d.value), [5, 10, 0, 10], "the hour from 00:00 holds the hits from 00:30");
  assert.equal(midHour.total, 25);
  assert.equal(midHour.dropped, 0);
  assert.equal(+midHour.first!, t0);
  assert.equal(hourlyTotals([], window).first, null);
});

test("sinkholeStart: the registration when no hit precedes its hour, else null (the data are drawn from the window's start)", () => {
  const dates = {window, killSwitch: [new Date(t0 + H + 20 * 60_000), new Date(t0 + 2 * H)] as [Date, Date], events: []};
  assert.equal(+sinkholeStart(dates, new Date(t0 + H))!, t0 + H + 20 * 60_000, "a hit in the registration's own hour is consistent");
  assert.equal(+sinkholeStart(dates, "2017-05-12T03:00:00.000Z")!, t0 + H + 20 * 60_000);
  assert.equal(+sinkholeStart(dates, null)!, t0 + H + 20 * 60_000);
  assert.equal(sinkholeStart(dates, new Date(t0)), null, "a hit before the registration: the sinkhole did not begin there");
  assert.equal(sinkholeStart({...dates, killSwitch: null}, new Date(t0)), null);
});

test("fillHours: every hour of the range with 0 where no point falls, so a step area drops between hits", () => {
  const points = [...hitsByHour(rows)].map(([h, value]) => ({hour: new Date(h), value}));
  const filled = fillHours(points, new Date(t0 + 30 * 60_000), new Date(t0 + 5 * H));
  assert.deepEqual(filled.map((d) => +d.hour), [0, 1, 2, 3, 4].map((i) => t0 + i * H), "from is floored to its hour; to is excluded");
  assert.deepEqual(filled.map((d) => d.value), [5, 10, 0, 10, 0]);
  assert.deepEqual(fillHours([{hour: new Date(t0 + 90 * 60_000), value: 2}, {hour: new Date(t0 + H), value: 1}], window[0], window[1]).map((d) => d.value), [0, 3, 0, 0], "points inside an hour are summed into it");
  assert.deepEqual(fillHours(points, window[1], window[0]), [], "an empty range");
});

test("layers: the chart functions and the hour helpers import nothing from src/figures/ (figures build on them)", () => {
  for (const dir of ["src/components/charts", "src/components/time"]) {
    for (const file of readdirSync(dir)) {
      assert.doesNotMatch(readFileSync(join(dir, file), "utf-8"), /from\s+["'][^"']*\/figures\//, `${dir}/${file}`);
    }
  }
});

test("windowSteps: hourly From/To lists for a short window, daily for a long one; stepIndex finds the option holding an instant", () => {
  const short = windowSteps(window);
  assert.equal(short.unit, "hour");
  assert.deepEqual(short.starts.map((d) => +d), [0, 1, 2, 3].map((i) => t0 + i * H));
  assert.deepEqual(short.ends.map((d) => +d), [1, 2, 3, 4].map((i) => t0 + i * H));
  const year: [Date, Date] = [new Date("2016-09-01T00:00Z"), new Date("2017-09-01T00:00Z")];
  const long = windowSteps(year);
  assert.equal(long.unit, "day");
  assert.equal(long.starts.length, 365);
  assert.equal(+long.starts[0]!, +year[0]);
  assert.equal(+long.ends[long.ends.length - 1]!, +year[1]);
  assert.ok(long.starts.every((d, i) => +long.ends[i]! - +d === 24 * H), "one day each");
  // A window that does not start at midnight: its start, then each midnight after it.
  const odd = windowSteps([new Date("2017-01-01T06:00Z"), new Date("2017-04-01T12:00Z")]);
  assert.deepEqual([odd.starts[0], odd.starts[1], odd.ends[odd.ends.length - 2], odd.ends[odd.ends.length - 1]].map((d) => d!.toISOString().slice(0, 16)), ["2017-01-01T06:00", "2017-01-02T00:00", "2017-04-01T00:00", "2017-04-01T12:00"]);
  const limit = windowSteps([new Date(t0), new Date(t0 + MAX_HOURLY_WINDOW)]);
  assert.equal(limit.unit, "hour", "a window of exactly the limit still lists hours");
  // A brushed window 3 Jan 14:00 – 5 Jan 02:00 shows as the days that hold it.
  assert.equal(long.starts[stepIndex(long.starts, new Date("2017-01-03T14:00Z"), "floor")]!.toISOString().slice(0, 10), "2017-01-03");
  assert.equal(long.ends[stepIndex(long.ends, new Date("2017-01-05T02:00Z"), "ceil")]!.toISOString().slice(0, 10), "2017-01-06");
  assert.equal(stepIndex(short.ends, new Date(t0 + 2 * H), "ceil"), 1, "an exact hour is its own option");
  assert.equal(stepIndex(short.starts, new Date(t0 - H), "floor"), -1);
});

test("hitsBy and hitsByHour: sums within [from, to), largest first; one country's hours", () => {
  assert.deepEqual(hitsBy(rows, "country", new Date(t0), new Date(t0 + 2 * H)), [{key: "GB", hits: 12}, {key: "FR", hits: 3}]);
  assert.deepEqual(hitsBy(rows, "sector", new Date(t0), new Date(t0 + 4 * H)), [{key: "health", hits: 22}, {key: "education", hits: 3}]);
  assert.deepEqual([...hitsByHour(rows, "FR")], [[t0 + H, 3], [t0 + 3 * H, 10]]);
});

test("hourlyColumns reads an Arrow table (dictionary columns, timestamps) the same as plain rows", () => {
  const dict = (values: string[]) => vectorFromArray(values, new Dictionary(new Utf8(), new Int32()));
  const table = new Table({
    hour: vectorFromArray(rows.map((r) => r.hour as number), new TimestampMillisecond()),
    country: dict(rows.map((r) => r.country)),
    sector: dict(rows.map((r) => r.sector)),
    hits: vectorFromArray(rows.map((r) => r.hits), new Int32())
  });
  const fromArrow = hourlyColumns(table as unknown as Iterable<HourlyRow>);
  const fromRows = hourlyColumns(rows);
  assert.deepEqual({...fromArrow, hour: [...fromArrow.hour], hits: [...fromArrow.hits]}, {...fromRows, hour: [...fromRows.hour], hits: [...fromRows.hits]});
  assert.deepEqual(hitsBy(table as unknown as Iterable<HourlyRow>, "country", window[0], window[1]), hitsBy(rows, "country", window[0], window[1]));
});

test("countryRows: rates only from MIN_FOR_RATE addresses on, readable names, the unknown bucket named", () => {
  const out = countryRows(
    [{country: "GB", name: "United Kingdom of Great Britain and Northern Ireland", iso_numeric: "826", hits: 500, unique_ips: 200},
      {country: "TV", name: "Tuvalu", iso_numeric: "798", hits: 3, unique_ips: MIN_FOR_RATE - 1},
      {country: "XX", name: "", iso_numeric: null, hits: 9, unique_ips: 4}],
    [{iso2: "GB", population_2017: 2_000_000, internet_users_2017: 1_000_000}, {iso2: "TV", population_2017: 11_000, internet_users_2017: 5_000}],
    new Map()
  );
  assert.equal(out[0]!.name, "United Kingdom");
  assert.equal(out[0]!.per_million_people, 100);
  assert.equal(out[0]!.per_million_users, 200);
  assert.equal(out[1]!.per_million_people, null, "too few addresses for a rate");
  assert.equal(out[2]!.name, "Unknown location");
});

test("selection readers: invalid values fall back to the defaults", () => {
  assert.equal(number(0, 0, 10)("7"), 7);
  assert.equal(number(0, 0, 10)("not-a-number"), 0);
  assert.equal(number(0, 0, 10)("11"), 0);
  assert.equal(choice(["log", "linear"] as const, "log")("cubic"), "log");
  assert.equal(code("gb"), null);
  assert.equal(code("GB"), "GB");
  assert.equal(+time("2017-05-12T14")!, Date.UTC(2017, 4, 12, 14));
  assert.equal(+time("2017-05-12T14:30Z")!, Date.UTC(2017, 4, 12, 14, 30));
  assert.equal(time("yesterday"), null);
  assert.deepEqual(list((v) => v !== "unknown")("health, education,health,unknown,"), ["health", "education"]);
  assert.deepEqual(readAll({metric: choice(["hits", "unique_ips"] as const, "unique_ips"), minimum: number(0)}, new URLSearchParams("metric=hits&minimum=x")), {metric: "hits", minimum: 0});
});

test("modelledWords: a model is named only for an incident that has one; no words for observed data", () => {
  const simulated = modelledWords({id: "w", data: {modelled: true, model: {params: "params/model.json"}}})!;
  assert.equal(simulated.simulated, true);
  assert.equal(simulated.where, "data/incidents/w/params/model.json");
  assert.equal(sectorMixCaveat(simulated), "The sector mix is an assumption of the model, not a finding.");
  const input = modelledWords({id: "s", data: {modelled: true, model: null}})!;
  assert.equal(input.simulated, false);
  assert.equal(sectorMixCaveat(input), "The sector mix is part of the modelled input, not a finding.");
  for (const text of Object.values(input).filter((v) => typeof v === "string")) assert.doesNotMatch(String(text), /\bmodel\b|model's|model\.json|simulation/);
  assert.equal(modelledWords({id: "n", data: {modelled: false, model: {params: "model.json"}}}), null);
});

test("assumedValues: a simulation's country hits are not assumptions (matched to the published top ten); everything of modelled input is", () => {
  const simulated = modelledWords({id: "w", data: {modelled: true, model: {params: "model.json"}}});
  const input = modelledWords({id: "s", data: {modelled: true, model: null}});
  assert.deepEqual(["hits", "unique_ips", "per_million_people"].map((m) => assumedValues(simulated, m)), [false, true, true]);
  assert.deepEqual(["hits", "unique_ips"].map((m) => assumedValues(input, m)), [true, true]);
  assert.equal(assumedValues(null, "unique_ips"), false);
});

test("ties: the rows tied for the top, competition ranks, and their names", () => {
  const ranked = [{n: "US", v: 50}, {n: "KR", v: 50}, {n: "JP", v: 50}, {n: "DE", v: 20}, {n: "FR", v: 20}, {n: "IT", v: 5}];
  const v = (r: {v: number}) => r.v;
  assert.deepEqual(tiedForTop(ranked, v).map((r) => r.n), ["US", "KR", "JP"]);
  assert.deepEqual(tiedForTop(ranked.slice(3), v).map((r) => r.n), ["DE", "FR"]);
  assert.deepEqual(tiedForTop([], v), []);
  assert.deepEqual(ranked.map((r) => competitionRank(ranked, v, r)), [1, 1, 1, 4, 4, 6]);
  assert.equal(tiedNames(["Germany", "Austria"]), "Germany and Austria");
  assert.equal(tiedNames(["A", "B", "C", "D", "E"]), "A, B, C and 2 others");
  assert.equal(tiedNames(["A", "B", "C", "D"]), "A, B, C and 1 other");
});
