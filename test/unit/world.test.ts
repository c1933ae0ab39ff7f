// The map's outlines (loaders/world.ts): every outline the pipeline can colour carries its country code.
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {test} from "node:test";
import * as topojson from "topojson-client";
import type {GeometryCollection, Topology} from "topojson-specification";
import {atlasWorld, type WorldTopology} from "../../loaders/world.ts";
import {unmappedCaveat} from "../../src/figures/compute.ts";

const source = JSON.parse(readFileSync("node_modules/world-atlas/countries-110m.json", "utf-8")) as WorldTopology;
const world = atlasWorld(source);
const features = (t: WorldTopology) => (topojson.feature(t as unknown as Topology, t.objects.countries as unknown as GeometryCollection)).features as unknown as
  Array<{id?: string; properties: {name: string; iso2?: string}; geometry: {type: string; coordinates: number[][][][]}}>;
const longitudes = (f: ReturnType<typeof features>[number]) => f.geometry.coordinates.flat(3).filter((_, i) => i % 2 === 0);

test("atlasWorld: French Guiana is its own outline, not part of France's", () => {
  const before = features(source).find((f) => f.id === "250")!;
  assert.ok(Math.min(...longitudes(before)) < -50, "Natural Earth draws French Guiana as France's");
  const after = features(world);
  const france = after.find((f) => f.properties.iso2 === "FR")!;
  const guiana = after.find((f) => f.properties.iso2 === "GF")!;
  assert.ok(Math.min(...longitudes(france)) > -10, "France keeps only its European polygons (with Corsica)");
  assert.equal(france.geometry.coordinates.length, before.geometry.coordinates.length - 1);
  assert.ok(Math.max(...longitudes(guiana)) < -50 && guiana.id === "254");
});

test("atlasWorld: every outline but N. Cyprus has a code, Kosovo's XK included; Somaliland is Somalia's", () => {
  const after = features(world);
  assert.equal(after.length, features(source).length + 1);
  assert.deepEqual(after.filter((f) => !f.properties.iso2).map((f) => f.properties.name), ["N. Cyprus"]);
  assert.deepEqual(after.filter((f) => f.properties.iso2 === "SO").map((f) => f.properties.name).sort(), ["Somalia", "Somaliland"]);
  assert.equal(after.find((f) => f.properties.name === "Kosovo")?.properties.iso2, "XK");
  const codes = after.flatMap((f) => f.properties.iso2 ?? []);
  assert.equal(new Set(codes).size, codes.length - 1, "no code on two outlines but Somalia's");
  assert.equal(after.find((f) => f.properties.iso2 === "GB")?.properties.name, "United Kingdom");
});

test("unmappedCaveat: names the countries with data that have no outline at this scale", () => {
  assert.equal(unmappedCaveat(world, [{country: "FR", name: "France"}, {country: "XX", name: "Unknown location"}]), null);
  assert.equal(unmappedCaveat(world, [{country: "SG", name: "Singapore"}, {country: "GF", name: "French Guiana"}, {country: "HK", name: "Hong Kong"}]),
    "Too small to draw at this map's scale (1:110m), so in the table only: Singapore and Hong Kong.");
  const many = ["SG", "HK", "MT", "BH", "MU", "MV", "LI"].map((country) => ({country, name: country}));
  assert.match(unmappedCaveat(world, many) ?? "", /only: SG, HK, MT, BH, MU and 2 others\.$/);
  assert.match(unmappedCaveat(world, many.slice(0, 6)) ?? "", /only: SG, HK, MT, BH, MU and 1 other\.$/);
});

test("countries map: a rate names how many countries have one; the unknown-location bucket and an older reference year are caveats", async () => {
  const {mapSummary} = await import("../../src/figures/countries-map-text.ts");
  const {countryRows, referenceYearCaveat, sectorSubject, unlocatedCaveat} = await import("../../src/figures/compute.ts");
  const country = (iso2: string, name: string, hits: number, ips: number) => ({country: iso2, iso3: "", iso_numeric: null, name, first_seen: 0, hits, unique_ips: ips});
  const countries = [country("NL", "Netherlands", 900, 142), country("DE", "Germany", 60, 40), country("FR", "France", 50, 30), country("XX", "Unknown", 18, 6)];
  const reference = [["NL", 17e6, 15e6], ["DE", 82e6, 70e6], ["FR", 66e6, 55e6], ["US", 325e6, 240e6]]
    .map(([iso2, population, users]) => ({iso2: String(iso2), population_2017: Number(population), internet_users_2017: Number(users)}));
  const summary = (rows: typeof countries, metric: "unique_ips" | "per_million_people") => {
    const all = countryRows(rows, reference, new Map());
    const ranked = all.filter((r) => r[metric] != null && r.country !== "XX").sort((a, b) => b[metric]! - a[metric]!);
    return mapSummary(metric, ranked, all.filter((r) => r.country !== "XX").length, null);
  };
  assert.match(summary(countries, "per_million_people"), /^Only Netherlands has 100 or more unique IPs, enough for a rate: 8\.\d+ unique IPs per million people\.$/);
  assert.match(summary(countries, "unique_ips"), /; 3 countries have data\.$/);
  assert.match(summary([...countries, country("US", "United States", 500, 300)], "per_million_people"), /; 2 of 4 countries have 100 or more unique IPs, enough for a rate\.$/);
  assert.equal(unlocatedCaveat(countries), "18 hits from 6 unique IPs had no known location (no country code, or a placeholder such as XX or EU): they are in the totals but not on the map or in the ranking.");
  assert.equal(unlocatedCaveat(countries.slice(0, 3)), null);
  assert.match(referenceYearCaveat("2023-10-09T00:00:00Z") ?? "", /^Rates divide by 2017 population and internet users, not by figures of this incident's year \(2023\)/);
  assert.equal(referenceYearCaveat("2017-05-12T00:00:00Z"), null);
  assert.equal(sectorSubject("unknown", "Unknown"), "addresses of no known sector");
  assert.equal(sectorSubject("health", "Health"), "addresses in the Health sector");
});
