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
    `::(${H}:){0,5}${V4}`
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
