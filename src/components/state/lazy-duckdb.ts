// DuckDB-WASM, started lazily: the page's first chart renders from Arrow, then the query engine
// (about 35 MB of wasm, served from this site) starts once the browser is idle or a query is asked
// for. A status line tells the reader what is happening: waiting, loading, ready or failed.

export interface QueryClient {
  query(sql: string, params?: unknown[]): Promise<Iterable<Record<string, unknown>>>;
}

export interface LazyEngine<DB extends QueryClient> {
  /** A status line to place on the page (aria-live). */
  status: HTMLElement;
  /** The started client; starts it if needed. */
  client(): Promise<DB>;
  /** Runs SQL once the engine is ready; rows come back as plain objects. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

type State = "waiting" | "loading" | "ready" | "failed";

const TEXT: Record<State, string> = {
  waiting: "The query engine (DuckDB-WASM) starts when the page is idle; the charts above do not need it.",
  loading: "Loading the query engine (DuckDB-WASM, about 35 MB, from this site)…",
  ready: "Query engine ready: filters run as SQL in your browser (DuckDB-WASM).",
  failed: "The query engine could not start; the filtered charts are unavailable."
};

/**
 * Wraps `start` (e.g. `() => DuckDBClient.of({hourly})`) so it runs once, when the browser is idle
 * (after the first chart has rendered) or when a query is asked for, whichever comes first.
 */
export function lazyDuckDB<DB extends QueryClient>(start: () => Promise<DB>, {idleTimeout = 1500} = {}): LazyEngine<DB> {
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

  // Start on idle, after the first paint: the first chart never waits for the engine.
  const idle = (globalThis as {requestIdleCallback?: (cb: () => void, opts: {timeout: number}) => number}).requestIdleCallback;
  if (idle) idle(() => void client().catch(() => {}), {timeout: idleTimeout});
  else setTimeout(() => void client().catch(() => {}), 200);

  return {
    status,
    client,
    async query<T>(sql: string, params?: unknown[]): Promise<T[]> {
      const db = await client();
      const t0 = performance.now();
      const result = await db.query(sql, params);
      const rows = Array.from(result, (row) => (typeof (row as {toJSON?: unknown}).toJSON === "function" ? (row as {toJSON(): T}).toJSON() : ({...row} as T)));
      status.dataset.lastQueryMs = (performance.now() - t0).toFixed(1);
      return rows;
    }
  };
}
