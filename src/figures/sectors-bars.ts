// Unique IPs (addresses seen by the sinkhole) by sector, with chosen sectors highlighted.
import type {Figure} from "./types.js";
import type {FigureTables} from "./tables.js";
import {sectorContext, sectorParams, type SectorSelections} from "./sectors.js";
import {barsChart} from "../components/charts/barsChart.js";
import {formatInteger, formatPercent, opening} from "../components/facts/format.js";
import {listJoin} from "../components/facts/list.js";
import {sectorMixCaveat} from "../components/facts/modelled.js";
import type {IncidentConfig} from "../components/state/report-data.js";

export const params = sectorParams;
export const tables = ["sectors", "validation"] as const;

export function sectorsBars(t: Pick<FigureTables, (typeof tables)[number]>, selections: SectorSelections, incident: IncidentConfig): Figure {
  const {rows, labelOf, chosen, modelled, words, source} = sectorContext(t.sectors, selections.sectors, incident);
  const highlight = new Set(chosen);
  const bars = rows.map((s) => ({label: s.sector_label, value: s.unique_ips, highlight: highlight.has(s.sector)}));
  // The distinct addresses of the whole incident (validation.json): unique IPs do not add up across sectors.
  const totalIps = t.validation.unique_ips;
  const organisations = rows.filter((s) => !["residential", "unknown"].includes(s.sector)).sort((a, b) => b.unique_ips - a.unique_ips);
  const residential = rows.find((s) => s.sector === "residential");
  return {
    id: "sectors-bars",
    title: words ? `Addresses seen by the sinkhole, by sector: ${words.simulated ? "the model's assumed mix" : "modelled mix"}` : "Addresses seen by the sinkhole, by sector",
    subtitle: `${incident.title}; ${chosen.length ? `highlighted: ${chosen.map((k) => labelOf.get(k)).join(", ")}` : "all sectors"}${words ? `; ${words.assumption}, not a finding` : ""}`,
    source,
    cites: [],
    modelled,
    caveats: ["Unique IPs do not add up across sectors: one address can be seen in more than one sector's rows.", ...(words ? [sectorMixCaveat(words)] : [])],
    query: "SELECT sector, sector_label, hits, unique_ips FROM sectors ORDER BY unique_ips DESC",
    summary: rows.length === 0 ? "No accepted rows, so no sector has data."
      : words ? `${opening(words.maker)} spreads the incident's unique IPs over ${rows.length} sectors${words.simulated ? ` by assumed shares (${words.where})` : ""}; the bars show ${words.simulated ? "that assumption" : "modelled data"}, not measured sectors.`
      : `${residential && totalIps > 0 ? `Subscriber lines hold ${formatPercent(residential.unique_ips / totalIps)} of the ${formatInteger(totalIps)} unique IPs. ` : ""}${organisations.length > 1 ? `Among organisations, ${listJoin(organisations.slice(0, 2).map((s) => `${s.sector_label} (${formatInteger(s.unique_ips)})`))} have the most.` : organisations.length === 1 ? `One organisation sector has data: ${organisations[0]!.sector_label} (${formatInteger(organisations[0]!.unique_ips)} unique IPs).` : "No organisation sector has data."}`,
    columns: [{key: "sector", label: "Sector key", unit: "", type: "string"}, {key: "label", label: "Sector", unit: "", type: "string"}, {key: "unique_ips", label: "Unique IP addresses", unit: "unique IPs", type: "number"}],
    rows: rows.map((s) => ({sector: s.sector, label: s.sector_label, unique_ips: s.unique_ips})),
    draw: (width) => barsChart(bars, {width, xLabel: "Unique IP addresses →", modelled, format: formatInteger})
  };
}
