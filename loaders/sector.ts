// Sector rule: NAICS code → report taxonomy by longest matching prefix in data/naics-sectors.csv;
// without a NAICS code, the source's own label via data/sector-labels.csv; otherwise "unknown".
import {readDataTable} from "./tables.ts";

export interface SectorInfo {
  key: string;
  label: string;
  order: number;
}

export const SECTORS: SectorInfo[] = readDataTable("sectors.csv").map((row) => ({
  key: row.sector ?? "",
  label: row.label ?? "",
  order: Number(row.order)
}));

const sectorKeys = new Set(SECTORS.map((s) => s.key));
const byPrefix = new Map(readDataTable("naics-sectors.csv").map((row) => [row.prefix ?? "", row.sector ?? ""]));
const byLabel = new Map(readDataTable("sector-labels.csv").map((row) => [(row.label ?? "").toLowerCase(), row.sector ?? ""]));

for (const key of [...byPrefix.values(), ...byLabel.values()]) {
  if (!sectorKeys.has(key)) throw new Error(`data tables: sector "${key}" is not in data/sectors.csv`);
}

export type SectorResult = {ok: true; sector: string; naics2: string} | {ok: false; reason: string};

/** Display label of a taxonomy key. */
export function sectorLabel(key: string): string {
  return SECTORS.find((s) => s.key === key)?.label ?? key;
}

/**
 * Maps a NAICS code (2–6 digits; "" or "0" means none) and the source's sector label to the taxonomy.
 * A NAICS value that is not all digits is rejected.
 */
export function normaliseSector(naicsRaw: string, sourceLabel: string): SectorResult {
  const naics = naicsRaw.trim();
  if (naics !== "" && naics !== "0") {
    if (!/^[0-9]{2,6}$/.test(naics)) return {ok: false, reason: "not a 2–6 digit NAICS code"};
    for (let length = naics.length; length >= 2; length--) {
      const sector = byPrefix.get(naics.slice(0, length));
      if (sector !== undefined) return {ok: true, sector, naics2: naics.slice(0, 2)};
    }
    return {ok: true, sector: "unknown", naics2: naics.slice(0, 2)};
  }
  const fromLabel = byLabel.get(sourceLabel.trim().toLowerCase());
  return {ok: true, sector: fromLabel ?? "unknown", naics2: ""};
}
