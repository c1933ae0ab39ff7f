// Observable Framework configuration: https://observablehq.com/framework/config
// Offline by construction: no Google Fonts, no DuckDB extensions, npm modules from node_modules
// (scripts/offline-cache.ts); see docs/architecture.md.
import {existsSync} from "node:fs";
import {embedIdsFor} from "./src/components/figure/embed-ids.ts";
import {caseStudyModules} from "./loaders/datasets.ts";
import {GENERIC_PAGES, incidentPeriod, loadIncident} from "./loaders/incident.ts";
import {commandPolicy} from "./scripts/csp.ts";

interface Page {
  name: string;
  path: string;
}
interface Section {
  name: string;
  open?: boolean;
  pages: Page[];
}

/** The navigation lists only the pages that exist, so a page can be added or removed in one place: src/. */
function existing(sections: Section[]): Section[] {
  return sections
    .map((section) => ({...section, pages: section.pages.filter(({path}) => existsSync(`src${path}.md`))}))
    .filter((section) => section.pages.length > 0);
}

// The navigation follows the active incident (INCIDENT, default wannacry-2017; data/incidents/<id>/incident.json):
// its name and period head the report section, whose generic pages come first and the incident's own case-study
// pages ("pages") after them. scripts/postbuild.ts removes other incidents' case-study pages from the build.
const incident = loadIncident();
for (const page of incident.pages) {
  if (!existsSync(`src${page.path}.md`)) console.warn(`data/incidents/${incident.id}/incident.json: page ${page.path} has no src${page.path}.md; left out of the navigation`);
}

export default {
  title: "Incident Atlas",
  root: "src",
  pages: existing([
    {
      name: `${incident.name}, ${incidentPeriod(incident.window)}`,
      open: true,
      pages: [...GENERIC_PAGES.filter((p) => p.group === "report"), ...incident.pages].map(({name, path}) => ({name, path}))
    },
    {
      name: "For analysts",
      pages: GENERIC_PAGES.filter((p) => p.group === "analysts").map(({name, path}) => ({name, path}))
    }
  ]),
  // Embeddable charts (docs/embedding.md): an iframe-ready page per chart and the exported module.
  // Only the active incident's charts: a case-study chart (e.g. the proof page's) only with its page.
  // The same for datasets: a case-study page's datasets are attached by its module (loaders/datasets.ts,
  // caseStudyModule), built here only for the incident that lists the page; Data and Explore load it at run time.
  dynamicPaths: [
    ...embedIdsFor(incident.pages.map((p) => p.path)).map((id) => `/embed/${id}`),
    "/embed/charts.js",
    ...caseStudyModules(incident.pages.map((p) => p.path))
  ],
  // Our own stylesheet (themes + self-hosted font) replaces the default Google Fonts link.
  style: "style.css",
  globalStylesheets: [],
  // No DuckDB extension is downloaded: Arrow and CSV need none.
  duckdb: {extensions: {json: null, parquet: null}},
  // Content-Security-Policy: same-origin scripts, styles, fonts, workers (blob: for DuckDB's worker) and wasm.
  // 'unsafe-inline' in script-src is for `npm run dev` only: after `observable build`, scripts/csp.ts replaces it
  // with the sha256 hash of each page's inline scripts and moves the tag to the top of <head>. Under
  // `observable preview` the policy also allows what Framework's live reload needs (commandPolicy in scripts/csp.ts:
  // eval of edited cells, the WebSocket to the dev server); the built site never carries that.
  head:
    '<link rel="icon" href="data:,">' +
    `<meta http-equiv="Content-Security-Policy" content="${commandPolicy(process.argv, "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'")}">`,
  // scripts/build.ts builds into a fresh folder (ATLAS_OUTPUT) and swaps it into dist/ only when complete.
  output: process.env.ATLAS_OUTPUT ?? "dist",
  footer: "Incident Atlas · open data, open code · built offline",
  search: false,
  preserveExtension: false,
  preserveIndex: false
};
