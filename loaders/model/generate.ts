// The modelled WannaCry sinkhole log: a seeded, streaming writer in the legacy Shadowserver drone layout.
// Same parameters and seed → same bytes. Memory is O(minutes), not O(rows).
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

/** A distinct public IPv4 address for each host index (< 2^21). */
export function hostIp(index: number): string {
  const v = (index * IP_MULTIPLIER) % IP_SPACE;
  const first = OCTETS[Math.floor(v / 16_777_216)] ?? 11;
  const rest = v % 16_777_216;
  return `${first}.${rest >>> 16}.${(rest >>> 8) & 255}.${rest & 255}`;
}

export interface ModelPlan {
  start: number;
  minutes: number;
  newHosts: Int32Array;
  recontacts: Int32Array;
  noise: Int32Array;
  uniqueIps: number;
}

function logisticSlope(t: number, mid: number, scale: number): number {
  const s = 1 / (1 + Math.exp(-(t - mid) / scale));
  return s * (1 - s);
}

function diurnal(t: number, p: ModelParams): number {
  const hour = (t % (24 * HOUR)) / HOUR;
  return 1 + p.recontact.diurnal_amplitude * Math.cos((2 * Math.PI * (hour - p.recontact.diurnal_peak_utc_hour)) / 24);
}

function normalised(values: Float64Array): Float64Array {
  let sum = 0;
  for (const v of values) sum += v;
  return sum > 0 ? values.map((v) => v / sum) : values;
}

/** Rows per minute for new hosts, re-contacts and other-family noise. */
export function planModel(incident: Incident, p: ModelParams, rows: number): ModelPlan {
  const start = Date.parse(incident.window.start);
  const minutes = Math.round((Date.parse(incident.window.end) - start) / MINUTE);
  const noiseRows = Math.round(rows * p.other_families.share);
  const wannaRows = rows - noiseRows;
  const uniqueIps = Math.max(1, Math.min(p.unique_ips.target, Math.floor(wannaRows / p.unique_ips.min_hits_per_ip)));
  const outbreak = Date.parse(p.outbreak_start.at);
  const mid = Date.parse(p.growth.midpoint);
  const scale = p.growth.scale_minutes * MINUTE;
  const ksStart = Date.parse(incident.kill_switch?.start ?? incident.window.end);
  const ksEnd = Date.parse(incident.kill_switch?.end ?? incident.window.end);
  const wave = Date.parse(p.second_wave.at);
  const main = new Float64Array(minutes), residual = new Float64Array(minutes), second = new Float64Array(minutes);
  for (let m = 0; m < minutes; m++) {
    const t = start + m * MINUTE;
    if (t < outbreak) continue;
    const open = t < ksStart ? 1 : t >= ksEnd ? 0 : 1 - (t - ksStart) / (ksEnd - ksStart);
    main[m] = logisticSlope(t, mid, scale) * open;
    if (t >= ksStart) residual[m] = Math.exp(-(t - ksStart) / (24 * HOUR)) * diurnal(t, p);
    second[m] = Math.exp(-0.5 * ((t - wave) / (p.second_wave.width_hours * HOUR)) ** 2);
  }
  const rShare = p.kill_switch.residual_new_infection_share, wShare = p.second_wave.share_of_new_infections;
  const [nm, nr, ns] = [normalised(main), normalised(residual), normalised(second)];
  const weights = nm.map((v, m) => v * (1 - rShare - wShare) + (nr[m] ?? 0) * rShare + (ns[m] ?? 0) * wShare);
  const newHosts = allocate(uniqueIps, weights);
  const contact = new Float64Array(minutes);
  let seen = 0;
  for (let m = 0; m < minutes; m++) {
    const t = start + m * MINUTE;
    const decay = t < ksEnd ? 1 : p.recontact.floor + (1 - p.recontact.floor) * Math.exp(-(t - ksEnd) / (p.recontact.decay_hours * HOUR));
    contact[m] = seen * p.recontact.rate_per_host_per_hour * decay * diurnal(t, p);
    seen += newHosts[m] ?? 0;
  }
  const recontacts = allocate(wannaRows - uniqueIps, contact);
  const noise = allocate(noiseRows, new Float64Array(minutes).fill(1));
  return {start, minutes, newHosts, recontacts, noise, uniqueIps};
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export interface GenerateOptions {rows: number; seed: number; out: string; onProgress?: (rows: number) => void}

/** Writes the modelled log to `out` atomically; returns the number of rows written. */
export async function generateModel(incident: Incident, paramsFile: string, options: GenerateOptions): Promise<number> {
  const p = loadModelParams(incident.dir, paramsFile);
  const plan = planModel(incident, p, options.rows);
  const countries = countryWeights(p);
  const sectors = sectorWeights(p);
  const random = sfc32(options.seed);
  const seed = options.seed >>> 0;
  const out = openAtomic(options.out);
  const family = incident.families[0] ?? "wannacry";
  // Per-host columns are a pure function of (seed, host index); cached as the two CSV fragments.
  const cache = new Map<number, [string, string]>();
  const host = (i: number): [string, string] => {
    const hit = cache.get(i);
    if (hit !== undefined) return hit;
    const country = countries.values[pickCumulative(countries.cumulative, hashUnit(seed, i, 1))] ?? "";
    const sector = sectors.values[pickCumulative(sectors.cumulative, hashUnit(seed, i, 2))] ?? "unknown";
    const n = p.sectors.naics[sector] ?? {naics: "", sic: "", label: ""};
    const asn = 1000 + Math.floor(hashUnit(seed, i, 3) * 64000);
    const port = 1024 + Math.floor(hashUnit(seed, i, 4) * 64000);
    const value: [string, string] = [`${hostIp(i)},${port},${asn},${country}`, `${n.naics},${n.sic},${csvField(n.label)}`];
    cache.set(i, value);
    return value;
  };
  let written = 0;
  let chunk = DRONE_HEADER.join(",") + "\n";
  let seen = 0;
  const noisePool = Math.max(1, Math.round(plan.noise.reduce((s, v) => s + v, 0) / 3));
  try {
    for (let m = 0; m < plan.minutes; m++) {
      const minuteStart = plan.start + m * MINUTE;
      const nNew = plan.newHosts[m] ?? 0, nRe = plan.recontacts[m] ?? 0, nNoise = plan.noise[m] ?? 0;
      const events: Array<[number, number, number]> = []; // [second, host, kind 0 wanted / 1 noise]
      for (let k = 0; k < nNew; k++) events.push([Math.floor(random() * 60), seen + k, 0]);
      const pool = seen + nNew;
      for (let k = 0; k < nRe; k++) events.push([Math.floor(random() * 60), Math.floor(random() * pool), 0]);
      for (let k = 0; k < nNoise; k++) events.push([Math.floor(random() * 60), (1 << 20) + Math.floor(random() * noisePool), 1]);
      seen = pool;
      events.sort((a, b) => a[0] - b[0]);
      const stamps = events.length === 0 ? [] : Array.from({length: 60}, (_, sec) => formatSpaceForm(minuteStart + sec * 1000));
      for (const [second, hostIndex, kind] of events) {
        const [where, what] = host(hostIndex);
        const ts = stamps[second] ?? "";
        const fam = kind === 0 ? family : (p.other_families.families[hostIndex % p.other_families.families.length] ?? "other");
        const tag = kind === 0 ? "ransomware;killswitch" : "botnet";
        chunk += `${ts},${where},,,,tcp,${fam},,,,,,,,1,,,,,,${written + 1},${what},,,,,${fam},${tag},modelled\n`;
        written++;
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
