// Model parameters (data/incidents/<id>/model.json) and the weights derived from them.
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {ConfigError} from "../errors.ts";
import {readDataTable} from "../tables.ts";

export interface SectorNaics {naics: string; sic: string; label: string}

/** One source of hits after the domain resolves: its share of all hits and its exponential decay. */
export interface HitComponent {name: string; share_of_hits: number; decay_hours: number; source: string}

export interface ModelParams {
  totals: {hits: number; unique_ips: number};
  components: HitComponent[];
  daily_cycle: {reference_utc_offset_hours: number; peak_local_hour: number; amplitude: number; weekend_factor: number};
  hits_per_ip: {lognormal_sigma: number};
  other_families: {share: number; families: string[]};
  countries: {
    top: Array<{iso2: string; weight: number; source_row: string}>;
    cap_fraction: number;
    /** Tail weight = internet_users^tail_exponent (1 = proportional). */
    tail_exponent: number;
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

function positive(file: string, field: string, v: unknown, integer = false): void {
  if (typeof v !== "number" || !Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v))) {
    throw new ConfigError(file, `"${field}" must be a positive ${integer ? "integer" : "number"}, got ${JSON.stringify(v)}`);
  }
}

/** Reads and checks the parameters that set the model's physics and totals. */
export function loadModelParams(dir: string, file: string): ModelParams {
  const path = join(dir, file);
  let p: ModelParams;
  try {
    p = JSON.parse(readFileSync(path, "utf-8")) as ModelParams;
  } catch (error) {
    throw new ConfigError(path, `not valid JSON (${(error as Error).message})`);
  }
  positive(path, "totals.hits", p.totals?.hits, true);
  positive(path, "totals.unique_ips", p.totals?.unique_ips, true);
  if (!Array.isArray(p.components) || p.components.length === 0) throw new ConfigError(path, `"components" must be a non-empty array`);
  p.components.forEach((c, i) => {
    positive(path, `components[${i}].share_of_hits`, c.share_of_hits);
    positive(path, `components[${i}].decay_hours`, c.decay_hours);
  });
  const shares = p.components.reduce((s, c) => s + c.share_of_hits, 0);
  if (Math.abs(shares - 1) > 1e-9) throw new ConfigError(path, `"components[].share_of_hits" must add up to 1, got ${shares}`);
  const top = p.countries?.top ?? [];
  const topSum = top.reduce((s, c) => s + c.weight, 0);
  if (topSum > p.totals.hits * (1 - (p.countries?.unknown_share ?? 0))) {
    throw new ConfigError(path, `"countries.top" weights (${topSum}) exceed "totals.hits" less the unknown share`);
  }
  return p;
}

export interface Weighted<T> {values: T[]; cumulative: Float64Array; weights: number[]}

function weighted<T>(pairs: Array<[T, number]>): Weighted<T> {
  const cumulative = new Float64Array(pairs.length);
  let sum = 0;
  pairs.forEach(([, w], i) => { sum += w; cumulative[i] = sum; });
  return {values: pairs.map(([v]) => v), cumulative, weights: pairs.map(([, w]) => w)};
}

/**
 * Country code (as written in the log) → expected hits: the top ten as published, the unknown codes a fixed
 * share of the total, the rest of the total spread by internet users, each capped below the tenth country.
 */
export function countryWeights(p: ModelParams): Weighted<string> {
  const top = p.countries.top;
  const topSum = top.reduce((s, c) => s + c.weight, 0);
  const cap = p.countries.cap_fraction * Math.min(...top.map((c) => c.weight));
  const unknownTotal = p.totals.hits * p.countries.unknown_share;
  const tailTotal = p.totals.hits - topSum - unknownTotal;
  const topCodes = new Set(top.map((c) => c.iso2));
  const tail = readDataTable("reference/countries-2017.csv")
    .filter((r) => !topCodes.has(r.iso2 ?? "") && Number(r.internet_users_2017) > 0)
    .map((r) => ({iso2: r.iso2 ?? "", users: Number(r.internet_users_2017) ** (p.countries.tail_exponent ?? 1)}));
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
  const unknownEach = unknownTotal / p.countries.unknown_codes.length;
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
