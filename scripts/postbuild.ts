// Post-build step of `npm run build`, run on dist/ after `observable build`:
//   0. case-study pages of other incidents are removed: Framework builds every page in src/, but a page that another
//      incident lists in its "pages" (data/incidents/*/incident.json) and the active incident does not is not part of
//      this report (e.g. WannaCry's NHS page in another incident's build), and neither are the datasets of a
//      case-study page not in the build (loaders/datasets.ts caseStudy), which Framework copied for that page;
//   1. accessibility repairs of Framework 1.13's page shell (markup we cannot change through its config):
//      - <html> gets lang="en-GB" (axe html-has-lang; screen readers pick the right voice);
//      - the sidebar toggle checkbox gets an accessible name (axe label-title-only: a title is not a label);
//      - the sidebar's close <label>, emitted as a direct child of an <ol>, is wrapped in <li>
//        (axe list: an <ol> may only contain <li>); src/style.css keeps its position;
//   2. the hashed Content-Security-Policy (scripts/csp.ts), last, so the hashes match the final page.
// Each repair is a no-op on a page that already has it, and fails loudly if Framework's markup changes shape.
import {readFile, rm, writeFile} from "node:fs/promises";
import {existsSync, readdirSync} from "node:fs";
import {join} from "node:path";
import {htmlFiles, protectPage} from "./csp.ts";
import {activeIncidentId, declaredPages} from "../loaders/incident.ts";
import {DATASET_DEFS, datasetFile, type DatasetDef} from "../loaders/datasets.ts";

export const LANG = "en-GB";

export function repairShell(html: string, file: string): string {
  let out = html;
  if (/^<html>/m.test(out)) out = out.replace(/^<html>/m, `<html lang="${LANG}">`);
  else if (!/<html\s[^>]*\blang=/.test(out)) throw new Error(`${file}: no <html> tag to give a lang`);
  out = out.replace(/<input id="observablehq-sidebar-toggle" type="checkbox"(?![^>]*aria-label)([^>]*)>/, `<input id="observablehq-sidebar-toggle" type="checkbox" aria-label="Show or hide the list of pages"$1>`);
  out = out.replace(
    /(<ol>\s*)(<label id="observablehq-sidebar-close"[^>]*><\/label>)/,
    `$1<li class="atlas-sidebar-close">$2</li>`
  );
  return out;
}

/** Page paths ("/nhs") that other incidents declare as case studies and the active incident does not. */
export function foreignPages(active: string, declared: Map<string, string[]>): string[] {
  const own = new Set(declared.get(active) ?? []);
  return [...new Set([...declared].filter(([id]) => id !== active).flatMap(([, pages]) => pages))].filter((p) => !own.has(p)).sort();
}

/** Removes the built pages of other incidents' case studies from `dir`; returns the paths removed. */
export async function pruneForeignPages(dir: string, active = activeIncidentId()): Promise<string[]> {
  const removed: string[] = [];
  for (const path of foreignPages(active, declaredPages())) {
    const file = join(dir, `${path.slice(1)}.html`);
    if (!existsSync(file)) continue;
    await rm(file);
    removed.push(path);
  }
  return removed;
}

/** A built page's HTML file under `dir` ("/proof" → dir/proof.html). */
const pageFile = (dir: string, path: string): string => join(dir, `${path.slice(1)}.html`);

/**
 * The files (paths relative to `dir`, sorted) of case-study datasets whose page is not in the build in `dir`: Framework
 * copies a file for every page it builds, so the page of another incident, built and then removed, leaves its
 * datasets behind ("_file/data/proof-detections.<hash>.arrow"). The pages of this incident never attach them
 * (src/components/explore/dataset-files.js loads them only for the incident's own case studies).
 */
export function strayCaseStudyFiles(dir: string, datasets: readonly Pick<DatasetDef, "name" | "caseStudy">[] = DATASET_DEFS): string[] {
  const folder = join(dir, "_file", "data");
  if (!existsSync(folder)) return [];
  const names = readdirSync(folder);
  return datasets
    .filter((d) => d.caseStudy !== undefined && !existsSync(pageFile(dir, d.caseStudy)))
    .flatMap((d) => {
      // Framework's copy of "<name>.arrow" is "<name>.<8 hex digits>.arrow".
      const [stem, ext] = [`${d.name}.`, datasetFile(d).slice(d.name.length)];
      const hashed = (name: string): boolean => name.startsWith(stem) && name.endsWith(ext) && /^[0-9a-f]{8}$/.test(name.slice(stem.length, -ext.length));
      return names.filter(hashed).map((name) => join("_file", "data", name));
    })
    .sort();
}

/** Removes from `dir` the datasets of case-study pages it does not have (strayCaseStudyFiles); returns their paths. */
export async function pruneStrayCaseStudyFiles(dir: string): Promise<string[]> {
  const stray = strayCaseStudyFiles(dir);
  for (const file of stray) await rm(join(dir, file));
  return stray;
}

async function main(dir = "dist"): Promise<void> {
  const removed = await pruneForeignPages(dir);
  if (removed.length) console.error(`postbuild: removed other incidents' case-study pages from ${dir}/: ${removed.join(", ")}`);
  const stray = await pruneStrayCaseStudyFiles(dir);
  if (stray.length) console.error(`postbuild: removed the datasets of case-study pages not in this build: ${stray.join(", ")}`);
  const files = await htmlFiles(dir);
  if (files.length === 0) throw new Error(`${dir}: no HTML pages; run observable build first`);
  for (const file of files) {
    const html = await readFile(file, "utf8");
    await writeFile(file, protectPage(repairShell(html, file), file));
  }
  console.error(`postbuild: ${files.length} page(s) in ${dir}/: shell repaired for accessibility, hashed Content-Security-Policy added`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv[2]).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
