// Shared set-up for the browser tests: the built site served locally and one Chromium.
import {existsSync} from "node:fs";
import {readdir} from "node:fs/promises";
import {join, relative} from "node:path";
import {GENERIC_PAGES, loadIncident} from "../../loaders/incident.ts";
import {embedIdsFor} from "../../src/components/figure/embed-ids.ts";
import type {Browser, BrowserContext, Page} from "playwright-core";
import {launchChromium, record, type PageRecord} from "./browser.ts";
import {serveStatic, type StaticServer} from "./server.ts";

/** The built site under test: dist/, or $ATLAS_DIST (a private copy, so a concurrent build cannot swap it mid-run). */
export const DIST = process.env.ATLAS_DIST ?? "dist";

export interface Site {
  server: StaticServer;
  browser: Browser;
  close(): Promise<void>;
}

export async function openSite(dir = DIST): Promise<Site> {
  const server = await serveStatic(dir);
  const browser = await launchChromium();
  return {
    server,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
    }
  };
}

/** Every page of the built site, as clean URL paths ("/", "/proof", …). */
export async function builtPages(dir = DIST): Promise<string[]> {
  const entries = await readdir(dir, {recursive: true, withFileTypes: true});
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".html") && entry.name !== "404.html")
    .map((entry) => "/" + relative(dir, join(entry.parentPath, entry.name)).replace(/\.html$/, "").replace(/(^|\/)index$/, ""))
    .filter((path) => !path.startsWith("/_"))
    .sort();
}

/**
 * The pages a build of `incident` (default: $INCIDENT or wannacry-2017) must have: the home page, the generic pages,
 * the incident's own case-study pages and its embeddable charts; each only if its source page exists in src/.
 */
export function expectedPages(incident = loadIncident()): string[] {
  const page = (path: string) => existsSync(join("src", `${path === "/" ? "/index" : path}.md`));
  return [
    ...["/", ...GENERIC_PAGES.map((p) => p.path), ...incident.pages.map((p) => p.path)].filter(page),
    ...embedIdsFor(incident.pages.map((p) => p.path)).map((id) => `/embed/${id}`)
  ].sort();
}

export interface OpenPage {
  context: BrowserContext;
  page: Page;
  log: PageRecord;
}

export async function openPage(site: Site, path: string, {width = 1280, height = 900} = {}): Promise<OpenPage> {
  const context = await site.browser.newContext({viewport: {width, height}, acceptDownloads: true});
  const page = await context.newPage();
  const log = record(context, page);
  await page.goto(site.server.origin + path, {waitUntil: "load"});
  return {context, page, log};
}

/** Waits until Framework has no cell still loading and the page has drawn at least one chart (or, on a page of tables such as the sources page, a table). */
export async function waitForRender(page: Page, timeout = 30_000, {text = false} = {}): Promise<void> {
  // A page of text alone (a /sources page for an incident that cites no source) has no chart or table to wait for.
  const content = text ? "#observablehq-main :is(svg, canvas, table, p)" : "#observablehq-main :is(svg, canvas, table)";
  await page.waitForSelector(content, {state: "visible", timeout});
  await page.waitForFunction(() => document.querySelectorAll("observablehq-loading").length === 0, undefined, {timeout});
  await page.waitForLoadState("networkidle", {timeout});
}
