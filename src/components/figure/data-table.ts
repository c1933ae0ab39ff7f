// The figure panel's Table tab: the displayed data as a real <table>, sorted by pressing a column header
// (ascending, descending, the figure's own order) and filtered by a text search. Sort and search are reported
// through onChange so the panel can keep them in the URL.
import type {FigureColumn, FigureRow} from "../../figures/types.js";
import {displayText, nextSort, shownColumns, tableView, type TableSort} from "./figure-data.js";
import {rowCount} from "../facts/count.js";

export interface TableState {
  sort: TableSort | null;
  search: string;
}

export interface DataTableOptions {
  /** Prefix for element ids (unique on the page). */
  idPrefix: string;
  /** What the table holds, for its caption and the search box's label. */
  caption: string;
  state: TableState;
  onChange?: (state: TableState) => void;
}

function heading(column: FigureColumn): string {
  return column.unit && column.unit !== column.label ? `${column.label} (${column.unit})` : column.label;
}

/** A searchable, sortable table of `rows`. */
export function dataTable(columns: readonly FigureColumn[], rows: readonly FigureRow[], {idPrefix, caption, state, onChange}: DataTableOptions): HTMLElement {
  const root = document.createElement("div");
  root.className = "atlas-data-table";
  let current: TableState = {...state};

  const searchId = `${idPrefix}-search`;
  const label = document.createElement("label");
  label.htmlFor = searchId;
  label.textContent = "Search the table";
  const search = document.createElement("input");
  search.type = "search";
  search.id = searchId;
  search.name = "search";
  search.autocomplete = "off";
  search.value = current.search;
  const status = document.createElement("p");
  status.className = "atlas-data-table-status";
  status.setAttribute("role", "status");
  status.id = `${idPrefix}-status`;
  search.setAttribute("aria-describedby", status.id);
  const controls = document.createElement("div");
  controls.className = "atlas-data-table-controls";
  controls.append(label, search, status);

  const table = document.createElement("table");
  const cap = document.createElement("caption");
  cap.textContent = caption;
  const thead = table.createTHead();
  const headRow = thead.insertRow();
  const buttons = columns.map((column) => {
    const th = document.createElement("th");
    th.scope = "col";
    th.dataset.key = column.key;
    if (column.type === "number") th.className = "atlas-number";
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = heading(column);
    button.addEventListener("click", () => update({...current, sort: nextSort(current.sort, column.key)}));
    th.append(button);
    headRow.append(th);
    return {th, button, column};
  });
  const tbody = table.createTBody();
  table.prepend(cap);
  const scroll = document.createElement("div");
  scroll.className = "atlas-data-table-scroll";
  // A scrolling region must be reachable by keyboard (axe scrollable-region-focusable).
  scroll.tabIndex = 0;
  scroll.setAttribute("role", "region");
  scroll.setAttribute("aria-label", caption);
  scroll.append(table);

  function render(): void {
    const view = tableView(rows, columns, current.sort, current.search);
    const shown = shownColumns(rows, columns);
    tbody.replaceChildren(
      ...view.map((row) => {
        const tr = document.createElement("tr");
        for (const column of shown) {
          const td = tr.insertCell();
          td.textContent = displayText(row[column.key] ?? null, column);
          if (column.type === "number") td.className = "atlas-number";
        }
        return tr;
      })
    );
    for (const {th, button, column} of buttons) {
      const sorted = current.sort?.key === column.key ? (current.sort.descending ? "descending" : "ascending") : null;
      if (sorted) th.setAttribute("aria-sort", sorted);
      else th.removeAttribute("aria-sort");
      button.setAttribute("aria-label", `${heading(column)}: sort ${sorted === "ascending" ? "descending" : sorted === "descending" ? "in the figure's order" : "ascending"}`);
    }
    status.textContent = current.search.trim() ? `${view.length.toLocaleString("en-GB")} of ${rowCount(rows.length)} ${view.length === 1 ? "matches" : "match"} "${current.search.trim()}".` : `${rowCount(rows.length)}.`;
  }

  function update(next: TableState): void {
    current = next;
    render();
    onChange?.(current);
  }

  search.addEventListener("input", () => update({...current, search: search.value}));
  render();
  root.append(controls, scroll);
  return root;
}
