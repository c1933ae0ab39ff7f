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

const isText = (v: unknown): v is string => typeof v === "string";
const isNumber = (v: unknown): v is number => typeof v === "number";
const isBool = (v: unknown): v is boolean => typeof v === "boolean";
const isNullableNumber = (v: unknown): v is number | null => v === null || typeof v === "number";

/** One column's values as an Arrow column spec; throws naming the dataset, column and row when a value has the wrong type. */
export function columnSpec(d: Pick<DatasetDef, "name">, c: ColumnDef, values: readonly unknown[]): ColumnSpec {
  function check<T>(guard: (v: unknown) => v is T, what: string): T[] {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!guard(v)) throw new Error(`${datasetFile(d)}: column ${c.name} (${c.type}): row ${i + 1} is ${JSON.stringify(v)}, not ${what}`);
    }
    return values as T[]; // every value passed the guard
  }
  switch (c.type) {
    case "dict":
    case "utf8":
      return {name: c.name, type: c.type, values: check(isText, "text")};
    case "count":
    case "timestamp":
      return {name: c.name, type: c.type, values: check(isNumber, "a number")};
    case "bool":
      return {name: c.name, type: c.type, values: check(isBool, "true/false")};
    case "nullable_int":
      return {name: c.name, type: c.type, values: check(isNullableNumber, "a number or null")};
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
