// How a value reads in a result table or the table panel. Pure (no Arrow), so test/unit can load it.
import type {ColumnKind} from "./autochart.js";

const numberFormat = new Intl.NumberFormat("en-GB", {maximumFractionDigits: 4});

/**
 * A value as shown in a cell: timestamps as 2017-05-12 14:00 UTC on every row (midnight too), a DATE column's days
 * (`date`) as 2017-05-12, numbers with separators.
 */
export function formatCell(value: unknown, kind: ColumnKind, date = false): string {
  if (value == null) return "";
  if (kind === "time" || value instanceof Date) {
    const time = value instanceof Date ? value : new Date(Number(value));
    if (Number.isNaN(+time)) return "";
    const iso = time.toISOString();
    return date ? iso.slice(0, 10) : `${iso.slice(0, 16).replace("T", " ")} UTC`;
  }
  if (typeof value === "number") return numberFormat.format(value);
  if (typeof value === "bigint") return value.toLocaleString("en-GB");
  return String(value);
}
