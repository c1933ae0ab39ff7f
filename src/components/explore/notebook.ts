// The Explore notebook's state: its SQL cells and each cell's chart choice, kept in the page address (repeated
// `q` and `chart` parameters, so a one-cell link stays `?q=<sql>`) and in local storage with a short history.
// Pure except for the Storage passed in.

export const MARKS = ["bar", "line", "dot", "area", "cell"] as const;
export type Mark = (typeof MARKS)[number];

/** The analyst's chart choice; an unset field takes the default from the result. */
export interface ChartChoice {
  mark?: Mark;
  x?: string;
  y?: string;
  series?: string;
}

export interface Cell {
  sql: string;
  chart: ChartChoice;
}

export interface Notebook {
  cells: Cell[];
}

/** The SQL table name of cell i's result, readable by later cells: cell1, cell2, … */
export function cellName(index: number): string {
  return `cell${index + 1}`;
}

function parseChoice(text: string | undefined): ChartChoice {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== "object") return {};
    const v = value as Record<string, unknown>;
    const choice: ChartChoice = {};
    if (typeof v.mark === "string" && (MARKS as readonly string[]).includes(v.mark)) choice.mark = v.mark as Mark;
    for (const key of ["x", "y", "series"] as const) if (typeof v[key] === "string") choice[key] = v[key] as string;
    return choice;
  } catch {
    return {};
  }
}

function choiceText(choice: ChartChoice): string {
  // An empty series is a choice ("none"), kept; other empty fields mean "the default".
  const entries = Object.entries(choice).filter(([k, v]) => v !== undefined && (v !== "" || k === "series"));
  return entries.length ? JSON.stringify(Object.fromEntries(entries)) : "";
}

/** The notebook in a page address, or null when the address holds none. */
export function notebookFromSearch(search: string): Notebook | null {
  const params = new URLSearchParams(search);
  const queries = params.getAll("q");
  if (!queries.length) return null;
  const charts = params.getAll("chart");
  return {cells: queries.map((sql, i) => ({sql, chart: parseChoice(charts[i])}))};
}

/** `search` with the notebook's parameters replaced (other parameters kept). */
export function notebookToSearch(notebook: Notebook, search = ""): string {
  const params = new URLSearchParams(search);
  params.delete("q");
  params.delete("chart");
  const charts = notebook.cells.map((c) => choiceText(c.chart));
  notebook.cells.forEach((cell) => params.append("q", cell.sql));
  // No chart parameter at all while every cell uses the defaults, so a plain query link stays `?q=…`.
  if (charts.some(Boolean)) charts.forEach((c) => params.append("chart", c));
  return `?${params}`;
}

/** Queries compared as the engine sees them: surrounding white space and a final semicolon do not count. */
export function sameQuery(a: string, b: string): boolean {
  const norm = (s: string) => s.trim().replace(/;\s*$/, "").replace(/\s+/g, " ");
  return norm(a) === norm(b);
}

/** True when every cell is one of the shipped queries, which may run without the reader pressing Run. */
export function onlyShippedQueries(notebook: Notebook, shipped: readonly string[]): boolean {
  return notebook.cells.every((cell) => shipped.some((s) => sameQuery(s, cell.sql)));
}

export interface HistoryEntry {
  /** ISO time the notebook was last run. */
  at: string;
  notebook: Notebook;
}

export const HISTORY_KEY = "incident-atlas:explore-history";
export const HISTORY_SIZE = 10;

export function readHistory(storage: Pick<Storage, "getItem"> | null): HistoryEntry[] {
  try {
    const value: unknown = JSON.parse(storage?.getItem(HISTORY_KEY) ?? "[]");
    if (!Array.isArray(value)) return [];
    return value.flatMap((e: unknown): HistoryEntry[] => {
      const entry = e as {at?: unknown; notebook?: {cells?: unknown}};
      if (typeof entry?.at !== "string" || !Array.isArray(entry.notebook?.cells)) return [];
      const cells = (entry.notebook.cells as unknown[]).flatMap((c) => {
        const cell = c as {sql?: unknown; chart?: unknown};
        return typeof cell?.sql === "string" ? [{sql: cell.sql, chart: parseChoice(JSON.stringify(cell.chart ?? {}))}] : [];
      });
      return cells.length ? [{at: entry.at, notebook: {cells}}] : [];
    });
  } catch {
    return [];
  }
}

/** Puts the notebook first in the history (once: an identical earlier entry is dropped), keeping HISTORY_SIZE. */
export function remember(storage: Pick<Storage, "getItem" | "setItem"> | null, notebook: Notebook, at = new Date()): HistoryEntry[] {
  const key = (n: Notebook) => JSON.stringify(n.cells.map((c) => [c.sql.trim(), choiceText(c.chart)]));
  const entries = [{at: at.toISOString(), notebook}, ...readHistory(storage).filter((e) => key(e.notebook) !== key(notebook))].slice(0, HISTORY_SIZE);
  try {
    storage?.setItem(HISTORY_KEY, JSON.stringify(entries));
  } catch {
    // Storage full or disabled (private browsing): the address still holds the notebook.
  }
  return entries;
}
