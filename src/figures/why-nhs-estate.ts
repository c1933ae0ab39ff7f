// Case study "Why it spread": Windows in the NHS, 2017.
import type {Figure} from "./types.js";
import type {FigureTables} from "./tables.js";
import {lookup} from "./gap-events.js";
import {barsFigureRows, BAR_COLUMNS} from "./bars.js";
import {barsChart} from "../components/charts/barsChart.js";
import {factNumber} from "../components/facts/facts.js";
import type {IncidentConfig} from "../components/state/report-data.js";

export const params = {};
export const tables = ["facts"] as const;
export const caseStudy = "/why";

export function whyNhsEstate(t: Pick<FigureTables, (typeof tables)[number]>, _selections: object, _incident: IncidentConfig): Figure {
  const fact = lookup(t.facts);
  const estate = [
    {label: "NHS devices on Windows 7", value: factNumber(fact("N25")), text: `more than ${fact("N25").value}%`},
    {label: "NHS IT estate on Windows XP", value: factNumber(fact("N24")), text: `about ${fact("N24").value}%`}
  ];
  return {
    id: "why-nhs-estate",
    title: "Windows in the NHS, 2017",
    subtitle: "As reported to the NAO; the two figures measure slightly different things (devices, IT estate)",
    source: `${fact("N24").source_title}, ${fact("N24").source_date}`,
    cites: [fact("N25"), fact("N24")],
    modelled: false,
    caveats: ["The two shares measure different things (devices, IT estate) and do not add up."],
    summary: `More than ${fact("N25").value}% of NHS devices ran Windows 7 and about ${fact("N24").value}% of the NHS IT estate still ran Windows XP, a version Microsoft patched only as an emergency during the outbreak.`,
    columns: BAR_COLUMNS("%"),
    rows: barsFigureRows(estate),
    draw: (width) => barsChart(estate, {width, xLabel: ["% of NHS devices or IT estate, as labelled →", "% (see labels) →"], keepOrder: true, xMax: 100})
  };
}
