// What the sector figures share: the sector rows, labels, and the chosen sectors (keys that exist, "unknown" never).
import type {FigureTables} from "./tables.js";
import {list, type Reader} from "./params.js";
import {modelledWords, type ModelledSource} from "../components/facts/modelled.js";

export interface SectorSelections {sectors: string[]}
export const sectorParams: {[K in keyof SectorSelections]: Reader<SectorSelections[K]>} = {sectors: list()};

export function sectorContext(sectors: FigureTables["sectors"], chosenKeys: string[], incident: ModelledSource) {
  const rows = [...sectors].map((s) => ({sector: s.sector, sector_label: s.sector_label, hits: s.hits, unique_ips: s.unique_ips}));
  const labelOf = new Map(rows.map((s) => [s.sector, s.sector_label]));
  const keys = rows.map((s) => s.sector);
  const chosen = chosenKeys.filter((k) => labelOf.has(k) && k !== "unknown");
  const modelled = incident.data.modelled;
  return {
    rows, labelOf, keys, chosen, modelled, words: modelledWords(incident),
    focus: chosen.length ? chosen : keys.filter((k) => k !== "unknown"),
    focusLabel: chosen.length ? chosen.map((k) => labelOf.get(k)).join(", ") : "all known sectors (unknown left out)",
    source: `Incident Atlas pipeline (sectors from the network owner's NAICS code or the report's sector label${modelled ? "; modelled" : ""})`
  };
}

/** How many countries the heatmap and the ranking show: 15, or all when there are fewer. */
export const TOP_N = 15;
