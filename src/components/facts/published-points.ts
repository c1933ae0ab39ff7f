// Published points: what named sources counted at stated times, each with its own unit. Used where the
// pipeline's data cannot speak (e.g. before a sinkhole existed). Never turned into a series, never summed.
import {cite, factId, type FactRow} from "./facts.js";

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** "45000" → "45,000"; "2000000-3000000" → "2,000,000–3,000,000"; other text as written. */
export function figureText(value: string | undefined): string {
  if (!value) return "no count";
  return value.replace(/\d{4,}/g, (n) => Number(n).toLocaleString("en-GB")).replace(/(\d)-(\d)/g, "$1–$2");
}

/** "14000000-16000000" → "14–16 million"; "2000000-3000000" → "2–3 million"; other values as figureText. */
export function millionsText(value: string | undefined): string {
  const m = /^(\d+)000000(?:-(\d+)000000)?$/.exec(value ?? "");
  return m ? `${m[1]}${m[2] ? `–${m[2]}` : ""} million` : figureText(value);
}

let tables = 0;

/** A table of published rows: when (as stated), who, figure, unit, source marker. Timeline rows show their event. */
export function publishedPointsTable(rows: FactRow[], {caption}: {caption: string}): HTMLElement {
  const wrap = el("div");
  wrap.className = "atlas-table-wrap";
  const table = el("table");
  table.className = "atlas-org-table atlas-published-points";
  // The caption is a paragraph above the table, which it names (aria-labelledby).
  const title = el("p", caption);
  title.className = "atlas-table-title";
  title.id = `published-points-${++tables}`;
  table.setAttribute("aria-labelledby", title.id);
  wrap.append(title);
  const head = el("tr");
  for (const h of ["When (as stated)", "Who", "Figure", "Unit: what was counted", "Source"]) {
    const th = el("th", h);
    th.scope = "col";
    head.append(th);
  }
  const thead = el("thead");
  thead.append(head);
  const body = el("tbody");
  for (const row of rows) {
    const tr = el("tr");
    tr.dataset.row = factId(row);
    const when = row.as_of ?? [row.date, row.time_as_stated || row.time_utc].filter(Boolean).join(", ");
    const who = row.reporter ?? row.source_title?.split(/[:(]/)[0]?.trim() ?? "";
    const figure = row.event ? "no count" : figureText(row.value) + (row.countries ? ` (${row.countries} countries)` : "");
    const unit = row.event ?? row.unit ?? "";
    const cells = [when, who, figure, unit].map((text, i) => {
      const td = el("td", text);
      td.dataset.label = ["When", "Who", "Figure", "Unit"][i]!;
      return td;
    });
    const src = el("td");
    src.dataset.label = "Source";
    src.append(cite(row), ` ${row.verification_status ?? ""}`);
    tr.append(...cells, src);
    body.append(tr);
  }
  table.append(thead, body);
  wrap.append(table);
  return wrap;
}
