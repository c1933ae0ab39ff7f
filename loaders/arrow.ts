// Arrow IPC writing: explicit types (dictionary strings, Int32 counts, UTC millisecond timestamps,
// Bool modelled), schema metadata naming the incident and the generator; stream format by default.
import {
  Bool, Dictionary, Field, Float64, Int32, RecordBatch, Schema, Struct, Table, TimestampMillisecond, Utf8,
  makeData, makeVector, tableToIPC, vectorFromArray, type Vector
} from "apache-arrow";

export type ColumnSpec =
  | {name: string; type: "dict"; values: string[]}
  | {name: string; type: "utf8"; values: string[]}
  | {name: string; type: "count"; values: number[]}
  | {name: string; type: "timestamp"; values: number[]}
  | {name: string; type: "bool"; values: boolean[]}
  /** Whole numbers with nulls for "no value at the source" (Int32 if they fit, else Float64). */
  | {name: string; type: "nullable_int"; values: Array<number | null>};

const INT32_MAX = 2_147_483_647;

/**
 * Whole numbers (|v| < 2^53) as little-endian 64-bit integers, written as two 32-bit halves: a BigInt per value
 * costs more than the rest of the column.
 */
function int64Data(values: number[]): BigInt64Array {
  const data = new BigInt64Array(values.length);
  const view = new DataView(data.buffer);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isSafeInteger(v)) throw new Error(`arrow: ${v} is not a whole number an Int64 holds exactly`);
    const high = Math.floor(v / 2 ** 32);
    view.setUint32(i * 8, v - high * 2 ** 32, true);
    view.setInt32(i * 8 + 4, high, true);
  }
  return data;
}

// Dictionary ids are explicit (the column index): Arrow JS would otherwise take them from a global
// counter, and the same table would serialise to different bytes within one process.
function vector(spec: ColumnSpec, index: number): Vector {
  switch (spec.type) {
    case "dict": {
      // Dictionary in first-appearance order of the (already sorted) rows: deterministic. Built directly, in a plain
      // loop: Arrow JS's generic builder, and Int32Array.from with a map function, cost several times as much a value.
      const positions = new Map<string, number>();
      const indices = new Int32Array(spec.values.length);
      for (let k = 0; k < indices.length; k++) {
        const v = spec.values[k] as string;
        let i = positions.get(v);
        if (i === undefined) positions.set(v, (i = positions.size));
        indices[k] = i;
      }
      const type = new Dictionary(new Utf8(), new Int32(), index);
      const dictionary = vectorFromArray([...positions.keys()], new Utf8());
      return makeVector(makeData({type, length: indices.length, nullCount: 0, data: indices, dictionary}));
    }
    case "utf8":
      return vectorFromArray(spec.values, new Utf8());
    case "count": {
      const ints = new Int32Array(spec.values.length);
      for (let i = 0; i < ints.length; i++) {
        const v = spec.values[i] as number;
        if (!(Number.isInteger(v) && v >= 0 && v <= INT32_MAX)) return vectorFromArray(Float64Array.from(spec.values));
        ints[i] = v;
      }
      return vectorFromArray(ints);
    }
    case "timestamp": {
      const type = new TimestampMillisecond("UTC");
      return makeVector(makeData({type, length: spec.values.length, nullCount: 0, data: int64Data(spec.values)}));
    }
    case "bool": {
      // Bit-packed directly (Arrow JS's generic builder is slow).
      const bits = new Uint8Array(Math.ceil(spec.values.length / 8));
      for (let i = 0; i < spec.values.length; i++) if (spec.values[i]) bits[i >> 3] = (bits[i >> 3] ?? 0) | (1 << (i & 7));
      return makeVector(makeData({type: new Bool(), length: spec.values.length, nullCount: 0, data: bits}));
    }
    case "nullable_int": {
      const fits = spec.values.every((v) => v === null || (Number.isInteger(v) && Math.abs(v) <= INT32_MAX));
      return vectorFromArray(spec.values, fits ? new Int32() : new Float64());
    }
  }
}

/** A table from column specs with schema metadata (all values must have equal length). */
export function buildTable(columns: ColumnSpec[], metadata: Record<string, string>): Table {
  const vectors: Vector[] = columns.map((c, i) => vector(c, i));
  const length = vectors[0]?.length ?? 0;
  if (vectors.some((v) => v.length !== length)) throw new Error("buildTable: columns differ in length");
  const fields = vectors.map((v, i) => new Field(columns[i]?.name ?? "", v.type, v.nullCount > 0));
  const schema = new Schema(fields, new Map(Object.entries(metadata).sort((a, b) => (a[0] < b[0] ? -1 : 1))));
  const children = vectors.map((v) => (v.data.length === 1 ? v.data[0] : makeVector(v.data).data[0]));
  const data = makeData({type: new Struct(fields), length, nullCount: 0, children: children.filter((c) => c !== undefined)});
  return new Table(schema, [new RecordBatch(schema, data)]);
}

/** IPC stream bytes (readable by Arrow JS and DuckDB-WASM insertArrowTable). */
export function toIpc(table: Table): Uint8Array {
  return tableToIPC(table, "stream");
}

