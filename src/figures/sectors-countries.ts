// The countries most hit in the chosen sectors (hits add across sectors; unique IPs would not).
import type {Figure} from "./types.js";
import type {FigureTables} from "./tables.js";
import {sectorContext, sectorParams, TOP_N, type SectorSelections} from "./sectors.js";
import {barsChart} from "../components/charts/barsChart.js";
import {formatInteger, opening} from "../components/facts/format.js";
import {displayName, shortNames, type IncidentConfig} from "../components/state/report-data.js";
import type {ModelledWords} from "../components/facts/modelled.js";

export const params = sectorParams;
export const tables = ["sectors", "countrySectors", "countries", "world"] as const;

/** Hits per country summed over `focus` sectors, largest first, the unknown location left out. */
export function hitsInSectors(countrySectors: FigureTables["countrySectors"], focus: string[], n = TOP_N): {country: string; hits: number}[] {
  const sums = new Map<string, number>();
  for (const cs of countrySectors) if (cs.country !== "XX" && focus.includes(cs.sector)) sums.set(cs.country, (sums.get(cs.country) ?? 0) + cs.hits);
  return [...sums].map(([country, hits]) => ({country, hits})).sort((a, b) => b.hits - a.hits).slice(0, n);
}

/** What a modelled bar is: a country's modelled count split by a modelled sector mix. */
function splitCounts(words: ModelledWords): string {
  return words.simulated ? "the model's country counts split by its assumed sector mix: an assumption, not a finding" : "modelled country counts split by a modelled sector mix, not a finding";
}

export function sectorsCountries(t: Pick<FigureTables, (typeof tables)[number]>, selections: SectorSelections, incident: IncidentConfig): Figure {
  const {focus, focusLabel, modelled, words, source} = sectorContext(t.sectors, selections.sectors, incident);
  const short = shortNames(t.world);
  const byCode = new Map([...t.countries].map((c) => [c.country, c]));
  const topBars = hitsInSectors(t.countrySectors, focus).filter((r) => byCode.has(r.country)).map((r) => {
    const c = byCode.get(r.country)!;
    return {label: displayName(c.name ?? r.country, c.iso_numeric ?? undefined, short), value: r.hits, country: r.country};
  });
  return {
    id: "sectors-countries",
    title: `Countries most hit in ${focusLabel}`,
    subtitle: `Sinkhole hits${words ? `; modelled (sector split ${words.simulated ? "assumed by the model" : "from the modelled input"})` : ""}`,
    source,
    cites: [],
    modelled,
    caveats: words ? [`${opening(splitCounts(words))}.`] : [],
    query: `SELECT cs.country, sum(cs.hits) AS hits
FROM country_sectors cs
WHERE cs.sector IN (${focus.map((k) => `'${k}'`).join(", ") || "''"}) AND cs.country <> 'XX'
GROUP BY cs.country ORDER BY hits DESC LIMIT ${TOP_N}`,
    summary: words && topBars.length ? `In ${focusLabel}, the bars rank countries by ${words.whose} hits: ${topBars[0]!.label} first (${formatInteger(topBars[0]!.value)})${topBars[1] ? `, then ${topBars[1].label} (${formatInteger(topBars[1].value)})` : ""}. These are ${splitCounts(words)}.`
      : topBars.length === 0 ? `No hits in ${focusLabel}.` : topBars.length === 1 ? `In ${focusLabel}, only ${topBars[0]!.label} has hits (${formatInteger(topBars[0]!.value)}).` : `In ${focusLabel}, ${topBars[0]!.label} has the most hits (${formatInteger(topBars[0]!.value)}), then ${topBars[1]!.label} (${formatInteger(topBars[1]!.value)}).`,
    columns: [{key: "country", label: "Country code", unit: "", type: "string"}, {key: "name", label: "Country", unit: "", type: "string"}, {key: "hits", label: "Sinkhole hits", unit: "sinkhole hits", type: "number"}],
    rows: topBars.map((b) => ({country: b.country, name: b.label, hits: b.value})),
    draw: (width) => barsChart(topBars, {width, xLabel: "Sinkhole hits →", modelled, format: formatInteger})
  };
}
