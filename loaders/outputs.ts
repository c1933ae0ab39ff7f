// The files served to pages: the Arrow tables of loaders/datasets.ts (+ validation.json) built from an ingest result.
// Every Arrow file is written by datasetArrow: its columns in registry order, with registry types.
import {buildTable, toIpc, type ColumnSpec} from "./arrow.ts";
import {columnsFor, datasetFile, PIPELINE_DATASETS, type ColumnDef, type DatasetDef, type PipelineDatasetName} from "./datasets.ts";
import type {Incident} from "./incident.ts";
import type {Aggregates} from "./types.ts";

/** The pipeline's aggregate files ("hourly.arrow", …), in registry order. */
export type AggregateFile = `${PipelineDatasetName}.arrow`;
export const AGGREGATE_FILES: readonly AggregateFile[] = PIPELINE_DATASETS.map((d) => `${d.name}.arrow` as const);

/** Every file the pipeline writes into its cache folder (loaders/pipeline.ts), which src/data/ serves. */
export const PIPELINE_OUTPUTS: readonly string[] = [...AGGREGATE_FILES, "country-reference.arrow", "validation.json", "published.json", "incident.json"];

export function outputMetadata(incident: Incident, inputHash: string): Record<string, string> {
  return {
    incident: incident.id,
    modelled: String(incident.data.modelled),
    label: incident.data.label,
    scale: String(incident.data.scale),
    generated_by: "incident-atlas loaders/pipeline.ts",
    input_hash: inputHash
  };
}

type ValueKind = "text" | "a number" | "true/false" | "a number or null";

/** The first row whose value is not of the kind, or -1: one plain loop per kind (a guard called per value costs more). */
function firstOther(values: readonly unknown[], kind: ValueKind): number {
  const n = values.length;
  switch (kind) {
    case "text":
      for (let i = 0; i < n; i++) if (typeof values[i] !== "string") return i;
      return -1;
    case "a number":
      for (let i = 0; i < n; i++) if (typeof values[i] !== "number") return i;
      return -1;
    case "true/false":
      for (let i = 0; i < n; i++) if (typeof values[i] !== "boolean") return i;
      return -1;
    case "a number or null":
      for (let i = 0; i < n; i++) if (values[i] !== null && typeof values[i] !== "number") return i;
      return -1;
  }
}

/** One column's values as an Arrow column spec; throws naming the dataset, column and row when a value has the wrong type. */
export function columnSpec(d: Pick<DatasetDef, "name">, c: ColumnDef, values: readonly unknown[]): ColumnSpec {
  function check<T>(kind: ValueKind): T[] {
    const i = firstOther(values, kind);
    if (i >= 0) throw new Error(`${datasetFile(d)}: column ${c.name} (${c.type}): row ${i + 1} is ${JSON.stringify(values[i])}, not ${kind}`);
    return values as T[]; // every value is of the kind
  }
  switch (c.type) {
    case "dict":
    case "utf8":
      return {name: c.name, type: c.type, values: check<string>("text")};
    case "count":
    case "timestamp":
      return {name: c.name, type: c.type, values: check<number>("a number")};
    case "bool":
      return {name: c.name, type: c.type, values: check<boolean>("true/false")};
    case "nullable_int":
      return {name: c.name, type: c.type, values: check<number | null>("a number or null")};
  }
}

/**
 * Arrow IPC bytes of one dataset: its columns in registry order (the modelled-only column only for modelled data,
 * every row true), each column's values from `values`.
 */
export function datasetArrow(d: DatasetDef, values: (column: ColumnDef) => readonly unknown[], metadata: Record<string, string>,
  modelled = false): Uint8Array {
  const columns = columnsFor(d, modelled);
  const data = new Map(columns.filter((c) => !c.modelledOnly).map((c) => [c.name, values(c)]));
  const length = [...data.values()][0]?.length ?? 0;
  const specs = columns.map((c) => columnSpec(d, c, c.modelledOnly ? new Array<boolean>(length).fill(true) : (data.get(c.name) ?? [])));
  return toIpc(buildTable(specs, metadata));
}

/** One field of every row (rows are the typed aggregate rows of loaders/types.ts); throws when the field is missing. */
function field(d: DatasetDef, rows: readonly object[], name: string): unknown[] {
  const out = new Array<unknown>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as Record<string, unknown>;
    const value = row[name];
    if (value === undefined && !(name in row)) throw new Error(`${datasetFile(d)}: row ${i + 1} has no field ${name} (loaders/datasets.ts lists it)`);
    out[i] = value;
  }
  return out;
}

const isRows = (table: readonly object[] | Readonly<Record<string, readonly unknown[]>>): table is readonly object[] => Array.isArray(table);

/** One column of a table given as columns (the hourly table); throws when the column is missing. */
function columnOf(d: DatasetDef, table: Readonly<Record<string, readonly unknown[]>>, name: string): readonly unknown[] {
  const values = table[name];
  if (values === undefined) throw new Error(`${datasetFile(d)}: has no column ${name} (loaders/datasets.ts lists it)`);
  return values;
}

/** Arrow IPC bytes of each aggregate file (the pipeline datasets of loaders/datasets.ts). */
export function aggregateArrow(a: Aggregates, incident: Incident, inputHash: string): Record<AggregateFile, Uint8Array> {
  const meta = outputMetadata(incident, inputHash);
  const out = {} as Record<AggregateFile, Uint8Array>;
  for (const d of PIPELINE_DATASETS) {
    const table: readonly object[] | Readonly<Record<string, readonly unknown[]>> = a[d.rows];
    out[`${d.name}.arrow`] = datasetArrow(d, (c) => (isRows(table) ? field(d, table, c.name) : columnOf(d, table, c.name)),
      meta, incident.data.modelled);
  }
  return out;
}
