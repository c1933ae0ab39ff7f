// The sector mix (share of each country's unique IPs) of the countries with the most unique IPs.
import type {Figure} from "./types.js";
import type {FigureTables} from "./tables.js";
import {sectorContext, sectorParams, TOP_N, type SectorSelections} from "./sectors.js";
import {heatmapChart} from "../components/charts/heatmapChart.js";
import {formatPercent} from "../components/facts/format.js";
import {heatmapTitle, largestShareSentence} from "./sectors-heatmap-text.js";
import {displayName, shortNames, type IncidentConfig} from "../components/state/report-data.js";
import {sectorMixCaveat} from "../components/facts/modelled.js";

export const params = sectorParams;
export const tables = ["sectors", "countrySectors", "countries", "world", "validation"] as const;

/** Each top country's share of unique IPs per organisation sector (subscriber lines and unknown left out). */
export function heatCells(t: Pick<FigureTables, "countrySectors" | "countries">, heatKeys: string[], n = TOP_N) {
  const top = [...t.countries].filter((c) => c.country !== "XX").sort((a, b) => b.unique_ips - a.unique_ips).slice(0, n);
  const ips = new Map(top.map((c) => [c.country, c.unique_ips]));
  const cells = [...t.countrySectors].filter((cs) => ips.has(cs.country) && heatKeys.includes(cs.sector)).map((cs) => ({country: cs.country, sector: cs.sector, value: cs.unique_ips / ips.get(cs.country)!}));
  return {top, cells};
}

export function sectorsHeatmap(t: Pick<FigureTables, (typeof tables)[number]>, selections: SectorSelections, incident: IncidentConfig): Figure {
  const context = sectorContext(t.sectors, selections.sectors, incident);
  const {labelOf, keys, modelled, words, source} = context;
  // Subscriber lines are not a column of this chart: a chosen residential sector is not highlighted here.
  const heatKeys = keys.filter((k) => k !== "unknown" && k !== "residential");
  const chosen = context.chosen.filter((k) => heatKeys.includes(k));
  const focusLabel = chosen.length ? chosen.map((k) => labelOf.get(k)).join(", ") : context.focusLabel;
  const short = shortNames(t.world);
  const knownCountries = t.validation.countries;
  const shownCountries = Math.min(TOP_N, knownCountries);
  const {top, cells: raw} = heatCells(t, heatKeys);
  const nameOf = new Map(top.map((c) => [c.country, displayName(c.name ?? c.country, c.iso_numeric ?? undefined, short)]));
  const withCells = new Set([...t.countrySectors].filter((cs) => nameOf.has(cs.country)).map((cs) => cs.country));
  const heatRows = top.filter((c) => withCells.has(c.country)).map((c) => nameOf.get(c.country)!);
  const cells = raw.map((c) => ({row: nameOf.get(c.country)!, column: labelOf.get(c.sector)!, value: c.value}));
  const chosenLabels = chosen.map((k) => labelOf.get(k)!);
  const strongest = largestShareSentence(cells.filter((c) => !chosen.length || chosenLabels.includes(c.column)), chosen.length ? focusLabel : "organisation sectors");
  return {
    id: "sectors-heatmap",
    title: heatmapTitle(shownCountries, knownCountries),
    subtitle: `Share of each country's addresses seen by the sinkhole in each organisation sector (subscriber lines and unknown left out)${chosen.length ? `; highlighted: ${focusLabel}` : ""}${words ? `; ${words.simulated ? "the model's assumed mix" : "a modelled mix"}, not a finding` : ""}`,
    source,
    cites: [],
    modelled,
    caveats: words ? [sectorMixCaveat(words)] : ["Shares of each country's own unique IPs."],
    query: `SELECT cs.country, cs.sector, cs.unique_ips / c.unique_ips AS share
FROM country_sectors cs JOIN countries c ON c.country = cs.country
WHERE cs.country IN (SELECT country FROM countries WHERE country <> 'XX' ORDER BY unique_ips DESC LIMIT ${TOP_N})
  AND cs.sector NOT IN ('residential', 'unknown')
ORDER BY share DESC`,
    summary: words ? `${chosen.length ? `Among ${focusLabel}, the` : "The"} cells show ${words.simulated ? "the model's assumed" : "the modelled"} sector shares in ${heatRows.length} countries; differences between them are ${words.simulated ? "noise of the model" : "modelled"}, not findings.`
      : strongest ?? (knownCountries === 0 ? "No country has data." : `No organisation sector has data in ${heatRows.length === 1 ? heatRows[0] : "these countries"}.`),
    columns: [{key: "row", label: "Country", unit: "", type: "string"}, {key: "column", label: "Sector", unit: "", type: "string"}, {key: "value", label: "Share of the country's unique IPs", unit: "share (0–1)", type: "number"}],
    rows: cells,
    draw: (width) => heatmapChart(cells, {width, rows: heatRows, columns: heatKeys.map((k) => labelOf.get(k)!), label: "Share of the country's unique IPs", percent: true, highlightColumns: chosenLabels, modelled, format: (v) => formatPercent(v, 1)})
  };
}
