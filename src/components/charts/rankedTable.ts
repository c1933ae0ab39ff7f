// A ranked table of countries whose names are buttons: choosing one selects the country
// (keyboard and screen-reader friendly, unlike clicking a map).
import {formatNumber} from "../facts/format.js";

export interface RankedRow {
  key: string;
  label: string;
  values: (number | null)[];
}

export interface RankedTableOptions {
  columns: string[];
  /** Index of the column the rows are ranked by (bold). */
  sortColumn?: number;
  selected?: string | null;
  onSelect?: (key: string) => void;
  limit?: number;
  format?: (value: number | null, column: number) => string;
  /** Text, or nodes (e.g. a query link to the SQL that produced the rows). */
  caption?: string | (string | Node)[];
}

export function rankedTable(rows: RankedRow[], {columns, sortColumn = 0, selected = null, onSelect, limit = 20, format = (v) => formatNumber(v), caption}: RankedTableOptions): HTMLElement {
  const wrap = document.createElement("div");
  wrap.className = "atlas-table-wrap";
  const table = document.createElement("table");
  table.className = "atlas-ranked";
  if (caption) {
    const c = table.createCaption();
    if (typeof caption === "string") c.textContent = caption;
    else c.append(...caption);
  }
  const head = table.createTHead().insertRow();
  for (const text of ["#", "Country", ...columns]) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = text;
    head.append(th);
  }
  const body = table.createTBody();
  rows.slice(0, limit).forEach((row, i) => {
    const tr = body.insertRow();
    tr.dataset.key = row.key;
    if (row.key === selected) tr.className = "atlas-selected";
    tr.insertCell().textContent = String(i + 1);
    const name = tr.insertCell();
    if (onSelect) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "atlas-link-button";
      button.textContent = row.label;
      button.setAttribute("aria-pressed", String(row.key === selected));
      button.addEventListener("click", () => onSelect(row.key));
      name.append(button);
    } else name.textContent = row.label;
    row.values.forEach((v, j) => {
      const td = tr.insertCell();
      td.className = j === sortColumn ? "atlas-num atlas-sorted" : "atlas-num";
      td.textContent = format(v, j);
    });
  });
  wrap.append(table);
  return wrap;
}
