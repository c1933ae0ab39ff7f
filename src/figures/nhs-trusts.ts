// Case study "The NHS": how NHS trusts were affected.
import type {Figure} from "./types.js";
import type {FigureTables} from "./tables.js";
import {nhsFacts} from "./nhs.js";
import {BAR_COLUMNS, barsFigureRows} from "./bars.js";
import {barsChart} from "../components/charts/barsChart.js";
import {factNumber} from "../components/facts/facts.js";
import {formatInteger} from "../components/facts/format.js";
import type {IncidentConfig} from "../components/state/report-data.js";

export const params = {};
export const tables = ["facts"] as const;
export const caseStudy = "/nhs";

export function nhsTrusts(t: Pick<FigureTables, (typeof tables)[number]>, _selections: object, _incident: IncidentConfig): Figure {
  const {fact, nao} = nhsFacts(t.facts);
  const trusts = [
    {label: "Infected and locked out", value: factNumber(fact("N04"))},
    {label: "Disrupted, not infected", value: factNumber(fact("N06"))},
    {label: "Contacted the domain, not locked out", value: factNumber(fact("N08"))}
  ];
  return {
    id: "nhs-trusts",
    title: "How NHS trusts were affected",
    subtitle: "Trusts in England, 12–19 May 2017, as counted by NHS England",
    source: nao,
    cites: ["N04", "N06", "N08"].map(fact),
    modelled: false,
    caveats: ["Trusts, not machines: one trust runs many hospitals and devices."],
    summary: `${trusts[0]!.value} trusts were infected and locked out of devices and ${trusts[1]!.value} more were disrupted without being infected; a further ${trusts[2]!.value} contacted the WannaCry domain but were not locked out.`,
    columns: BAR_COLUMNS("NHS trusts"),
    rows: barsFigureRows(trusts),
    draw: (width) => barsChart(trusts, {width, xLabel: "NHS trusts (of 236 in England) →", keepOrder: true, format: formatInteger})
  };
}
