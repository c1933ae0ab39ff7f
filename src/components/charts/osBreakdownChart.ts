// Operating systems of infected machines, one panel per reporter: figures from different
// reporters (and methods) are never merged into one whole.
import {barsChart, NARROW_BARS} from "./barsChart.js";
import {labelMargin} from "./marks.js";
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
  const panels = osPanels(rows);
  const labelOf = (row: FactRow) => `${row.operating_system ?? ""} [${row.row_id ?? ""}]`;
  // One left margin for every panel (wide layout), so the shared 0–100 axes line up; narrow bars put labels above.
  const marginLeft = width < NARROW_BARS ? undefined : labelMargin(panels.flatMap((p) => p.rows.map(labelOf)), width);
  for (const panel of panels) {
    const heading = document.createElement("h4");
    heading.textContent = `${panel.reporter} (${panel.date})`;
    const data = panel.rows.map((row) => {
      const figure = parseFigure(row.value)!;
      return {
        label: labelOf(row),
        value: figure.value,
        text: `${figure.qualifier}${figure.value}%`,
        title: `${row.operating_system}: ${row.value}% (${row.unit}); ${row.source_title}, ${row.source_date}`
      };
    });
    root.append(heading, barsChart(data, {width, xLabel: ["% of infected machines seen by this reporter (same 0–100 axis in every panel) →", "% of machines seen by this reporter →"], format: (v) => `${v}%`, xMax: 100, marginLeft}));
  }
  return root;
}
