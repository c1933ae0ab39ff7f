// Malware families: which report field a row's family comes from, how an incident's `families` entries are
// written, and the one matching rule (TS here, and its SQL form generated from the same definitions for both
// ingestion paths). Documented in docs/data-schema.md ("Family resolution").
import {ConfigError} from "./errors.ts";

/**
 * Report fields that can hold the family, in the order they win: the first non-empty one is the row's family.
 * Which of them a layout has is the layout's business (layouts.ts): `type` is a family field only in the legacy
 * sinkhole_http_drone / microsoft_sinkhole reports (in botnet_drone it is the transport protocol).
 */
export const FAMILY_FIELDS = ["infection", "family", "type", "tag"] as const;
export type FamilyField = (typeof FAMILY_FIELDS)[number];

/** One family of an incident: the canonical name, other names for it, and name prefixes (all lower case). */
export interface FamilySpec {name: string; aliases: string[]; prefixes: string[]}

/**
 * After a name or alias, one of these characters starts a variant of the family: `victorygate.b`, `victorygate-b`,
 * `victorygate_b`, `victorygate/b` and `victorygate:b` all match `victorygate`; `victorygateway` does not.
 */
export const VARIANT_SEPARATORS = [".", "-", "_", "/", ":"] as const;

/** Characters that separate the elements of a `tag` list (`sinkhole;b68-zeroaccess-2-32bit`). */
export const TAG_SEPARATORS = [";", ","] as const;

const norm = (s: string): string => s.trim().toLowerCase();

/** Parses the incident's `families`: each entry a name, or {name, aliases?, prefixes?}. Throws a ConfigError. */
export function parseFamilies(value: unknown, file: string): FamilySpec[] {
  const fail = (reason: string): never => { throw new ConfigError(file, reason); };
  if (!Array.isArray(value) || value.length === 0) {
    return fail(`"families" must be a non-empty array of names or {"name", "aliases", "prefixes"} objects`);
  }
  const names = (v: unknown, where: string): string[] => {
    if (v === undefined) return [];
    if (!Array.isArray(v) || !v.every((s) => typeof s === "string" && norm(s) !== "")) return fail(`${where} must be an array of non-empty strings`);
    return (v as string[]).map(norm);
  };
  const specs = value.map((entry, i): FamilySpec => {
    const where = `"families[${i}]"`;
    if (typeof entry === "string") {
      if (norm(entry) === "") fail(`${where} must be a non-empty string`);
      return {name: norm(entry), aliases: [], prefixes: []};
    }
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) return fail(`${where} must be a string or an object`);
    const o = entry as Record<string, unknown>;
    const unknown = Object.keys(o).filter((k) => !["name", "aliases", "prefixes"].includes(k));
    if (unknown.length > 0) fail(`${where} has unknown key(s) ${unknown.join(", ")} (allowed: name, aliases, prefixes)`);
    if (typeof o.name !== "string" || norm(o.name) === "") fail(`${where}.name must be a non-empty string`);
    return {name: norm(o.name as string), aliases: names(o.aliases, `${where}.aliases`), prefixes: names(o.prefixes, `${where}.prefixes`)};
  });
  // The same name listed twice (e.g. a plain string and an object) is one family: merge its aliases and prefixes.
  const merged = new Map<string, FamilySpec>();
  for (const s of specs) {
    const m = merged.get(s.name);
    if (m === undefined) merged.set(s.name, {name: s.name, aliases: [...new Set(s.aliases)], prefixes: [...new Set(s.prefixes)]});
    else merged.set(s.name, {name: s.name, aliases: [...new Set([...m.aliases, ...s.aliases])], prefixes: [...new Set([...m.prefixes, ...s.prefixes])]});
  }
  return [...merged.values()];
}

/** The canonical names (for messages and pages). */
export const familyNames = (specs: FamilySpec[]): string[] => specs.map((s) => s.name);

/** Canonical family of one value (any case, surrounding white space ignored), or null. First matching spec wins. */
function matchOne(specs: FamilySpec[], value: string): string | null {
  const v = norm(value);
  if (v === "") return null;
  for (const spec of specs) {
    for (const n of [spec.name, ...spec.aliases]) {
      if (v === n) return spec.name;
      if (v.startsWith(n) && (VARIANT_SEPARATORS as readonly string[]).includes(v.charAt(n.length))) return spec.name;
    }
    if (spec.prefixes.some((p) => v.startsWith(p))) return spec.name;
  }
  return null;
}

/** The elements of a tag list, trimmed, empty ones dropped. */
export function tagElements(tag: string): string[] {
  return tag.split(new RegExp(`[${TAG_SEPARATORS.join("")}]`)).map((t) => t.trim()).filter((t) => t !== "");
}

/**
 * The canonical family a row's family value belongs to, or null. `field` is where the value came from: a `tag`
 * value is a list, and matches when one of its elements does (the first that does decides).
 */
export function matchFamily(specs: FamilySpec[], value: string, field: FamilyField = "infection"): string | null {
  if (field !== "tag") return matchOne(specs, value);
  for (const element of tagElements(value)) {
    const m = matchOne(specs, element);
    if (m !== null) return m;
  }
  return null;
}
