// One country's sector mix: share of its unique IPs by sector (the Countries page's detail view).
import type {Figure} from "./types.js";
import type {FigureTables} from "./tables.js";
import {pipelineSource} from "./tables.js";
import {chosenCountry, countryParams, type CountrySelections} from "./country.js";
import {barsChart} from "../components/charts/barsChart.js";
import {formatPercent, opening} from "../components/facts/format.js";
import {modelledWords, sectorMixCaveat} from "../components/facts/modelled.js";
import type {IncidentConfig} from "../components/state/report-data.js";

export const params = countryParams;
export const tables = ["countries", "world", "countrySectors", "sectors"] as const;

/** Null when no country is chosen or it has no sector rows. */
export function countrySectors(t: Pick<FigureTables, (typeof tables)[number]>, {country}: CountrySelections, incident: IncidentConfig): Figure | null {
  const detail = chosenCountry(t, country);
  if (!detail) return null;
  const modelled = incident.data.modelled;
  const words = modelledWords(incident);
  const labelOf = new Map([...t.sectors].map((s) => [s.sector, s.sector_label]));
  const total = detail.unique_ips || 1;
  const mix = [...t.countrySectors].filter((cs) => cs.country === detail.country).sort((a, b) => b.unique_ips - a.unique_ips)
    .map((d) => ({label: labelOf.get(d.sector) ?? d.sector, value: d.unique_ips / total, sector: d.sector}));
  if (!mix.length) return null;
  const name = detail.label;
  return {
    id: "country-sectors",
    title: `${name}: ${words ? (words.simulated ? "assumed sector mix (model)" : "modelled sector mix") : "sector mix"}`,
    subtitle: `Share of unique IP addresses by sector of the address's network owner${words ? `; modelled: the mix is ${words.assumption}, not a finding` : ""}`,
    source: pipelineSource("country-sectors.arrow", modelled),
    cites: [],
    modelled,
    caveats: words ? [sectorMixCaveat(words)] : [],
    query: `SELECT sector, unique_ips, unique_ips / (SELECT unique_ips FROM countries WHERE country = '${detail.country}') AS share
FROM country_sectors WHERE country = '${detail.country}' ORDER BY unique_ips DESC`,
    summary: words ? `${opening(words.maker)} puts ${name}'s unique IPs in ${mix.length} sector${mix.length === 1 ? "" : "s"}${words.simulated ? " by its assumed mix" : ""}; the bars show ${words.simulated ? "that assumption" : "modelled data"}, not measured sectors.`
      : mix.length === 1 ? `All of ${name}'s unique IPs are in one sector: ${mix[0]!.label}.` : `${mix[0]!.label} holds ${formatPercent(mix[0]!.value, 1)} of ${name}'s unique IPs${mix[1] ? `, ${mix[1].label} ${formatPercent(mix[1].value, 1)}` : ""}.`,
    columns: [{key: "sector", label: "Sector key", unit: "", type: "string"}, {key: "label", label: "Sector", unit: "", type: "string"}, {key: "value", label: "Share of the country's unique IPs", unit: "share (0–1)", type: "number"}],
    rows: mix,
    draw: (width) => barsChart(mix, {width, xLabel: "Share of the country's unique IPs →", format: (v) => formatPercent(v, 1), tickFormat: (v) => formatPercent(v), modelled})
  };
}
