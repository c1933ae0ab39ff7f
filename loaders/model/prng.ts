// Seeded randomness for the model: sfc32 streams and a stateless 32-bit hash for per-host attributes.

/** sfc32 generator: returns floats in [0, 1). */
export function sfc32(seed: number): () => number {
  let a = 0x9e3779b9, b = 0x243f6a88, c = 0xb7e15162, d = seed >>> 0;
  const next = (): number => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const r = (t + d) | 0;
    c = (c + r) | 0;
    return (r >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  return next;
}

/** Stateless hash of (seed, index, salt) to a float in [0, 1) (lowbias32 mixing). */
export function hashUnit(seed: number, index: number, salt: number): number {
  let x = (seed ^ Math.imul(index, 0x9e3779b1) ^ Math.imul(salt, 0x85ebca6b)) >>> 0;
  x ^= x >>> 16; x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15; x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return (x >>> 0) / 4294967296;
}

/** Index into cumulative weights (ascending, last = total) for u in [0, 1). */
export function pickCumulative(cumulative: Float64Array, u: number): number {
  const target = u * (cumulative[cumulative.length - 1] ?? 0);
  let lo = 0, hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cumulative[mid] ?? 0) > target) hi = mid; else lo = mid + 1;
  }
  return lo;
}

/** Splits total into integers proportional to weights (largest remainder, ties by index). */
export function allocate(total: number, weights: ArrayLike<number>): Int32Array {
  const n = weights.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += weights[i] ?? 0;
  const out = new Int32Array(n);
  if (sum <= 0 || total <= 0) return out;
  const remainders = new Float64Array(n);
  let given = 0;
  for (let i = 0; i < n; i++) {
    const exact = (total * (weights[i] ?? 0)) / sum;
    const whole = Math.floor(exact);
    out[i] = whole;
    given += whole;
    remainders[i] = exact - whole;
  }
  const left = total - given;
  if (left <= 0) return out;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((x, y) => (remainders[y] ?? 0) - (remainders[x] ?? 0) || x - y);
  for (let k = 0; k < left; k++) {
    const idx = order[k] ?? 0;
    out[idx] = (out[idx] ?? 0) + 1;
  }
  return out;
}
