// Axis ticks for counts (hits, addresses): pure, no Plot, so test/unit can load it.

const plain = new Intl.NumberFormat("en-GB", {maximumFractionDigits: 2});
const SI = [[1e12, "T"], [1e9, "G"], [1e6, "M"], [1e3, "k"]] as const;

/**
 * One tick label of a count axis, formatted on its own: plain below 10,000 ("0", "200", "1,200"), then SI-prefixed
 * ("20k", "1.5M"). A format specifier such as "~s" given to Plot is applied by the scale with one prefix for every
 * tick, the largest's, so a small axis read "0k, 0.2k, 0.4k"; a function is not.
 */
export function countTick(value: number): string {
  const abs = Math.abs(value);
  if (abs < 1e4) return plain.format(value);
  const [size, prefix] = SI.find(([s]) => abs >= s)!;
  return `${plain.format(Number((value / size).toPrecision(3)))}${prefix}`;
}

/**
 * Tick options for an axis of whole numbers (hits, counts) from 0: below 5, one tick per whole number, so no axis reads
 * "0.5 hits"; with nothing to draw (max 0), the domain [0, 1] and a single 0 tick. Label the ticks with countTick.
 */
export function wholeTicks(values: number[]): {domain?: [number, number]; ticks?: number[]} {
  const max = Math.max(0, ...values);
  if (max === 0) return {domain: [0, 1], ticks: [0]};
  if (max >= 5 || !values.every(Number.isInteger)) return {};
  return {ticks: Array.from({length: Math.ceil(max) + 1}, (_, i) => i)};
}

/**
 * Ticks of a log-scale colour ramp whose labels (countTick) do not overlap: the densest of 1–9, 1/2/5, 1/5 and 1 per
 * decade that leaves 6 px between neighbouring labels over `rampWidth` px, else the domain's two ends. (Plot's own
 * log ticks label every multiple on a ramp spanning about one decade: "9", "10", "20", …, "80", "90", "100" ran into
 * each other on a 330 px legend.)
 */
export function logRampTicks([lo, hi]: [number, number], rampWidth: number, labelWidth: (label: string) => number): number[] {
  const x = (v: number): number => (rampWidth * Math.log(v / lo)) / Math.log(hi / lo);
  const width = (v: number): number => labelWidth(countTick(v));
  for (const multiples of [[1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 5], [1, 5], [1]]) {
    const ticks: number[] = [];
    for (let k = Math.floor(Math.log10(lo)); k <= Math.ceil(Math.log10(hi)); k++) {
      for (const m of multiples) {
        const v = Number((m * 10 ** k).toPrecision(12));
        if (v >= lo && v <= hi) ticks.push(v);
      }
    }
    const apart = ticks.every((v, i) => i === 0 || x(v) - x(ticks[i - 1]!) >= (width(v) + width(ticks[i - 1]!)) / 2 + 6);
    if (ticks.length >= 2 && apart) return ticks;
  }
  return [lo, hi];
}
