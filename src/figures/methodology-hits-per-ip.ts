// Hits per unique IP address by country: the eight highest and four lowest of countries with ≥ 500 addresses.
import type {Figure} from "./types.js";
import type {FigureTables} from "./tables.js";
import {pipelineSource} from "./tables.js";
import {BAR_COLUMNS, barsFigureRows} from "./bars.js";
import {barsChart} from "../components/charts/barsChart.js";
import {displayName, shortNames, type IncidentConfig} from "../components/state/report-data.js";
import {modelledWords} from "../components/facts/modelled.js";

export const params = {};
export const tables = ["countries", "world"] as const;
export const MIN_IPS = 500;

/** Hits per address for countries with at least MIN_IPS unique IPs, highest first, and their median. */
export function hitsPerIp(t: Pick<FigureTables, "countries" | "world">): {ratios: {label: string; value: number}[]; median: number | null} {
  const short = shortNames(t.world);
  const ratios = [...t.countries].filter((c) => c.country !== "XX" && c.unique_ips >= MIN_IPS)
    .map((c) => ({label: displayName(c.name, c.iso_numeric ?? undefined, short), value: c.hits / c.unique_ips})).sort((a, b) => b.value - a.value);
  const sorted = ratios.map((r) => r.value).sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = !sorted.length ? null : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return {ratios, median};
}

/** Null when no country has MIN_IPS or more unique IPs. */
export function methodologyHitsPerIp(t: Pick<FigureTables, (typeof tables)[number]>, _selections: object, incident: IncidentConfig): Figure | null {
  const {ratios, median} = hitsPerIp(t);
  if (!ratios.length || median === null) return null;
  const modelled = incident.data.modelled;
  const words = modelledWords(incident);
  const shown = [...ratios.slice(0, 8), ...ratios.slice(-4)];
  const low = ratios[ratios.length - 1]!, high = ratios[0]!;
  return {
    id: "methodology-hits-per-ip",
    title: "Hits per unique IP address, by country",
    subtitle: `The eight highest and four lowest of countries with at least ${MIN_IPS} unique IPs${words ? (words.simulated ? "; the model gives every country the same hits per address (an assumption, not a finding)" : "; modelled data, not a finding") : ""}`,
    source: pipelineSource("countries.arrow", modelled),
    cites: [],
    modelled,
    caveats: ["Hits and unique IPs are different units: the ratio says how often an address came back, not how many machines it hides."],
    query: `SELECT name, round(hits / unique_ips, 2) AS hits_per_ip FROM countries WHERE country <> 'XX' AND unique_ips >= ${MIN_IPS} ORDER BY hits_per_ip DESC`,
    summary: `Each address sent a median of ${median.toFixed(2)} hits, from ${low.value.toFixed(2)} in ${low.label} to ${high.value.toFixed(2)} in ${high.label}${words ? (words.simulated ? " (in modelled data, where re-contacts follow assumed rates: an assumption, not a finding)" : " (in modelled data: not a finding)") : ""}.`,
    columns: BAR_COLUMNS("sinkhole hits per unique IP", "Hits per unique IP"),
    rows: barsFigureRows(shown),
    fullRows: barsFigureRows(ratios),
    draw: (width) => barsChart(shown, {width, xLabel: "Sinkhole hits per unique IP →", keepOrder: true, modelled, format: (v) => v.toFixed(2)})
  };
}
