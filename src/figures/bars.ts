// The displayed data of a bar figure: one row per bar, label and value in the figure's unit.
import type {FigureColumn, FigureRow} from "./types.js";
import type {BarDatum} from "../components/charts/barsChart.js";

export const BAR_COLUMNS = (unit: string, label = "Value"): FigureColumn[] => [{key: "label", label: "Bar", unit: "", type: "string"}, {key: "value", label, unit, type: "number"}];

export function barsFigureRows(bars: BarDatum[]): FigureRow[] {
  return bars.map((b) => ({label: b.label, value: b.value}));
}
