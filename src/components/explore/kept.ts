// A cell's result kept as a table (cell1, cell2, …): the statement Explore runs for it, and DuckDB's errors of that
// statement told in the reader's own line numbers (the query starts on its second line).

/** The statement that keeps a query's result as table `name`: the query from the second line on, its own lines kept. */
export function keptAs(name: string, sql: string): string {
  return `CREATE OR REPLACE TEMP TABLE "${name}" AS\n${sql.trimEnd().replace(/;\s*$/, "")}\n`;
}

/** An error of keptAs's statement with DuckDB's "LINE n:" counted in the reader's own query (one line less). */
export function userLines(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  error.message = error.message.replace(/\bLINE (\d+):/g, (_, n: string) => `LINE ${Math.max(1, Number(n) - 1)}:`);
  return error;
}
