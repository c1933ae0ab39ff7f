// Which shipped tables a cell's query reads, for its Source line, its download metadata and saved pages. After a run,
// DuckDB's own answer (getTableNames: the tables it binds, not CTEs, columns, comments or strings); before a run, or
// when DuckDB cannot tell (several statements), the query's whole identifiers outside comments and string literals.
// A cell that reads an earlier cell's result (cell1, …) is credited with that cell's tables too. Pure.
import {tokens} from "./guard.js";
import {cellName} from "./notebook.js";

/** Identifiers of a SQL text, lower-cased: bare words and quoted names; comments and string literals left out. */
export function sqlIdentifiers(sql: string): Set<string> {
  return new Set(tokens(sql).filter((t) => t.kind === "word" || t.kind === "quoted").map((t) => t.text.toLowerCase()));
}

export interface CellSql {
  sql: string;
  /** What DuckDB said the cell's last run read (tables null: it could not tell); null before a run. */
  read: {sql: string; tables: readonly string[] | null} | null;
}

/** The names a cell reads, lower-cased: DuckDB's list when it ran this very SQL, else the SQL's identifiers. */
export function namesRead(cell: CellSql): Set<string> {
  const known = cell.read?.sql === cell.sql ? cell.read.tables : null;
  return known ? new Set(known.map((t) => t.toLowerCase())) : sqlIdentifiers(cell.sql);
}

/** The datasets (in catalog order) cell `index` reads, directly or through the earlier cells it names. */
export function sourceTables<T extends {table: string}>(cells: readonly CellSql[], index: number, catalog: readonly T[]): T[] {
  const names = new Set<string>();
  const seen = new Set<number>();
  const visit = (i: number): void => {
    seen.add(i);
    const read = cells[i] ? namesRead(cells[i]) : new Set<string>();
    for (const name of read) names.add(name);
    for (let j = 0; j < i; ++j) if (!seen.has(j) && read.has(cellName(j))) visit(j);
  };
  visit(index);
  return catalog.filter((d) => names.has(d.table.toLowerCase()));
}
