// Case study "The NHS": GP practices and other NHS organisations.
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

export function nhsPrimaryCare(t: Pick<FigureTables, (typeof tables)[number]>, _selections: object, _incident: IncidentConfig): Figure {
  const {fact, nao} = nhsFacts(t.facts);
  const primary = [
    {label: "GP practices infected", value: factNumber(fact("N10"))},
    {label: "Other organisations infected", value: factNumber(fact("N11"))},
    {label: "Disrupted, not infected", value: factNumber(fact("N12"))},
    {label: "Contacted the domain, not locked out", value: factNumber(fact("N13"))}
  ];
  return {
    id: "nhs-primary-care",
    title: "GP practices and other NHS organisations",
    subtitle: "Primary care and other organisations in England, 12–19 May 2017",
    source: nao,
    cites: ["N10", "N11", "N12", "N13"].map(fact),
    modelled: false,
    caveats: ["Organisations, not machines."],
    summary: `${primary[0]!.value} GP practices and ${primary[1]!.value} other NHS organisations were infected and locked out; ${primary[3]!.value} more contacted the WannaCry domain without being locked out.`,
    columns: BAR_COLUMNS("organisations"),
    rows: barsFigureRows(primary),
    draw: (width) => barsChart(primary, {width, xLabel: "Organisations →", keepOrder: true, format: formatInteger})
  };
}
