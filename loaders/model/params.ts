// Model parameters (data/incidents/<id>/model.json) and the weights derived from them.
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {readDataTable} from "../tables.ts";

export interface SectorNaics {naics: string; sic: string; label: string}

export interface ModelParams {
  outbreak_start: {at: string};
  growth: {midpoint: string; scale_minutes: number};
  kill_switch: {residual_new_infection_share: number};
  second_wave: {at: string; width_hours: number; share_of_new_infections: number};
  recontact: {rate_per_host_per_hour: number; decay_hours: number; floor: number; diurnal_amplitude: number; diurnal_peak_utc_hour: number};
  unique_ips: {target: number; min_hits_per_ip: number};
  other_families: {share: number; families: string[]};
  countries: {
    top: Array<{iso2: string; weight: number; source_row: string}>;
    total_weight: number;
    cap_fraction: number;
    unknown_share: number;
    unknown_codes: string[];
  };
  sectors: {
    residential: {share: number};
    other_business: {share: number};
    unknown: {share: number};
    named_victims: {share: number; counts: Record<string, {count: number; rows: string[]}>};
    naics: Record<string, SectorNaics>;
  };
}

export function loadModelParams(dir: string, file: string): ModelParams {
  return JSON.parse(readFileSync(join(dir, file), "utf-8")) as ModelParams;
}

export interface Weighted<T> {values: T[]; cumulative: Float64Array; weights: number[]}

function weighted<T>(pairs: Array<[T, number]>): Weighted<T> {
  const cumulative = new Float64Array(pairs.length);
  let sum = 0;
  pairs.forEach(([, w], i) => { sum += w; cumulative[i] = sum; });
  return {values: pairs.map(([v]) => v), cumulative, weights: pairs.map(([, w]) => w)};
}

/** Country code (as written in the log) → weight: top ten as published, tail by internet users, capped. */
export function countryWeights(p: ModelParams): Weighted<string> {
  const top = p.countries.top;
  const topSum = top.reduce((s, c) => s + c.weight, 0);
  const cap = p.countries.cap_fraction * Math.min(...top.map((c) => c.weight));
  const tailTotal = p.countries.total_weight - topSum;
  const topCodes = new Set(top.map((c) => c.iso2));
  const tail = readDataTable("reference/countries-2017.csv")
    .filter((r) => !topCodes.has(r.iso2 ?? "") && Number(r.internet_users_2017) > 0)
    .map((r) => ({iso2: r.iso2 ?? "", users: Number(r.internet_users_2017)}));
  // Water-filling: shares proportional to users, none above the cap.
  const weights = new Map<string, number>();
  let open = tail, remaining = tailTotal;
  while (open.length > 0) {
    const users = open.reduce((s, c) => s + c.users, 0);
    const over = open.filter((c) => (remaining * c.users) / users > cap);
    if (over.length === 0) {
      for (const c of open) weights.set(c.iso2, (remaining * c.users) / users);
      break;
    }
    for (const c of over) { weights.set(c.iso2, cap); remaining -= cap; }
    const capped = new Set(over.map((c) => c.iso2));
    open = open.filter((c) => !capped.has(c.iso2));
  }
  const known = p.countries.total_weight;
  const unknownEach = (known * p.countries.unknown_share) / (1 - p.countries.unknown_share) / p.countries.unknown_codes.length;
  const pairs: Array<[string, number]> = [
    ...top.map((c): [string, number] => [c.iso2, c.weight]),
    ...[...weights.entries()].sort((a, b) => a[0].localeCompare(b[0])),
    ...p.countries.unknown_codes.map((code): [string, number] => [code, unknownEach])
  ];
  return weighted(pairs);
}

/** Taxonomy sector → weight. */
export function sectorWeights(p: ModelParams): Weighted<string> {
  const s = p.sectors;
  const victims = Object.entries(s.named_victims.counts);
  const total = victims.reduce((sum, [, v]) => sum + v.count, 0);
  const pairs: Array<[string, number]> = [
    ["residential", s.residential.share],
    ["other_business", s.other_business.share],
    ["unknown", s.unknown.share],
    ...victims.map(([key, v]): [string, number] => [key, (s.named_victims.share * v.count) / total])
  ];
  return weighted(pairs);
}
