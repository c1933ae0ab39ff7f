// Source IP rules: dotted-quad IPv4 (no leading zeros) or IPv6 (event6 reports), no zone ids.
// The regex sources are shared with the SQL validation in ingest.ts (one definition).

const OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
const V4 = `${OCTET}(\\.${OCTET}){3}`;
const H = "[0-9a-fA-F]{1,4}";

export const IPV4_FORM = `^${V4}$`;
export const IPV6_FORM =
  "^(" +
  [
    `(${H}:){7}${H}`,
    `(${H}:){1,7}:`,
    `(${H}:){1,6}:${H}`,
    `(${H}:){1,5}(:${H}){1,2}`,
    `(${H}:){1,4}(:${H}){1,3}`,
    `(${H}:){1,3}(:${H}){1,4}`,
    `(${H}:){1,2}(:${H}){1,5}`,
    `${H}:(:${H}){1,6}`,
    `:((:${H}){1,7}|:)`,
    `(${H}:){6}${V4}`,
    `(${H}:){1,5}:${V4}`,
    `::(${H}:){0,5}${V4}`,
    // "::" between groups before the IPv4 part (RFC 4291 2.2(3)): at most five groups written beside it.
    `${H}:(:${H}){1,4}:${V4}`,
    `(${H}:){2}(:${H}){1,3}:${V4}`,
    `(${H}:){3}(:${H}){1,2}:${V4}`,
    `(${H}:){4}:${H}:${V4}`
  ].join("|") +
  ")$";

const v4 = new RegExp(IPV4_FORM);
const v6 = new RegExp(IPV6_FORM);

export type IpVersion = 4 | 6;

/** 4 or 6 for a valid address, null otherwise. */
export function ipVersion(text: string): IpVersion | null {
  if (v4.test(text)) return 4;
  if (text.includes(":") && v6.test(text)) return 6;
  return null;
}

/**
 * The one text of an address (RFC 5952), so that unique IPs count addresses, not spellings: IPv6 in lower case,
 * without leading zeros, the longest run of two or more zero groups (the first of equal runs) as `::`, and an
 * IPv4-mapped address as `::ffff:a.b.c.d`. IPv4 texts are already unique (no leading zeros are accepted) and any
 * text that is not a valid address is returned as it is.
 */
export function canonicalIp(text: string): string {
  if (ipVersion(text) !== 6) return text;
  const groups = ipv6Groups(text.toLowerCase());
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${groups[6]! >> 8}.${groups[6]! & 0xff}.${groups[7]! >> 8}.${groups[7]! & 0xff}`;
  }
  let best = {start: -1, length: 1}; // a run of one zero group is not compressed
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = {start: i, length: j - i};
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.start < 0) return hex.join(":");
  return `${hex.slice(0, best.start).join(":")}::${hex.slice(best.start + best.length).join(":")}`;
}

/** The eight 16-bit groups of a valid IPv6 text (a trailing dotted IPv4 counts as two). */
function ipv6Groups(text: string): number[] {
  const parse = (part: string): number[] => (part === "" ? [] : part.split(":").flatMap((g) => {
    if (!g.includes(".")) return [Number.parseInt(g, 16)];
    const [a = 0, b = 0, c = 0, d = 0] = g.split(".").map(Number);
    return [(a << 8) | b, (c << 8) | d];
  }));
  const [head = "", tail] = text.split("::");
  const left = parse(head);
  if (tail === undefined) return left;
  const right = parse(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}
