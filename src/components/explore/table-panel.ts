// The table panel beside the notebook: for every table its provenance (published, pipeline or modelled, reference,
// configuration), row count, and per column the SQL type, a few example values, meaning and unit. Counts, types and
// examples come from DuckDB once it is ready; a click on a column name inserts it at the cursor of the last editor used.
import {DataType} from "npm:apache-arrow";
import {kindLabel, type IncidentDataset} from "./datasets.js";
import type {Engine} from "./engine.js";
import {plainValue} from "./typed.js";
import {formatCell} from "./format.js";
import {rowCount} from "../facts/count.js";

export interface PanelTable {
  table: string;
  title: string;
  description: string;
  /** "modelled" | "observed" (pipeline), "reference", "published", or "configuration". */
  kind: IncidentDataset["kind"] | "configuration";
  provenance: string;
  columns: Record<string, {meaning: string; unit: string}>;
}

const PROVENANCE: Record<PanelTable["kind"], string> = {
  modelled: "pipeline · modelled",
  observed: "pipeline · input files",
  reference: "reference (published)",
  published: "published",
  configuration: "configuration"
};

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children);
  return node;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The panel; `insert(name)` puts a column or table name at the cursor. */
export function tablePanel(tables: readonly PanelTable[], engine: Promise<Engine>, insert: (text: string) => void): HTMLElement {
  const root = el("aside", "explore-schema");
  root.setAttribute("aria-label", "Tables");
  root.append(el("h2", "", "Tables"), el("p", "muted", "Click a name to insert it at the cursor."));
  const sections = tables.map((t) => {
    const details = el("details", "");
    details.dataset.table = t.table;
    // The insert button sits inside the panel, not in <summary>: a button nested in the summary is an interactive
    // control inside another (axe: nested-interactive).
    const name = el("button", "explore-name", "Insert ", el("code", "", t.table));
    name.type = "button";
    name.title = `Insert ${t.table}`;
    name.addEventListener("click", (e) => (e.preventDefault(), insert(t.table)));
    const count = el("span", "muted explore-count", "");
    const summary = el("summary", "", el("code", "", t.table), " ", el("span", `explore-kind explore-kind-${t.kind}`, PROVENANCE[t.kind]), " ", count);
    const list = el("ul", "");
    const items = new Map<string, {type: HTMLElement; examples: HTMLElement}>();
    for (const [column, doc] of Object.entries(t.columns)) {
      const button = el("button", "explore-name", el("code", "", column));
      button.type = "button";
      button.title = `Insert ${column}`;
      button.addEventListener("click", () => insert(column));
      const type = el("span", "explore-type", "");
      const examples = el("span", "muted explore-examples-values", "");
      items.set(column, {type, examples});
      list.append(el("li", "", button, " ", type, ": ", doc.meaning, doc.unit ? el("span", "muted", ` (${doc.unit})`) : "", examples));
    }
    details.append(summary, el("p", "", name), el("p", "", `${t.title}. ${t.description}`), el("p", "muted", `${t.kind === "configuration" ? "Configuration" : kindLabel(t.kind)}: ${t.provenance}`), list);
    return {t, details, count, list, items};
  });
  root.append(...sections.map((s) => s.details), el("p", "muted", "Full descriptions and downloads: ", Object.assign(document.createElement("a"), {href: "./data", textContent: "Data and downloads"}), "."));

  // Types, counts and examples, once the engine has the tables (a failed start is reported by the status line).
  void engine.then(async ({db}) => {
    const connection = await db.connect();
    try {
      for (const s of sections) {
        const name = quote(s.t.table);
        const [described, counted, sample] = await Promise.all([
          connection.query(`DESCRIBE ${name}`),
          connection.query(`SELECT count(*)::DOUBLE AS n FROM ${name}`),
          connection.query(`FROM ${name} LIMIT 3`)
        ]);
        s.count.textContent = rowCount(Number(counted.get(0)?.n ?? 0));
        s.details.dataset.rows = String(counted.get(0)?.n ?? 0);
        for (const row of described.toArray() as {column_name: string; column_type: string}[]) {
          let item = s.items.get(row.column_name);
          if (!item) {
            // A column the catalog does not document (a configuration table, say): listed with its type alone.
            const button = el("button", "explore-name", el("code", "", row.column_name));
            button.type = "button";
            button.addEventListener("click", () => insert(row.column_name));
            item = {type: el("span", "explore-type", ""), examples: el("span", "muted explore-examples-values", "")};
            s.items.set(row.column_name, item);
            s.list.append(el("li", "", button, " ", item.type, item.examples));
          }
          item.type.textContent = row.column_type;
          const field = sample.schema.fields.find((f) => f.name === row.column_name);
          const vector = sample.getChild(row.column_name);
          if (field && vector) {
            const values = Array.from({length: sample.numRows}, (_, i) => formatCell(plainValue(field.type, vector.get(i)), "other", DataType.isDate(field.type))).filter(Boolean);
            item.examples.textContent = values.length ? ` e.g. ${[...new Set(values)].slice(0, 3).join(", ")}` : "";
          }
        }
      }
    } finally {
      await connection.close();
    }
  }).catch(() => undefined);
  return root;
}
