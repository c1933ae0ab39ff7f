// DuckDB-WASM, started on demand: a reader who never touches a control never downloads the query engine (its wasm
// is about 35 MB, 7 MB compressed, served from this site; docs/performance.md). The page's first view is computed
// from the tables it has already downloaded: each query gives, with its SQL, the same rows computed in JavaScript
// (`initial`), used until the engine starts. The engine starts on the first interaction that needs it: a control
// in the page changes (an `input` or `change` event in the main column) or a chart is pressed (a brush, a map
// click), or a query has no `initial` rows. It runs in a Web Worker, so the page stays interactive while it loads.
// A status line tells the reader what is happening: waiting, loading, ready or failed.

export interface QueryClient {
  query(sql: string, params?: unknown[]): Promise<Iterable<Record<string, unknown>>>;
}

export interface LazyEngine<DB extends QueryClient> {
  /** A status line to place on the page (aria-live). */
  status: HTMLElement;
  /** The started client; starts it if needed. */
  client(): Promise<DB>;
  /**
   * Runs SQL on the engine; rows come back as plain objects. Until the engine has started, `initial` (the same
   * rows, computed in JavaScript from the page's tables) answers instead, if given.
   */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[], initial?: () => T[]): Promise<T[]>;
}

type State = "waiting" | "loading" | "ready" | "failed";

const TEXT: Record<State, string> = {
  waiting: "Computed from the tables this page downloaded. The query engine (DuckDB-WASM, about 7 MB compressed, from this site) starts when you change a control, and then runs the same SQL.",
  loading: "Loading the query engine (DuckDB-WASM, about 7 MB compressed, from this site)…",
  ready: "Query engine ready: filters run as SQL in your browser (DuckDB-WASM).",
  failed: "The query engine could not start; the filtered charts are unavailable."
};

/** The page's main column (Framework's #observablehq-main), where the controls and charts that need the engine are. */
const mainColumn = (): Element => document.getElementById("observablehq-main") ?? document.body;

/** True for an event that means the reader is using a control or a chart in the main column. */
export function needsEngine(event: Event, main: Element): boolean {
  const target = event.target instanceof Element ? event.target : null;
  if (!target || !main.contains(target)) return false;
  return event.type === "pointerdown" ? target.closest("svg") !== null : true;
}

/** Wraps `start` (e.g. `() => DuckDBClient.of({hourly})`) so it runs once, on the first interaction that needs it. */
export function lazyDuckDB<DB extends QueryClient>(start: () => Promise<DB>): LazyEngine<DB> {
  const status = document.createElement("p");
  status.className = "atlas-engine-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  let promise: Promise<DB> | null = null;
  const set = (state: State, extra = "") => {
    status.dataset.state = state;
    status.textContent = TEXT[state] + extra;
  };
  set("waiting");

  const client = (): Promise<DB> => {
    if (!promise) {
      stopListening();
      const t0 = performance.now();
      set("loading");
      promise = start().then(
        (db) => {
          set("ready", ` Started in ${((performance.now() - t0) / 1000).toFixed(1)} s.`);
          return db;
        },
        (error: unknown) => {
          set("failed", ` (${error instanceof Error ? error.message : String(error)})`);
          throw error;
        }
      );
    }
    return promise;
  };

  // Capture phase: the engine is starting before the page's cells re-run for the new value.
  const EVENTS = ["input", "change", "pointerdown"] as const;
  const onInteraction = (event: Event) => {
    if (needsEngine(event, mainColumn())) void client().catch(() => {});
  };
  const stopListening = () => EVENTS.forEach((type) => document.removeEventListener(type, onInteraction, true));
  EVENTS.forEach((type) => document.addEventListener(type, onInteraction, true));

  return {
    status,
    client,
    async query<T>(sql: string, params?: unknown[], initial?: () => T[]): Promise<T[]> {
      if (!promise && initial) return initial();
      const db = await client();
      const t0 = performance.now();
      const result = await db.query(sql, params);
      const rows = Array.from(result, (row) => (typeof (row as {toJSON?: unknown}).toJSON === "function" ? (row as {toJSON(): T}).toJSON() : ({...row} as T)));
      status.dataset.lastQueryMs = (performance.now() - t0).toFixed(1);
      return rows;
    }
  };
}
