// Case study "The NHS": the DHSC's estimate of the cost, by kind.
import type {Figure} from "./types.js";
import type {FigureTables} from "./tables.js";
import {nhsFacts} from "./nhs.js";
import {BAR_COLUMNS, barsFigureRows} from "./bars.js";
import {barsChart} from "../components/charts/barsChart.js";
import {factNumber} from "../components/facts/facts.js";
import type {IncidentConfig} from "../components/state/report-data.js";

export const params = {};
export const tables = ["facts"] as const;
export const caseStudy = "/nhs";

export function nhsCost(t: Pick<FigureTables, (typeof tables)[number]>, _selections: object, _incident: IncidentConfig): Figure {
  const {fact} = nhsFacts(t.facts);
  const costs = [
    {label: "Lost output during the attack", value: factNumber(fact("N30")) / 1e6},
    {label: "IT support during the attack", value: factNumber(fact("N31")) / 1e6},
    {label: "IT costs after the attack", value: factNumber(fact("N32")) / 1e6}
  ];
  return {
    id: "nhs-cost",
    title: "Estimated cost to the NHS, by kind",
    subtitle: "DHSC estimate (October 2018); the NAO gave no cost figure",
    source: `${fact("N29").source_title}, ${fact("N29").source_date}`,
    cites: ["N29", "N30", "N31", "N32"].map(fact),
    modelled: false,
    caveats: ["An estimate by the DHSC, not an NAO figure."],
    summary: `DHSC estimated about £${costs[0]!.value}m of lost output and £${costs[1]!.value}m of IT support during the attack and £${costs[2]!.value}m of IT costs after it, about £${factNumber(fact("N29")) / 1e6}m in all.`,
    columns: BAR_COLUMNS("£ million"),
    rows: barsFigureRows(costs),
    draw: (width) => barsChart(costs, {width, xLabel: "£ million (DHSC estimate) →", keepOrder: true, format: (v) => `£${v}m`})
  };
}
