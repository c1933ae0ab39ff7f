// Every figure of the registry embeds by module (/embed/charts.js) on a plain page of another origin, and its
// marks have the site's colours: the chart components carry theme variables with fallbacks, so nothing turns
// black (countries with no data, Antarctica, the timeline's event markers) where the --theme-* variables are missing.
import assert from "node:assert/strict";
import {after, before, describe, test} from "node:test";
import type {Page} from "playwright-core";
import {record} from "./browser.ts";
import {serveStatic, type StaticServer} from "./server.ts";
import {openSite, type Site} from "./site.ts";

let site: Site;
let host: StaticServer;

before(async () => {
  site = await openSite();
  host = await serveStatic("test/fixtures/embed"); // another port: another origin
});
after(async () => {
  await host?.close();
  await site?.close();
});

/** Selections for figures that need one to have anything to draw (the country detail views). */
const SELECTIONS: Record<string, Record<string, string>> = {"country-hourly": {country: "GB"}, "country-sectors": {country: "GB"}};

interface Drawn {
  id: string;
  error: string | null;
  title: string;
  source: string;
  /** Every distinct fill and stroke colour of the chart's marks, as [r, g, b, a] (a painted pixel: formats vary). */
  colours: number[][];
  /** Marks painted pure black (fill or stroke). */
  black: number;
}

/** Imports the module from `moduleUrl` in `page` and renders every figure it lists; returns what each drew. */
async function renderAll(page: Page, moduleUrl: string): Promise<Drawn[]> {
  return page.evaluate(async ({moduleUrl, selections}) => {
    const mod = await import(moduleUrl);
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 1;
    const ctx = canvas.getContext("2d", {willReadFrequently: true})!;
    const rgba = (colour: string): number[] | null => {
      if (!colour || colour === "none" || colour.startsWith("url(")) return null;
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = "rgba(0, 0, 0, 0)";
      ctx.fillStyle = colour;
      ctx.fillRect(0, 0, 1, 1);
      return [...ctx.getImageData(0, 0, 1, 1).data];
    };
    const out = [];
    for (const id of mod.charts as string[]) {
      const holder = document.createElement("div");
      holder.style.width = "640px";
      document.body.append(holder);
      try {
        await mod.render(id, holder, {width: 640, ...(selections[id] ?? {})});
        const seen = new Map<string, number[]>();
        let black = 0;
        for (const el of holder.querySelectorAll(".atlas-figure-chart svg :is(path, rect, circle, line)")) {
          const style = getComputedStyle(el);
          for (const value of [style.fill, style.stroke]) {
            const c = rgba(value);
            if (!c || c[3] === 0) continue;
            if (c[0] === 0 && c[1] === 0 && c[2] === 0) black++;
            seen.set(c.join(","), c);
          }
        }
        out.push({id, error: null, title: holder.querySelector(".atlas-figure-title")?.textContent ?? "", source: holder.querySelector(".atlas-figure-source")?.textContent ?? "", colours: [...seen.values()], black});
      } catch (error) {
        out.push({id, error: String(error), title: "", source: "", colours: [], black: 0});
      }
    }
    return out;
  }, {moduleUrl, selections: SELECTIONS});
}

const near = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - b[i]!) <= 3);

describe("every figure embeds by module on another origin, in the site's colours", () => {
  test("render(id) draws each figure on a plain host page; its mark colours equal those on the site", async () => {
    const moduleUrl = `${site.server.origin}/embed/charts.js`;
    // The site: a built page (the site's stylesheet and theme variables, light scheme) importing the same module.
    const siteContext = await site.browser.newContext({viewport: {width: 1000, height: 900}, colorScheme: "light"});
    const hostContext = await site.browser.newContext({viewport: {width: 1000, height: 900}, colorScheme: "light"});
    try {
      // tsx names the functions it compiles (__name(fn, "rgba")); the page that evaluates them needs that helper.
      for (const context of [siteContext, hostContext]) await context.addInitScript({content: "globalThis.__name = (f) => f;"});
      const sitePage = await siteContext.newPage();
      await sitePage.goto(`${site.server.origin}/embed/sectors-bars`, {waitUntil: "load"});
      const onSite = await renderAll(sitePage, moduleUrl);

      const hostPage = await hostContext.newPage();
      const log = record(hostContext, hostPage);
      await hostPage.goto(`${host.origin}/blank.html`, {waitUntil: "load"});
      assert.notEqual(new URL(host.origin).port, new URL(site.server.origin).port, "another origin");
      const onHost = await renderAll(hostPage, moduleUrl);

      assert.ok(onHost.length >= 20, `the module lists every figure (${onHost.map((d) => d.id).join(", ")})`);
      for (const drawn of onHost) {
        assert.equal(drawn.error, null, `${drawn.id}: ${drawn.error}`);
        assert.ok(drawn.title.length > 5, `${drawn.id}: a title`);
        assert.match(drawn.source, /^Source: \S/, `${drawn.id}: a source line`);
        assert.ok(drawn.colours.length > 0, `${drawn.id}: coloured marks`);
        const reference = onSite.find((d) => d.id === drawn.id)!;
        assert.equal(reference.error, null, `${drawn.id} on the site: ${reference.error}`);
        const missing = drawn.colours.filter((c) => !reference.colours.some((r) => near(c, r)));
        const lost = reference.colours.filter((r) => !drawn.colours.some((c) => near(c, r)));
        assert.deepEqual(missing, [], `${drawn.id}: colours on the host page that the site does not use`);
        assert.deepEqual(lost, [], `${drawn.id}: site colours the host page lost`);
        assert.equal(drawn.black, reference.black, `${drawn.id}: black marks on the host page (${drawn.black}) and the site (${reference.black})`);
      }
      assert.deepEqual(log.consoleErrors, []);
      assert.deepEqual(log.failedRequests, []);
      assert.deepEqual(log.thirdPartyRequests, []);
    } finally {
      await siteContext.close();
      await hostContext.close();
    }
  });

  test("the world map keeps countries with no data grey and the timeline's event markers white on a plain page", async () => {
    const context = await site.browser.newContext({viewport: {width: 1000, height: 900}, colorScheme: "light"});
    try {
      const page = await context.newPage();
      await page.goto(`${host.origin}/blank.html`, {waitUntil: "load"});
      const fills = await page.evaluate(async (moduleUrl) => {
        const {render} = await import(moduleUrl);
        const map = await render("countries-map", {width: 640});
        const timeline = await render("timeline-hourly", {width: 640});
        document.body.append(map, timeline);
        // A country the data does not have: its path's title ends in "no data".
        const noData = [...map.querySelectorAll(".atlas-figure-chart svg path")].find((p) => /: no data$/.test(p.querySelector("title")?.textContent ?? ""));
        const marker = timeline.querySelector(".atlas-figure-chart svg circle");
        return {noData: noData ? getComputedStyle(noData).fill : "no country without data", marker: marker ? getComputedStyle(marker).fill : ""};
      }, `${site.server.origin}/embed/charts.js`);
      assert.match(fills.noData, /^rgb\((22[2-5]), (22[2-5]), (22[2-5])\)$/, `countries with no data are the site's light grey, not black (${fills.noData})`);
      assert.ok(fills.marker === "rgb(255, 255, 255)", `event markers are white discs (${fills.marker})`);
    } finally {
      await context.close();
    }
  });
});
