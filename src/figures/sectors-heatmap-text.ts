// The sector heatmap's words (src/figures/sectors-heatmap.ts): its title and the sentence on its largest share.
// Pure (no Plot), so test/unit can load it.
import {formatPercent} from "../components/facts/format.js";
import {listJoin, listWithOthers} from "../components/facts/list.js";

/** The title: it names what the countries are ranked by (unique IPs, as heatCells and the query rank them). */
export function heatmapTitle(shown: number, known: number): string {
  if (shown === 0) return "Sector mix by country";
  if (shown === 1) return "Sector mix of the one country with data";
  return shown < known ? `Sector mix of the ${shown} countries with the most unique IPs` : `Sector mix of all ${shown} countries`;
}

interface ShareCell {
  row: string;
  column: string;
  value: number;
}

/** Every cell with the largest share as the summary shows it (to 0.1%): one cell, or all those tied with it. */
export function largestShares<C extends ShareCell>(cells: readonly C[]): C[] {
  const shown = (v: number) => formatPercent(v, 1);
  const max = cells.reduce<number | null>((m, c) => (m === null || c.value > m ? c.value : m), null);
  return max === null ? [] : cells.filter((c) => shown(c.value) === shown(max));
}

/** "Health in Germany and Austria", "Health in Germany and Education in Austria": the tied cells, by sector; past
 * `most` cells, the rest counted ("… and 2 others"). */
export function sharesPhrase(cells: readonly ShareCell[], most = 4): string {
  const bySector = new Map<string, string[]>();
  for (const c of cells.slice(0, most)) bySector.set(c.column, [...(bySector.get(c.column) ?? []), c.row]);
  const parts = [...bySector].map(([sector, rows]) => `${sector} in ${listJoin(rows)}`);
  return listWithOthers(parts, Math.max(0, cells.length - most));
}

/** The summary's sentence on the largest share: names every tie ("…: 100.0% of their unique IPs each"). */
export function largestShareSentence(cells: readonly ShareCell[], among: string): string | null {
  const top = largestShares(cells);
  if (!top.length) return null;
  const share = formatPercent(top[0]!.value, 1);
  return top.length === 1
    ? `Among ${among}, the largest share is ${sharesPhrase(top)}: ${share} of its unique IPs.`
    : `Among ${among}, the largest share is ${sharesPhrase(top)}: ${share} of their unique IPs each.`;
}
