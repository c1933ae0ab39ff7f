import * as Plot from "npm:@observablehq/plot";
import {THEME} from "./palette.js";
import {fitLabel} from "./marks.js";

export interface DetectionRow {
  country: string;
  detections: number;
}

/** Horizontal bars of published detections per country, highlighting those at or above `minimum`. */
export function detectionsChart(data: Iterable<DetectionRow>, {width, minimum = 0}: {width: number; minimum?: number}) {
  const rows = Array.from(data);
  const top = rows.reduce<DetectionRow | null>((a, b) => (a === null || b.detections > a.detections ? b : a), null);
  const selected = rows.filter((d) => d.detections >= minimum).length;
  // The text alternative states the finding in numbers, from the data.
  const summary = top === null ? "no rows" : `${rows.length} countries, ${selected} with at least ${minimum.toLocaleString("en-GB")}; the most in ${top.country} (${top.detections.toLocaleString("en-GB")})`;
  const chart = Plot.plot({
    width,
    marginLeft: 110,
    x: {label: fitLabel(["Detections, log scale: each gridline is ten times the last →", "Detections (log scale) →"], width - 8), grid: true, type: "log"},
    y: {label: null},
    marks: [
      Plot.barX(data, {
        // On a log scale a bar cannot start at 0: bars start at 1 (the rule), so they are drawn at all.
        x1: 1,
        x2: "detections",
        y: "country",
        sort: {y: "-x2"},
        fill: (d: DetectionRow) => (d.detections >= minimum ? "selected" : "below"),
        tip: true
      }),
      Plot.ruleX([1])
    ],
    color: {domain: ["selected", "below"], range: [THEME.focus, THEME.faint]},
    ariaLabel: `Bar chart of published Avast WannaCry detections by country: ${summary}.`
  });
  chart.setAttribute("role", "img");
  // Inside role="img" Plot's per-mark names ("bar", "rule") are never read; axe flags them on role-less <g>s.
  for (const g of chart.querySelectorAll("g[aria-label]")) g.removeAttribute("aria-label");
  return chart;
}
