// Case study "Why it spread": operating systems of infected machines, one panel per reporter.
import type {Figure} from "./types.js";
import type {FigureTables} from "./tables.js";
import {lookup} from "./gap-events.js";
import {osBreakdownChart, osPanels} from "../components/charts/osBreakdownChart.js";
import {parseFigure} from "../components/facts/facts.js";
import type {IncidentConfig} from "../components/state/report-data.js";

export const params = {};
export const tables = ["facts"] as const;
export const caseStudy = "/why";

export function whyOs(t: Pick<FigureTables, (typeof tables)[number]>, _selections: object, _incident: IncidentConfig): Figure {
  const fact = lookup(t.facts);
  const rows = t.facts.os_breakdown ?? [];
  const panels = osPanels(rows);
  const osRows = panels.flatMap((p) => p.rows);
  return {
    id: "why-os",
    title: "Operating systems of infected machines, by reporter",
    subtitle: "Share of infected machines seen by each reporter; the panels come from different sources and are not comparable",
    source: panels.map((p) => p.reporter).join("; "),
    cites: osRows,
    modelled: false,
    caveats: ["Each reporter saw a different population of machines: the panels are not added together."],
    summary: `Kaspersky Lab found about ${parseFigure(fact("O01").value)?.value}% of infected machines ran Windows 7 (${fact("O02").value}% the 64-bit edition) and Windows XP was under ${parseFigure(fact("O05").value)?.value}%; BitSight put Windows 7 at ${fact("O07").value}%.`,
    columns: [{key: "reporter", label: "Reporter", unit: "", type: "string"}, {key: "os", label: "Operating system", unit: "", type: "string"}, {key: "share", label: "Share of infected machines", unit: "%", type: "number"}, {key: "row", label: "Source row", unit: "", type: "string"}],
    rows: panels.flatMap((p) => p.rows.map((r) => ({reporter: p.reporter, os: r.operating_system ?? "", share: parseFigure(r.value)?.value ?? null, row: r.row_id ?? ""}))),
    draw: (width) => osBreakdownChart(rows, {width})
  };
}
