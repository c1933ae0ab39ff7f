// Operating systems of infected machines, one panel per reporter: figures from different
// reporters (and methods) are never merged into one whole.
import {barsChart} from "./barsChart.js";
import {parseFigure, type FactRow} from "../facts/facts.js";

export interface OsPanel {
  reporter: string;
  date: string;
  unit: string;
  rows: FactRow[];
}

/** Groups os_breakdown rows by reporter; rows whose value is not a number are left out (listed by the page). */
export function osPanels(rows: FactRow[]): OsPanel[] {
  const panels = new Map<string, OsPanel>();
  for (const row of rows) {
    if (!parseFigure(row.value) || !/%/.test(row.unit ?? "")) continue;
    const reporter = (row.reporter ?? "").replace(/\s*\(.*\)$/, "");
    const panel = panels.get(reporter) ?? {reporter, date: row.as_of ?? row.source_date ?? "", unit: row.unit ?? "", rows: []};
    panel.rows.push(row);
    panels.set(reporter, panel);
  }
  return [...panels.values()];
}

export function osBreakdownChart(rows: FactRow[], {width}: {width: number}): HTMLElement {
  const root = document.createElement("div");
  root.className = "atlas-os-panels";
  for (const panel of osPanels(rows)) {
    const heading = document.createElement("h4");
    heading.textContent = `${panel.reporter} (${panel.date})`;
    const data = panel.rows.map((row) => {
      const figure = parseFigure(row.value)!;
      return {
        label: `${row.operating_system ?? ""} [${row.row_id ?? ""}]`,
        value: figure.value,
        text: `${figure.qualifier}${figure.value}%`,
        title: `${row.operating_system}: ${row.value}% (${row.unit}); ${row.source_title}, ${row.source_date}`
      };
    });
    root.append(heading, barsChart(data, {width, xLabel: "% of infected machines seen by this reporter (same 0–100 axis in every panel) →", format: (v) => `${v}%`, xMax: 100}));
  }
  return root;
}
