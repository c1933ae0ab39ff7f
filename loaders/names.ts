// Input names: every input is reported (summary, rejects, errors) by a name that tells it apart from the others.
// Inside the project an input is named by its path there; outside it by the shortest path suffix (at least the file
// name) that no other input has, so two `report.csv` in different folders are `a/report.csv` and `b/report.csv`, and
// no name carries a path of the machine beyond what tells inputs apart. Only the same path gets the same name.
import {isAbsolute, relative, resolve, sep} from "node:path";

const segments = (path: string): string[] => resolve(path).split(/[\\/]/).filter((s) => s !== "");

/**
 * Names for `paths`: the last k segments of each path, k the smallest that no different path shares (at least 1, at
 * least `minimum[i]`; a path with `fixed[i]` keeps k = minimum[i]). Equal resolved paths get equal names.
 */
function suffixes(paths: string[], minimum: number[], fixed: boolean[]): string[] {
  const segs = paths.map(segments);
  const full = segs.map((s) => s.join("/"));
  const k = segs.map((s, i) => Math.min(s.length, Math.max(1, minimum[i] ?? 1)));
  const name = (i: number): string => (segs[i] ?? []).slice(-(k[i] ?? 1)).join("/");
  for (;;) {
    const groups = new Map<string, number[]>();
    segs.forEach((_, i) => groups.set(name(i), [...(groups.get(name(i)) ?? []), i]));
    let grew = false;
    for (const group of groups.values()) {
      if (new Set(group.map((i) => full[i])).size < 2) continue; // one path (perhaps given twice): one name
      for (const i of group) {
        if (fixed[i] === true || (k[i] ?? 0) >= (segs[i]?.length ?? 0)) continue;
        k[i] = (k[i] ?? 0) + 1;
        grew = true;
      }
    }
    if (!grew) return segs.map((_, i) => name(i));
  }
}

/** Names for inputs given by path (e.g. on the command line): the shortest path suffix that tells each apart. */
export function suffixNames(paths: string[]): string[] {
  return suffixes(paths, [], []);
}

/** Names for an incident's inputs: the path inside `root` when inside it, else the shortest suffix that tells it apart. */
export function inputNames(paths: string[], root: string): string[] {
  const inside = paths.map((p) => {
    const rel = relative(root, resolve(p));
    return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel.split(sep).length : null;
  });
  return suffixes(paths, inside.map((n) => n ?? 1), inside.map((n) => n !== null));
}

/** Gives each input without a name the shortest suffix of its path that no other input's name or path shares. */
export function nameInputs<T extends {path: string; name?: string}>(files: T[]): Array<T & {name: string}> {
  const names = suffixes(files.map((f) => f.path), [], []);
  const taken = new Set(files.flatMap((f) => (f.name === undefined ? [] : [f.name])));
  return files.map((f, i) => {
    if (f.name !== undefined) return {...f, name: f.name};
    // A suffix equal to another input's given name would be ambiguous: it takes more folders until it is not.
    const segs = segments(f.path);
    let k = (names[i] ?? "").split("/").length;
    while (taken.has(segs.slice(-k).join("/")) && k < segs.length) k++;
    return {...f, name: segs.slice(-k).join("/")};
  });
}

/** The first two inputs with different paths and one name, or null: each input must be named apart. */
export function sameName(inputs: Array<{path: string; name: string}>): [{path: string; name: string}, {path: string; name: string}] | null {
  const seen = new Map<string, {path: string; name: string}>();
  for (const input of inputs) {
    const earlier = seen.get(input.name);
    if (earlier !== undefined && resolve(earlier.path) !== resolve(input.path)) return [earlier, input];
    seen.set(input.name, input);
  }
  return null;
}
