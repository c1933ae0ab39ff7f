// A query result as a sortable, paginated HTML table: only one page of rows is in the DOM, so a
// million-row result stays responsive. Sorting applies to the whole result, not just the page.
import {DataType, type Table} from "npm:apache-arrow";
import type {ColumnKind, ResultColumn} from "./autochart.js";
import {formatCell} from "./format.js";
import {plainValue} from "./typed.js";

export function columnKind(type: DataType): ColumnKind {
  if (DataType.isTimestamp(type) || DataType.isDate(type)) return "time";
  if (DataType.isInt(type) || DataType.isFloat(type) || DataType.isDecimal(type)) return "number";
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type) || DataType.isDictionary(type) || DataType.isBool(type)) return "category";
  return "other";
}

export function resultColumns(table: Table): ResultColumn[] {
  return table.schema.fields.map((f) => ({name: f.name, kind: columnKind(f.type), type: String(f.type)}));
}

function compare(a: unknown, b: unknown): number {
  if (a == null) return b == null ? 0 : 1; // nulls last either way
  if (b == null) return -1;
  if (a instanceof Date && b instanceof Date) return +a - +b;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

export interface ResultTableOptions {
  pageSize?: number;
  caption?: string;
}

/** Renders `table`; returns the element (with `.dataset.rows`). */
export function resultTable(table: Table, {pageSize = 50, caption}: ResultTableOptions = {}): HTMLElement {
  const columns = resultColumns(table);
  const n = table.numRows;
  const fields = table.schema.fields;
  // A DATE column shows days; a timestamp column shows the time on every row, midnight included.
  const dates = fields.map((f) => DataType.isDate(f.type));
  const values: unknown[][] = columns.map(() => []);
  let loaded = false;
  const columnValues = (j: number): unknown[] => {
    if (!loaded) {
      columns.forEach((c, k) => {
        const vector = table.getChild(c.name);
        const out = values[k]!;
        for (let i = 0; i < n; ++i) out.push(plainValue(fields[k]!.type, vector?.get(i)));
      });
      loaded = true;
    }
    return values[j]!;
  };
  let order: Uint32Array | null = null;
  let sortColumn = -1;
  let descending = false;
  let page = 0;
  let size = pageSize;

  const root = document.createElement("div");
  root.className = "atlas-result";
  root.dataset.rows = String(n);
  const scroll = document.createElement("div");
  scroll.className = "atlas-result-scroll";
  scroll.tabIndex = 0;
  scroll.setAttribute("role", "region");
  scroll.setAttribute("aria-label", caption ?? "Query result");
  const tableEl = document.createElement("table");
  if (caption) tableEl.createCaption().textContent = caption;
  const thead = tableEl.createTHead();
  const headRow = thead.insertRow();
  const buttons = columns.map((column, j) => {
    const th = document.createElement("th");
    th.scope = "col";
    if (column.kind === "number") th.className = "atlas-number";
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = column.name;
    button.title = `Sort by ${column.name}`;
    button.addEventListener("click", () => {
      if (sortColumn === j) descending = !descending;
      else (sortColumn = j), (descending = column.kind === "number");
      const v = columnValues(j);
      const index = Uint32Array.from({length: n}, (_, i) => i);
      index.sort((a, b) => {
        const c = compare(v[a], v[b]);
        return descending && v[a] != null && v[b] != null ? -c : c;
      });
      order = index;
      page = 0;
      render();
    });
    th.append(button);
    headRow.append(th);
    return {th, button};
  });
  const tbody = tableEl.createTBody();
  scroll.append(tableEl);

  const pager = document.createElement("nav");
  pager.className = "atlas-pager";
  pager.setAttribute("aria-label", "Result pages");
  const make = (label: string, action: () => void) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.addEventListener("click", () => {
      action();
      render();
    });
    return b;
  };
  const pages = () => Math.max(1, Math.ceil(n / size));
  const first = make("« First", () => (page = 0));
  const prev = make("‹ Previous", () => (page = Math.max(0, page - 1)));
  const next = make("Next ›", () => (page = Math.min(pages() - 1, page + 1)));
  const last = make("Last »", () => (page = pages() - 1));
  const status = document.createElement("span");
  status.className = "atlas-pager-status";
  status.setAttribute("aria-live", "polite");
  const sizeLabel = document.createElement("label");
  sizeLabel.textContent = "Rows per page ";
  const sizeSelect = document.createElement("select");
  for (const s of [25, 50, 100, 500]) sizeSelect.append(new Option(String(s), String(s), s === size, s === size));
  sizeSelect.addEventListener("change", () => {
    size = Number(sizeSelect.value);
    page = 0;
    render();
  });
  sizeLabel.append(sizeSelect);
  pager.append(first, prev, status, next, last, sizeLabel);

  function render(): void {
    buttons.forEach(({th, button}, j) => {
      const sorted = j === sortColumn;
      th.setAttribute("aria-sort", sorted ? (descending ? "descending" : "ascending") : "none");
      button.textContent = columns[j]!.name + (sorted ? (descending ? " ▼" : " ▲") : "");
    });
    const start = page * size;
    const end = Math.min(n, start + size);
    const rows: HTMLTableRowElement[] = [];
    for (let k = start; k < end; ++k) {
      const i = order ? order[k]! : k;
      const tr = document.createElement("tr");
      columns.forEach((column, j) => {
        const td = document.createElement("td");
        const value = loaded ? values[j]![i] : plainValue(fields[j]!.type, table.getChild(column.name)?.get(i));
        td.textContent = formatCell(value, column.kind, dates[j]);
        if (column.kind === "number") td.className = "atlas-number";
        tr.append(td);
      });
      rows.push(tr);
    }
    tbody.replaceChildren(...rows);
    status.textContent = n === 0 ? "No rows" : `Rows ${(start + 1).toLocaleString("en-GB")}–${end.toLocaleString("en-GB")} of ${n.toLocaleString("en-GB")} · page ${page + 1} of ${pages().toLocaleString("en-GB")}`;
    first.disabled = prev.disabled = page === 0;
    next.disabled = last.disabled = page >= pages() - 1;
    root.dataset.page = String(page + 1);
  }
  render();
  root.append(scroll, pager);
  return root;
}
