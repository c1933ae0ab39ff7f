// The modelled WannaCry sinkhole log: a seeded, streaming writer in the legacy Shadowserver drone layout.
// Same parameters and seed → same bytes. Memory is O(minutes + hosts + rows) typed arrays (8 bytes a row).
import type {Incident} from "../incident.ts";
import {openAtomic} from "../atomic.ts";
import {formatSpaceForm} from "../timestamp.ts";
import {allocate, hashUnit, pickCumulative, sfc32} from "./prng.ts";
import {countryWeights, loadModelParams, sectorWeights, type ModelParams} from "./params.ts";

/** Legacy botnet_drone header (2017-era column set). */
export const DRONE_HEADER = [
  "timestamp", "ip", "port", "asn", "geo", "region", "city", "hostname", "type", "infection", "url", "agent",
  "cc", "cc_port", "cc_asn", "cc_geo", "cc_dns", "count", "proxy", "application", "p0f_genre", "p0f_detail",
  "machine_name", "id", "naics", "sic", "sector", "cc_naics", "cc_sic", "cc_sector", "ssl_cipher", "family", "tag", "public_source"
];

const MINUTE = 60_000;
const HOUR = 3_600_000;
const IP_MULTIPLIER = 2246822519; // prime, so i → i·K mod M is a bijection

/** First octets used for modelled addresses (public unicast ranges only). */
const OCTETS = Array.from({length: 213}, (_, k) => k + 11).filter((o) => ![100, 127, 169, 172, 192, 198, 203].includes(o));
const IP_SPACE = OCTETS.length * 16_777_216;

/** A distinct public IPv4 address for each host index (a bijection on 0 … 206·2^24 − 1). */
export function hostIp(index: number): string {
  const v = (index * IP_MULTIPLIER) % IP_SPACE;
  const first = OCTETS[Math.floor(v / 16_777_216)] ?? 11;
  const rest = v % 16_777_216;
  return `${first}.${rest >>> 16}.${(rest >>> 8) & 255}.${rest & 255}`;
}

/** One country (as written in the log): its hits and unique IPs, and its hosts [firstHost, firstHost + ips). */
export interface CountryPlan {code: string; hits: number; ips: number; firstHost: number}

export interface ModelPlan {
  /** Window start (ms) and length in minutes. */
  start: number;
  minutes: number;
  /** First minute with hits: the domain resolves from the registration window start. */
  firstMinute: number;
  /** Expected hits per minute, by component (same order as the parameters), before rounding. */
  componentHits: Float64Array[];
  /** Hits per minute (integers, sum = totalHits). */
  hitsPerMinute: Int32Array;
  countries: CountryPlan[];
  /** Per host: country index, hits, rows. */
  hostCountry: Uint16Array;
  hostHits: Int32Array;
  hostRows: Int32Array;
  /** Other-family rows per minute. */
  noise: Int32Array;
  totalHits: number;
  uniqueIps: number;
  wannaRows: number;
}

/** Multiplier of the daily cycle at time t (ms): working hours and weekdays in the reference local time. */
export function dailyCycle(t: number, p: ModelParams): number {
  const c = p.daily_cycle;
  const local = t + c.reference_utc_offset_hours * HOUR;
  const hour = (local % (24 * HOUR)) / HOUR;
  const weekday = new Date(local).getUTCDay(); // 0 Sunday, 6 Saturday
  const weekend = weekday === 0 || weekday === 6 ? c.weekend_factor : 1;
  return weekend * (1 + c.amplitude * Math.cos((2 * Math.PI * (hour - c.peak_local_hour)) / 24));
}

/** A standard normal draw from two stateless hashes (Box–Muller). */
function normal(seed: number, index: number): number {
  const u1 = 1 - hashUnit(seed, index, 5), u2 = hashUnit(seed, index, 6);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * The whole allocation, before any row is written: hits per minute (components × daily cycle, none before the
 * registration window start), hits and unique IPs per country, hits and rows per host. Integer totals are exact:
 * sum(hitsPerMinute) = sum(hostHits) = totals.hits, hosts = min(totals.unique_ips, WannaCry rows).
 */
export function planModel(incident: Incident, p: ModelParams, rows: number, seed = 0): ModelPlan {
  const start = Date.parse(incident.window.start);
  const minutes = Math.round((Date.parse(incident.window.end) - start) / MINUTE);
  const registered = Date.parse(incident.kill_switch?.start ?? incident.window.start);
  const firstMinute = Math.max(0, Math.ceil((registered - start) / MINUTE));
  const noiseRows = Math.round(rows * p.other_families.share);
  const wannaRows = rows - noiseRows;
  const totalHits = p.totals.hits;
  // Time: each component is an exponential decay from registration times the daily cycle, scaled to its share.
  const componentHits = p.components.map((c) => {
    const shape = new Float64Array(minutes);
    let sum = 0;
    for (let m = firstMinute; m < minutes; m++) {
      const t = start + m * MINUTE;
      shape[m] = Math.exp(-(t - registered) / (c.decay_hours * HOUR)) * dailyCycle(t, p);
      sum += shape[m] ?? 0;
    }
    return sum > 0 ? shape.map((v) => (v / sum) * c.share_of_hits * totalHits) : shape;
  });
  const expected = new Float64Array(minutes);
  for (const c of componentHits) for (let m = 0; m < minutes; m++) expected[m] = (expected[m] ?? 0) + (c[m] ?? 0);
  const hitsPerMinute = allocate(totalHits, expected);
  // Countries: integer hits (top ten exact), unique IPs in proportion to hits (at least one each).
  const weights = countryWeights(p);
  const countryHits = allocate(totalHits, weights.weights);
  const present = weights.values.map((code, i) => ({code, hits: countryHits[i] ?? 0})).filter((c) => c.hits > 0);
  const uniqueIps = Math.max(present.length, Math.min(p.totals.unique_ips, wannaRows));
  const extraIps = allocate(uniqueIps - present.length, present.map((c) => c.hits));
  const countries: CountryPlan[] = [];
  let host = 0;
  present.forEach((c, i) => {
    const ips = Math.min(c.hits, 1 + (extraIps[i] ?? 0));
    countries.push({code: c.code, hits: c.hits, ips, firstHost: host});
    host += ips;
  });
  const hosts = host;
  // Hosts: 1 hit each plus a lognormal share of the country's remaining hits (NAT'd networks form the tail).
  const hostCountry = new Uint16Array(hosts), hostHits = new Int32Array(hosts);
  countries.forEach((c, ci) => {
    const w = new Float64Array(c.ips);
    for (let k = 0; k < c.ips; k++) w[k] = Math.exp(p.hits_per_ip.lognormal_sigma * normal(seed, c.firstHost + k));
    const extra = allocate(c.hits - c.ips, w);
    for (let k = 0; k < c.ips; k++) {
      hostCountry[c.firstHost + k] = ci;
      hostHits[c.firstHost + k] = 1 + (extra[k] ?? 0);
    }
  });
  // Rows: one per host, the rest in proportion to each host's hits beyond the first (never more rows than hits).
  const rowWeights = new Float64Array(hosts);
  for (let h = 0; h < hosts; h++) rowWeights[h] = (hostHits[h] ?? 1) - 1;
  const extraRows = allocate(Math.max(0, wannaRows - hosts), rowWeights);
  const hostRows = new Int32Array(hosts);
  for (let h = 0; h < hosts; h++) hostRows[h] = Math.min(hostHits[h] ?? 1, 1 + (extraRows[h] ?? 0));
  const noiseWeights = new Float64Array(minutes);
  noiseWeights.fill(1, firstMinute);
  const noise = allocate(noiseRows, noiseWeights);
  return {start, minutes, firstMinute, componentHits, hitsPerMinute, countries, hostCountry, hostHits, hostRows, noise,
    totalHits, uniqueIps: hosts, wannaRows: hostRows.reduce((s, r) => s + r, 0)};
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export interface GenerateOptions {rows: number; seed: number; out: string; onProgress?: (rows: number) => void}

/**
 * Writes the modelled log to `out` atomically; returns the number of rows written. Each host's hits are split
 * evenly over its rows; the rows of all hosts are shuffled (seeded) and laid along the cumulative hits per minute,
 * so each row lands in the minute that holds its middle hit: the hits per minute follow the plan to within one row
 * at each minute boundary, and the file is in time order.
 */
export async function generateModel(incident: Incident, paramsFile: string, options: GenerateOptions): Promise<number> {
  const p = loadModelParams(incident.dir, paramsFile);
  const seed = options.seed >>> 0;
  const plan = planModel(incident, p, options.rows, seed);
  const sectors = sectorWeights(p);
  const random = sfc32(seed);
  const out = openAtomic(options.out);
  const family = incident.families[0] ?? "wannacry";
  // Rows as (host, count), shuffled.
  const total = plan.wannaRows;
  const rowHost = new Int32Array(total), rowCount = new Int32Array(total);
  let r = 0;
  for (let h = 0; h < plan.hostHits.length; h++) {
    const hits = plan.hostHits[h] ?? 1, n = plan.hostRows[h] ?? 1;
    const base = Math.floor(hits / n), extra = hits - base * n;
    for (let k = 0; k < n; k++) { rowHost[r] = h; rowCount[r] = base + (k < extra ? 1 : 0); r++; }
  }
  for (let i = total - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const th = rowHost[i] ?? 0, tc = rowCount[i] ?? 0;
    rowHost[i] = rowHost[j] ?? 0; rowCount[i] = rowCount[j] ?? 0;
    rowHost[j] = th; rowCount[j] = tc;
  }
  // Other-family hosts: countries in proportion to WannaCry hits (assumption; they are filtered out anyway).
  const noiseCum = new Float64Array(plan.countries.length);
  plan.countries.reduce((sum, c, i) => (noiseCum[i] = sum + c.hits), 0);
  const sectorText = sectors.values.map((key) => {
    const n = p.sectors.naics[key] ?? {naics: "", sic: "", label: ""};
    return `${n.naics},${n.sic},${csvField(n.label)}`;
  });
  const hostFields = (i: number): string => {
    const country = i < plan.hostHits.length ? plan.countries[plan.hostCountry[i] ?? 0]?.code ?? ""
      : plan.countries[pickCumulative(noiseCum, hashUnit(seed, i, 1))]?.code ?? "";
    const asn = 1000 + Math.floor(hashUnit(seed, i, 3) * 64000);
    const port = 1024 + Math.floor(hashUnit(seed, i, 4) * 64000);
    return `${hostIp(i)},${port},${asn},${country}`;
  };
  const hostSector = (i: number): string => sectorText[pickCumulative(sectors.cumulative, hashUnit(seed, i, 2))] ?? ",,";
  const noiseHosts = Math.max(1, Math.round(plan.noise.reduce((sum, v) => sum + v, 0) / 3));
  const seconds = Array.from({length: 60}, (_, sec) => String(sec).padStart(2, "0"));
  let written = 0;
  let chunk = DRONE_HEADER.join(",") + "\n";
  let next = 0; // next shuffled row
  let cumulative = 0; // hits up to the end of minute m
  let before = 0; // hits in rows already placed
  // Events of one minute: [second, host, count, kind 0 wanted / 1 noise], bucketed by second (stable).
  const buckets: number[][] = Array.from({length: 60}, () => []);
  try {
    for (let m = 0; m < plan.minutes; m++) {
      cumulative += plan.hitsPerMinute[m] ?? 0;
      let any = false;
      while (next < total && (before + (rowCount[next] ?? 0) / 2 < cumulative || m === plan.minutes - 1)) {
        buckets[Math.floor(random() * 60)]?.push(rowHost[next] ?? 0, rowCount[next] ?? 1, 0);
        before += rowCount[next] ?? 0;
        next++;
        any = true;
      }
      for (let k = 0; k < (plan.noise[m] ?? 0); k++) {
        buckets[Math.floor(random() * 60)]?.push(plan.hostHits.length + Math.floor(random() * noiseHosts), 1, 1);
        any = true;
      }
      if (!any) continue;
      const prefix = formatSpaceForm(plan.start + m * MINUTE).slice(0, 17);
      for (let second = 0; second < 60; second++) {
        const bucket = buckets[second] ?? [];
        const ts = prefix + (seconds[second] ?? "00");
        for (let e = 0; e < bucket.length; e += 3) {
          const hostIndex = bucket[e] ?? 0, count = bucket[e + 1] ?? 1, kind = bucket[e + 2] ?? 0;
          const fam = kind === 0 ? family : (p.other_families.families[hostIndex % p.other_families.families.length] ?? "other");
          const tag = kind === 0 ? "ransomware;killswitch" : "botnet";
          chunk += `${ts},${hostFields(hostIndex)},,,,tcp,${fam},,,,,,,,${count},,,,,,${written + 1},${hostSector(hostIndex)},,,,,${fam},${tag},modelled\n`;
          written++;
        }
        bucket.length = 0;
        if (chunk.length > 1 << 20) {
          await out.write(chunk);
          chunk = "";
          options.onProgress?.(written);
        }
      }
    }
    await out.write(chunk);
    await out.commit();
  } catch (error) {
    out.abort();
    throw error;
  }
  return written;
}
