import * as Plot from "npm:@observablehq/plot";

export interface DetectionRow {
  country: string;
  detections: number;
}

/** Horizontal bars of published detections per country, highlighting those at or above `minimum`. */
export function detectionsChart(data: Iterable<DetectionRow>, {width, minimum = 0}: {width: number; minimum?: number}) {
  return Plot.plot({
    width,
    marginLeft: 110,
    x: {label: "Avast detections (published 15 May 2017) →", grid: true, type: "log"},
    y: {label: null},
    marks: [
      Plot.barX(data, {
        x: "detections",
        y: "country",
        sort: {y: "-x"},
        fill: (d: DetectionRow) => (d.detections >= minimum ? "selected" : "below"),
        tip: true
      }),
      Plot.ruleX([1])
    ],
    color: {domain: ["selected", "below"], range: ["var(--theme-foreground-focus)", "var(--theme-foreground-faint)"]},
    ariaLabel: "Bar chart of published Avast WannaCry detections by country"
  });
}
