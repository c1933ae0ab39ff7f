// The Explore engine: one DuckDB-WASM database with every shipped table, results typed as DuckDB types them (no
// casts), a Stop that cancels the running query (AsyncDuckDBConnection.cancelSent: the worker checks between
// polls of a pending query), a time limit that does the same, and the offline guard before DuckDB sees any text.
// Each notebook cell's result is kept as a temporary table named after the cell (cell1, cell2, …), so a later cell
// can read it (`FROM cell1`). A run also returns the tables its query reads, as DuckDB names them.
import {Table, type RecordBatch} from "npm:apache-arrow";
import type {AsyncDuckDB, AsyncDuckDBConnection} from "npm:@duckdb/duckdb-wasm";
import {OFFLINE_ANSWER, networkReason, tokens} from "./guard.js";
import {keptAs, userLines} from "./kept.js";

/** Framework's DuckDBClient (its database is `_db`). */
export interface ClientLike {
  _db: AsyncDuckDB;
}

/** The settings the engine opens DuckDB with: DuckDB's own types in every result. */
export const TYPED = {query: {castBigIntToDouble: false, castTimestampToDate: false, castDecimalToDouble: false}} as const;

export class StoppedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StoppedError";
  }
}

export class OfflineError extends Error {
  constructor(reason: string) {
    super(`${reason}. ${OFFLINE_ANSWER}`);
    this.name = "OfflineError";
  }
}

/** True for one SELECT-like statement, whose result can be kept as a table. */
export function isQuery(sql: string): boolean {
  const list = tokens(sql);
  const semicolons = list.filter((t) => t.kind === "semicolon").length;
  const last = list.at(-1);
  if (semicolons > 1 || (semicolons === 1 && last?.kind !== "semicolon")) return false;
  const first = list.find((t) => t.kind === "word" || t.text === "(");
  return Boolean(first && (first.text === "(" || /^(select|with|from|values|table|pivot|unpivot)$/i.test(first.text)));
}

export interface RunOptions {
  /** The cell's table name; the result is kept under it. */
  name?: string;
  /** Milliseconds before the query is stopped; 0 for no limit. */
  timeLimit?: number;
}

export interface RunResult {
  table: Table;
  elapsed: number;
  /** The tables the query reads, as DuckDB binds it (getTableNames); null when it cannot tell (several statements). */
  tables: string[] | null;
}

export interface Engine {
  /** The current database (replaced when a stop needs a new worker). */
  readonly db: AsyncDuckDB;
  run(sql: string, options?: RunOptions): Promise<RunResult>;
  /** Stops the running query, if any; resolves once DuckDB has been told. */
  stop(): Promise<void>;
  running(): boolean;
  /** Drops the kept results of cells from `from` on (cell tables no longer in the notebook). */
  forget(names: readonly string[]): Promise<void>;
  /** Loads a CSV or Arrow file the reader picked as table `name`. */
  loadFile(file: File, name: string): Promise<void>;
}

/** How long Stop waits for DuckDB to honour a cancel before it replaces the worker (one task can run for seconds). */
export const CANCEL_GRACE_MS = 150;

/**
 * Opens the engine on a database from `start` (called again, with every shipped table, when a query has to be
 * stopped by replacing the worker: DuckDB checks for a cancel only between tasks, and one task of a big cross join
 * can run for seconds). `onRestart` hears when kept cell results were lost that way.
 */
export async function openEngine(start: () => Promise<ClientLike>, onRestart: (state: "restarting" | "ready" | "failed") => void = () => {}): Promise<Engine> {
  let db: AsyncDuckDB;
  let connection: AsyncDuckDBConnection;
  let opening: Promise<void>;
  const open = async () => {
    db = (await start())._db;
    connection = await db.connect();
    // A second line of defence behind the guard: DuckDB may not fetch or load an extension on its own.
    for (const setting of ["autoinstall_known_extensions", "autoload_known_extensions"]) {
      await connection.query(`SET ${setting} = false`).catch(() => undefined);
    }
  };
  await (opening = open());
  let active: {stopped: string | null; stop: (e: Error) => void} | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  async function send(sql: string): Promise<Table> {
    const reader = await connection.send(sql);
    const batches: RecordBatch[] = [];
    for await (const batch of reader) batches.push(batch);
    return batches.length ? new Table(batches) : new Table(reader.schema);
  }

  async function execute(sql: string, {name, timeLimit = 0}: RunOptions): Promise<RunResult> {
    const reason = networkReason(sql);
    if (reason) throw new OfflineError(reason);
    await opening;
    let stop: (e: Error) => void = () => {};
    const stopped = new Promise<never>((_, reject) => (stop = reject));
    const state = {stopped: null as string | null, stop};
    active = state;
    const timer = timeLimit > 0 ? setTimeout(() => void stopWith(`Stopped: the query ran past the time limit of ${timeLimit / 1000} s. Raise the limit to let it finish.`), timeLimit) : undefined;
    const t0 = performance.now();
    const work = (async () => {
      const body = sql.trim().replace(/;\s*$/, "");
      // What the query reads, for its Source line: DuckDB binds it without running it (CTEs and comments are not tables).
      const tables = await connection.getTableNames(body).catch(() => null);
      if (name && isQuery(sql)) {
        await send(keptAs(name, sql)).catch((error: unknown) => {
          throw userLines(error);
        });
        return {table: await connection.query(`FROM "${name}"`), tables};
      }
      return {table: await send(sql), tables};
    })();
    work.catch(() => undefined);
    try {
      const {table, tables} = await Promise.race([work, stopped]);
      return {table, tables, elapsed: performance.now() - t0};
    } catch (error) {
      if (state.stopped) throw new StoppedError(state.stopped);
      throw error;
    } finally {
      clearTimeout(timer);
      if (active === state) active = null;
    }
  }

  async function stopWith(message: string): Promise<void> {
    const state = active;
    if (!state || state.stopped) return;
    state.stopped = message;
    const cancelled = connection.cancelSent().catch(() => false);
    const honoured = await Promise.race([cancelled.then(() => new Promise((r) => setTimeout(() => r(active !== state), 50))), new Promise((r) => setTimeout(() => r(false), CANCEL_GRACE_MS))]);
    if (honoured || active !== state) return;
    // DuckDB is inside one long task: answer the reader now, and replace the worker (every shipped table is loaded
    // again; the kept cell results are gone, so cells re-run when a later cell needs them).
    state.stop(new StoppedError(message));
    const old = db;
    onRestart("restarting");
    opening = (async () => {
      await old.terminate().catch(() => undefined);
      await open();
    })();
    opening.then(() => onRestart("ready"), () => onRestart("failed"));
  }

  return {
    get db() {
      return db;
    },
    run(sql, options = {}) {
      const next = queue.then(() => execute(sql, options));
      queue = next.catch(() => undefined);
      return next;
    },
    stop: () => stopWith("Stopped: you pressed Stop."),
    running: () => active !== null,
    async forget(names) {
      await opening;
      for (const n of names) await connection.query(`DROP TABLE IF EXISTS "${n}"`).catch(() => undefined);
    },
    async loadFile(file, name) {
      await opening;
      const bytes = new Uint8Array(await file.arrayBuffer());
      if (/\.arrow$|\.arrows$|\.feather$/i.test(file.name)) {
        await connection.query(`DROP TABLE IF EXISTS "${name}"`);
        await connection.insertArrowFromIPCStream(bytes, {name, create: true});
      } else {
        // A site download starts with "# Incident Atlas download: N metadata lines before the header row".
        const skip = Number(/^# Incident Atlas download: (\d+) metadata lines/.exec(new TextDecoder().decode(bytes.slice(0, 200)))?.[1] ?? 0);
        const path = `upload-${name}.csv`;
        await db.registerFileBuffer(path, bytes);
        await connection.query(`CREATE OR REPLACE TABLE "${name}" AS FROM read_csv('${path}', skip = ${skip})`);
      }
    }
  };
}
