// npm run audit:figures [-- /page /page …] [--dist dir]
//
// Reads the built pages (dist/) in headless Chromium, collects every number in the rendered main content and
// finds where it comes from. Prints one line per number and exits non-zero if a number has no source, or if a
// source marker points at a row that the sources page does not have.
//
// What is read: the text of #observablehq-main — prose, lists, headline cards, tables, figure captions (title,
// subtitle, summary, source line). What is NOT read, and why:
//   - SVG text inside charts (axis ticks, bar labels, map legends): a chart is covered as a whole by its
//     figure's source line, its source markers and its data query (`chartFigure({query, cites})`);
//   - form controls and their labels, <code>, <pre>, <textarea>, the Explore page's editor and result grid
//     (UI and the reader's own queries), and <small> lines that only give a verification status;
//   - the query engine's status line (.atlas-engine-status: "Ready: 18 tables, 157,058 rows, loaded in 4.1 s"),
//     which reports the engine loading in the reader's browser, not a finding;
//   - <style> and <script> elements: a page's inline CSS ("margin: 0.5rem") is in the DOM but is never shown.
// Not figures (skipped): dates ("12 May 2017", "2017-05-12", "May 2017"), times ("14:08", "3:08 pm", "08:00 CET"),
// years (1900–2099 standing alone), ordinal list numbers ("1." at the start of a heading or item, "1st"),
// numbers inside names and identifiers (MS17-010, SMBv1, IPv4, IPv6, Windows 7, Server 2003, HC 414, 64-bit, TA17-132A),
// lengths in definitions ("a 2–6 digit NAICS code"), standards and scales named on the data page (ISO 3166-1,
// alpha-2, a map's 1:110m scale), source-marker text ("[T13]") and row ids (the patterns: scripts/audit-patterns.ts).
// Where a number is sourced (first match wins):
//   query    — inside a query link (`queryLink`, class atlas-query-link) to the Explore query that reproduces it;
//   constant — a threshold or setting of the code or config, marked with the name it is set by (`constantText`,
//              data-constant="MIN_IPS (src/figures/methodology-hits-per-ip.ts)");
//   cite     — a source marker (a[data-cite], link to ./sources#ROWID) in the same sentence, or in the same
//              headline card, table row or definition;
//   figure   — inside a chart figure's caption whose source line carries a data query, a link to its data file
//              (pipeline files no Explore table holds, e.g. validation.json) or source markers;
//   file     — a link to the pipeline file (class atlas-data-link) in the same sentence or the table's caption;
//   sources page — counts of the published rows, in a sentence that links to the sources page that lists them;
//   row      — on the sources page, inside the row (tr[id]) that is itself the source.
import {chromium, type Page} from "playwright-core";
import {readdir} from "node:fs/promises";
import {join, relative} from "node:path";
import {CHROMIUM_FLAGS, chromiumPath} from "../test/e2e/browser.ts";
import {serveStatic} from "../test/e2e/server.ts";
import {NOT_FIGURES, NUMBER} from "./audit-patterns.ts";

export interface FigureFinding {
  page: string;
  number: string;
  context: string;
  source: string;
}

export interface MarkerFinding {
  page: string;
  id: string;
}

// Runs in the page: plain JavaScript (a string, so no compiler helper can leak into it).
const COLLECT = String.raw`(() => {
  const main = document.querySelector("#observablehq-main");
  if (!main) return {figures: [], markers: [], anchors: []};
  const SKIP = "style, script, svg, code, pre, textarea, select, input, label, form, button, .atlas-controls, .explore-output, .explore-schema, .observablehq--inspect, nav, .atlas-footnote-marker, [data-cite], .atlas-engine-status, .atlas-read-via, a[target=_blank]";
  const BLOCK = "p, li, td, th, dd, dt, blockquote, figcaption, h1, h2, h3, h4, h5, h6, caption, small, div";
  const NOT_FIGURES = ${JSON.stringify(NOT_FIGURES)}.map((p) => new RegExp(p.source, p.flags));
  const NUMBER = new RegExp(${JSON.stringify(NUMBER.source)}, ${JSON.stringify(NUMBER.flags)});
  const skipped = (node) => !!node.parentElement?.closest(SKIP);
  const figures = [];
  const blockOf = (el) => el.closest(BLOCK) ?? main;
  const isCite = (el) => el.matches?.("a[data-cite], a.atlas-footnote-marker");
  const isQuery = (el) => el.matches?.("a.atlas-query-link");
  // Sentences of a block: text runs split at ". ", "? ", "! " (a full stop after a digit only before a capital).
  const sentencesOf = new Map();
  function sentences(block) {
    if (sentencesOf.has(block)) return sentencesOf.get(block);
    const list = [{cites: [], queries: 0, nodes: new Set()}];
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    let node = walker.currentNode;
    while ((node = walker.nextNode())) {
      if (node.nodeType === 1) {
        if (node !== block && node.matches(BLOCK) && !node.closest("a")) { /* nested blocks are their own */ }
        if (isCite(node)) list[list.length - 1].cites.push(node.dataset.cite ?? node.textContent.replace(/[\[\]]/g, ""));
        if (isQuery(node)) list[list.length - 1].queries++;
        if (node.matches("a.atlas-data-link")) list[list.length - 1].files = (list[list.length - 1].files ?? 0) + 1;
        if (node.matches('a[href="./sources"]')) list[list.length - 1].page = true;
        continue;
      }
      const text = node.textContent ?? "";
      const cur = list[list.length - 1];
      cur.nodes.add(node);
      const parts = text.split(/(?<=[^\d][.!?]["”’)]?)\s+(?=[A-Z“"(])|(?<=\d\.)\s+(?=[A-Z])/);
      if (parts.length > 1) {
        // The node spans a boundary: it belongs to each sentence it touches (numbers are placed by offset below).
        for (let i = 1; i < parts.length; i++) list.push({cites: [], queries: 0, nodes: new Set([node]), from: node, offset: parts.slice(0, i).join(" ").length});
      }
    }
    sentencesOf.set(block, list);
    return list;
  }
  function sentenceSource(block, textNode, index) {
    const list = sentences(block);
    // The sentence a number is in: the last sentence that starts at or before it.
    let found = null;
    for (const s of list) {
      if (!s.nodes.has(textNode)) continue;
      if (s.from === textNode && index < s.offset) continue;
      found = s;
    }
    if (!found) return null;
    if (found.cites.length) return "cite " + [...new Set(found.cites)].join(",");
    if (found.queries) return "query (same sentence)";
    if (found.files) return "data file (same sentence)";
    if (found.page) return "sources page (same sentence)";
    return null;
  }
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    if (skipped(node)) continue;
    const raw = node.textContent ?? "";
    if (!/\d/.test(raw)) continue;
    let text = raw;
    for (const pattern of NOT_FIGURES) text = text.replace(pattern, (m) => " ".repeat(m.length));
    const el = node.parentElement;
    for (const match of text.matchAll(NUMBER)) {
      const value = match[0].trim();
      if (!/\d/.test(value)) continue;
      const before = text.slice(0, match.index).trimEnd();
      // An ordinal list number: "1." or "1)" at the start of a heading or list item.
      if (!before && /^\d+[.)]/.test(raw.slice(match.index).trim()) && el.closest("h1,h2,h3,h4,h5,h6,li")) continue;
      let source = null;
      if (el.closest("a.atlas-query-link")) source = "query";
      const setting = el.closest("[data-constant]");
      if (!source && setting) source = "constant " + setting.dataset.constant;
      const row = el.closest(".atlas-source-rows tr[id]");
      if (!source && row) source = "row " + row.id;
      const card = el.closest(".atlas-headline, tr, dl > *");
      if (!source && card) {
        const scope = card.matches("dt, dd") ? card.parentElement : card;
        const c = [...scope.querySelectorAll("a[data-cite]")].map((a) => a.dataset.cite);
        if (c.length) source = "cite " + [...new Set(c)].join(",") + " (same " + (card.matches("tr") ? "row" : "card") + ")";
        else if (scope.querySelector("a.atlas-query-link")) source = "query (same card)";
        else if (card.matches("tr") && card.closest("table")?.querySelector(":scope > caption a.atlas-query-link")) source = "query (table caption)";
        else if (card.matches("tr") && card.closest("table")?.querySelector(":scope > caption a.atlas-data-link")) source = "data file (table caption)";
      }
      if (!source) source = sentenceSource(blockOf(el), node, match.index);
      const fig = el.closest("figure.atlas-figure");
      if (!source && fig) {
        const c = [...fig.querySelectorAll(".atlas-figure-source a[data-cite]")].map((a) => a.dataset.cite);
        if (fig.dataset.query) source = "figure query" + (c.length ? " + cite " + c.join(",") : "");
        else if (fig.dataset.file) source = "figure data file " + fig.dataset.file;
        else if (c.length) source = "figure cite " + c.join(",");
      }
      const context = (raw.slice(Math.max(0, match.index - 40), match.index + value.length + 30)).replace(/\s+/g, " ").trim();
      figures.push({number: value, context, source: source ?? ""});
    }
  }
  const markers = [...main.querySelectorAll("a[data-cite], a.atlas-footnote-marker")].map((a) => ({id: a.dataset.cite ?? "", href: a.getAttribute("href") ?? ""}));
  const anchors = [...main.querySelectorAll("[id]")].map((e) => e.id);
  return {figures, markers, anchors};
})()`;

interface Collected {
  figures: {number: string; context: string; source: string}[];
  markers: {id: string; href: string}[];
  anchors: string[];
}

async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelectorAll("observablehq-loading").length === 0, undefined, {timeout: 60_000});
  await page.waitForLoadState("networkidle", {timeout: 60_000}).catch(() => undefined);
  // Lazy cells (e.g. a chart drawn once the browser is idle) get a moment more.
  await page.waitForTimeout(1500);
}

/** Top-level pages of dist/ as clean paths ("/", "/why", …); embeds and Framework's own files left out. */
export async function auditablePages(dist: string): Promise<string[]> {
  const entries = await readdir(dist, {withFileTypes: true});
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".html") && e.name !== "404.html")
    .map((e) => "/" + relative(dist, join(dist, e.name)).replace(/\.html$/, "").replace(/^index$/, ""))
    .sort();
}

export async function auditFigures({dist = "dist", pages}: {dist?: string; pages?: string[]} = {}): Promise<{figures: FigureFinding[]; dangling: MarkerFinding[]; pages: string[]}> {
  const list = pages?.length ? pages : await auditablePages(dist);
  const server = await serveStatic(dist);
  const browser = await chromium.launch({executablePath: chromiumPath(), args: CHROMIUM_FLAGS, headless: true});
  const figures: FigureFinding[] = [];
  const dangling: MarkerFinding[] = [];
  try {
    const context = await browser.newContext({viewport: {width: 1280, height: 900}});
    const open = async (path: string): Promise<Collected> => {
      const page = await context.newPage();
      try {
        await page.goto(server.origin + path, {waitUntil: "load"});
        await settle(page);
        return (await page.evaluate(COLLECT)) as Collected;
      } finally {
        await page.close();
      }
    };
    const sources = new Set((await open("/sources")).anchors);
    for (const path of list) {
      const found = await open(path);
      for (const f of found.figures) figures.push({page: path, ...f});
      for (const m of found.markers) {
        const id = decodeURIComponent(m.href.split("#")[1] ?? "");
        const local = !/(^|\/)sources(\.html)?#/.test(m.href);
        if (local || !id || !sources.has(id)) dangling.push({page: path, id: `${m.id || "?"} → ${m.href}`});
      }
    }
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
  return {figures, dangling, pages: list};
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const distAt = args.indexOf("--dist");
  const dist = distAt >= 0 ? args[distAt + 1]! : "dist";
  const pages = args.filter((a, i) => a.startsWith("/") && args[i - 1] !== "--dist");
  const {figures, dangling, pages: audited} = await auditFigures({dist, pages});
  const pad = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + "…" : s.padEnd(n));
  process.stdout.write(`${pad("page", 14)} ${pad("number", 18)} ${pad("source", 34)} context\n`);
  for (const f of figures) process.stdout.write(`${pad(f.page, 14)} ${pad(f.number, 18)} ${pad(f.source || "NONE", 34)} ${f.context}\n`);
  const missing = figures.filter((f) => !f.source);
  process.stdout.write(`\n${audited.length} pages, ${figures.length} numbers: ${figures.length - missing.length} sourced, ${missing.length} without a source; ${dangling.length} source markers that do not resolve.\n`);
  for (const d of dangling) process.stdout.write(`dangling marker on ${d.page}: ${d.id}\n`);
  if (missing.length || dangling.length) process.exitCode = 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    process.stderr.write(`audit-figures: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exitCode = 2;
  });
}
