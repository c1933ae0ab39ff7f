// The presenter's path: chart images (SVG, PNG) that carry title, source and "modelled" label; iframe-ready
// chart pages; the exported module imported from another origin; and the "Copy embed code" snippets.
import assert from "node:assert/strict";
import {after, before, describe, test} from "node:test";
import {readPng, saved} from "./downloads.ts";
import {EMBED_IDS} from "../../src/components/figure/embed-ids.ts";
import {record} from "./browser.ts";
import {serveStatic, type StaticServer} from "./server.ts";
import {openPage, openSite, type Site} from "./site.ts";

const DIST = process.env.E2E_DIST ?? "dist";
const MODELLED_LABEL = "Modelled data, not observed telemetry";
let site: Site;
let host: StaticServer;

before(async () => {
  site = await openSite(DIST);
  host = await serveStatic("test/fixtures/embed"); // another port: another origin
});
after(async () => {
  await host?.close();
  await site?.close();
});

describe("chart downloads", () => {
  test("SVG and PNG (2×, light or dark slide) carry the title, source and modelled label", async () => {
    const {context, page, log} = await openPage(site, "/data", {width: 1280});
    try {
      const figure = page.locator("figure[data-chart-id='data-coverage']");
      await figure.locator("svg").first().waitFor({timeout: 30_000});
      const title = await figure.locator(".atlas-figure-title").innerText();
      const source = (await figure.locator(".atlas-figure-source").innerText()).trim();
      const cssWidth = await figure.locator(".atlas-figure-chart svg").first().evaluate((svg) => Math.round(svg.getBoundingClientRect().width));

      await figure.locator("button[data-action='tab-download']").click();
      const svg = await saved(page, () => figure.locator("button[data-action='svg']").click());
      assert.match(svg.name, /^data-coverage-\d{4}-\d{2}-\d{2}\.svg$/);
      const text = svg.bytes.toString("utf-8");
      const parsed = await page.evaluate((markup) => {
        const doc = new DOMParser().parseFromString(markup, "image/svg+xml");
        const root = doc.documentElement;
        return {
          error: doc.querySelector("parsererror")?.textContent ?? null,
          name: root.nodeName,
          width: Number(root.getAttribute("width")),
          height: Number(root.getAttribute("height")),
          text: [...doc.querySelectorAll("text")].map((t) => t.textContent).join("\n"),
          varRefs: /var\(--/.test(markup)
        };
      }, text);
      assert.equal(parsed.error, null, "the SVG parses");
      assert.equal(parsed.name, "svg");
      assert.ok(parsed.width >= cssWidth, "the image is at least as wide as the chart on the page (wider when text overhangs it)");
      assert.ok(parsed.height > 100);
      const flat = parsed.text.replace(/\s+/g, " ");
      assert.ok(flat.includes(title), "title drawn in the image");
      assert.ok(flat.includes(MODELLED_LABEL.toUpperCase()), "modelled label drawn in the image");
      // The page's source line may end with a link to its query (" · the query behind this chart"): a page control, not
      // part of the image's source line.
      const drawnSource = source.split(/\s*·\s*the query behind this chart/)[0]!.replace(/\s+/g, " ");
      assert.ok(flat.includes(drawnSource), `source line drawn in the image: ${drawnSource}`);
      assert.equal(parsed.varRefs, false, "no CSS variables left unresolved");

      const png = await saved(page, () => figure.locator("button[data-action='png']").click());
      assert.match(png.name, /^data-coverage-\d{4}-\d{2}-\d{2}\.png$/);
      const white = readPng(png.bytes);
      assert.equal(white.width, 2 * parsed.width, "PNG at 2× the CSS width");
      assert.equal(white.height, 2 * parsed.height, "PNG at 2× the CSS height");
      assert.deepEqual(white.firstPixel, [255, 255, 255, 255], "white background");

      const clear = readPng((await saved(page, () => figure.locator("button[data-action='png-dark']").click())).bytes);
      assert.equal(clear.colorType, 6, "RGBA");
      assert.equal(clear.firstPixel[3], 0, "dark-slide images: transparent background");
      assert.deepEqual(log.consoleErrors, []);
    } finally {
      await context.close();
    }
  });
});

describe("iframe-ready chart pages", () => {
  for (const id of EMBED_IDS) {
    test(`/embed/${id} shows the chart with its title and source, and no sidebar, header or footer`, async () => {
      const {context, page, log} = await openPage(site, `/embed/${id}`, {width: 700, height: 600});
      try {
        await page.locator("#observablehq-main .atlas-figure svg").first().waitFor({timeout: 30_000});
        for (const chrome of ["#observablehq-sidebar", "#observablehq-header", "#observablehq-footer", ".atlas-chart-actions"]) {
          assert.equal(await page.locator(chrome).count(), 0, `${id}: no ${chrome}`);
        }
        assert.ok((await page.locator(".atlas-figure-title").innerText()).length > 5);
        assert.match(await page.locator(".atlas-figure-source").innerText(), /^Source: ./);
        assert.deepEqual(await page.locator(".observablehq--error").allInnerTexts(), []);
        assert.deepEqual(log.consoleErrors, []);
        assert.deepEqual(log.failedRequests, []);
        assert.deepEqual(log.thirdPartyRequests, []);
      } finally {
        await context.close();
      }
    });
  }

  test("selections come from URL parameters", async () => {
    const {context, page} = await openPage(site, "/embed/sectors-bars?sectors=health,education");
    try {
      await page.locator(".atlas-figure svg").first().waitFor({timeout: 30_000});
      assert.match(await page.locator(".atlas-figure-subtitle").innerText(), /; highlighted: Health, Education(;|$)/);
      await page.goto(`${site.server.origin}/embed/countries-map?metric=hits&scale=linear`);
      await page.locator(".atlas-figure svg").first().waitFor({timeout: 30_000});
      assert.equal(await page.locator(".atlas-figure-title").innerText(), "Sinkhole hits by country");
      assert.match(await page.locator(".atlas-figure-subtitle").innerText(), /linear colour scale/);
      await page.goto(`${site.server.origin}/embed/proof-detections?minimum=not-a-number`);
      await page.locator(".atlas-figure svg").first().waitFor({timeout: 30_000});
      assert.match(await page.locator(".atlas-figure-summary").innerText(), /^10 of 10 countries/, "an invalid selection falls back to the default");
    } finally {
      await context.close();
    }
  });
});

describe("embedding in another site", () => {
  test("a host page on another origin embeds one chart by iframe and one by module import", async () => {
    assert.notEqual(new URL(host.origin).port, new URL(site.server.origin).port);
    const context = await site.browser.newContext({viewport: {width: 1000, height: 900}});
    const page = await context.newPage();
    const log = record(context, page);
    try {
      const query = new URLSearchParams({site: `${site.server.origin}/`, chart: "sectors-bars", selection: "sectors=health"});
      await page.goto(`${host.origin}/host.html?${query}`);
      await page.waitForFunction(() => document.body.dataset.module !== undefined, undefined, {timeout: 30_000});
      assert.equal(await page.evaluate(() => document.body.dataset.module), "rendered", String(await page.evaluate(() => (window as unknown as {atlasErrors: string[]}).atlasErrors)));
      const moduleChart = page.locator("#by-module .atlas-embed[data-chart='sectors-bars']");
      assert.ok((await moduleChart.locator("svg").count()) >= 1, "the module-rendered element has an svg");
      assert.match(await moduleChart.locator(".atlas-figure-subtitle").innerText(), /; highlighted: Health(;|$)/);
      assert.match(await moduleChart.locator(".atlas-figure-source").innerText(), /^Source: /);

      const frame = page.frameLocator("#by-iframe iframe");
      await frame.locator(".atlas-figure svg").first().waitFor({timeout: 30_000});
      assert.match(await frame.locator(".atlas-figure-subtitle").innerText(), /; highlighted: Health(;|$)/);
      await page.waitForFunction(() => (window as unknown as {atlasHeights: number[]}).atlasHeights.length > 0, undefined, {timeout: 15_000});
      const heights = await page.evaluate(() => (window as unknown as {atlasHeights: number[]}).atlasHeights);
      const last = heights.at(-1)!;
      assert.ok(last > 200 && last < 3000, `a plausible height (${last})`);
      assert.equal(await page.locator("#by-iframe iframe").evaluate((f) => (f as HTMLIFrameElement).style.height), `${last}px`, "the host resized the iframe");
      assert.deepEqual(log.consoleErrors, []);
      assert.deepEqual(log.failedRequests, []);
      assert.deepEqual(log.thirdPartyRequests, []);
    } finally {
      await context.close();
    }
  });

  test("a figure drawn by the module on another origin links its sources and query to the atlas, not the host", async () => {
    const context = await site.browser.newContext({viewport: {width: 1000, height: 900}});
    const page = await context.newPage();
    try {
      const query = new URLSearchParams({site: `${site.server.origin}/`, chart: "timeline-hourly"});
      await page.goto(`${host.origin}/host.html?${query}`);
      await page.waitForFunction(() => document.body.dataset.module !== undefined, undefined, {timeout: 30_000});
      const links = await page.locator("#by-module .atlas-embed a").evaluateAll((as) => as.map((a) => ({cls: a.getAttribute("class") ?? "", href: new URL(a.getAttribute("href") ?? "", document.baseURI).href})));
      const markers = links.filter((l) => l.cls.includes("atlas-footnote-marker")), queries = links.filter((l) => l.cls.includes("atlas-query-link"));
      assert.ok(markers.length >= 1 && queries.length >= 1, JSON.stringify(links));
      for (const l of markers) assert.match(l.href, new RegExp(`^${site.server.origin}/sources#[A-Za-z0-9_-]+$`), l.href);
      for (const l of queries) assert.ok(l.href.startsWith(`${site.server.origin}/explore?q=`), l.href);
    } finally {
      await context.close();
    }
  });

  test("'Copy embed code' gives iframe and module snippets with the page's selections, and both work on another origin", async () => {
    const {context, page} = await openPage(site, "/sectors?sectors=health");
    let snippets: {iframe: string; module: string};
    try {
      const figure = page.locator("figure[data-chart-id='sectors-bars']");
      await figure.locator("svg").first().waitFor({timeout: 30_000});
      await figure.locator("button[data-action='embed']").click();
      snippets = {
        iframe: await figure.locator("textarea[data-snippet='iframe']").inputValue(),
        module: await figure.locator("textarea[data-snippet='module']").inputValue()
      };
    } finally {
      await context.close();
    }
    assert.ok(snippets.iframe.includes(`src="${site.server.origin}/embed/sectors-bars?sectors=health"`), snippets.iframe);
    assert.ok(snippets.module.includes(`import {render} from "${site.server.origin}/embed/charts.js"`), snippets.module);
    assert.ok(snippets.module.includes(`render("sectors-bars", {"sectors":"health"})`), snippets.module);

    const other = await site.browser.newContext({viewport: {width: 1000, height: 900}});
    const hostPage = await other.newPage();
    const log = record(other, hostPage);
    try {
      await hostPage.goto(`${host.origin}/blank.html`);
      await hostPage.evaluate((html) => document.body.append(document.createRange().createContextualFragment(html)), snippets.iframe + "\n" + snippets.module);
      await hostPage.locator("#atlas-sectors-bars svg").first().waitFor({timeout: 30_000});
      const frame = hostPage.frameLocator("iframe[data-atlas-embed]");
      await frame.locator(".atlas-figure svg").first().waitFor({timeout: 30_000});
      await hostPage.waitForFunction(() => document.querySelector<HTMLIFrameElement>("iframe[data-atlas-embed]")?.style.height !== "480px", undefined, {timeout: 15_000});
      assert.deepEqual(log.consoleErrors, []);
      assert.deepEqual(log.failedRequests, []);
    } finally {
      await other.close();
    }
  });
});

describe("every chart of the report embeds as its own page (?embed=<id>)", () => {
  // A figure the page cannot show: a short note (which figure, why, a link to the atlas) instead of the whole page.
  for (const [path, id, words] of [
    ["/?embed=bogus", "bogus", `The figure "bogus" is not in this build of Incident Atlas.`],
    ["/?embed=nhs-cost", "nhs-cost", `The figure "nhs-cost" is not on this page; it is on /nhs.`],
    ["/countries?embed=country-hourly", "country-hourly", `has no data for the figure "country-hourly" with these selections.`]
  ] as const) {
    test(`${path} shows a note, not the page`, async () => {
      const {context, page, log} = await openPage(site, path, {width: 375});
      try {
        const note = page.locator(".atlas-embed-missing");
        await note.waitFor({timeout: 30_000});
        assert.ok((await note.innerText()).includes(words), await note.innerText());
        assert.ok((await note.innerText()).includes(id));
        assert.equal(await note.locator("a").getAttribute("href"), `${site.server.origin}/`, "a link to the atlas");
        await page.waitForLoadState("networkidle");
        assert.equal((await page.locator("#observablehq-main").innerText()).trim(), (await note.innerText()).trim(), "only the note is shown");
        assert.equal(await page.locator("#observablehq-sidebar").isVisible(), false, "no sidebar");
        assert.deepEqual(log.consoleErrors, []);
      } finally {
        await context.close();
      }
    });
  }

  test("a figure the page draws shows alone, without the note", async () => {
    const {context, page} = await openPage(site, "/countries?embed=country-hourly&country=GB");
    try {
      await page.locator("figure[data-chart-id='country-hourly'] svg").first().waitFor({timeout: 30_000});
      await page.waitForLoadState("networkidle");
      await page.waitForTimeout(500);
      assert.equal(await page.locator(".atlas-embed-missing").count(), 0);
      const visible = await page.locator("figure.atlas-figure").evaluateAll((figures) => figures.filter((f) => (f as HTMLElement).offsetParent !== null).map((f) => (f as HTMLElement).dataset.chartId));
      assert.deepEqual(visible, ["country-hourly"]);
    } finally {
      await context.close();
    }
  });

  const REPORT_PAGES = ["/", "/countries", "/sectors", "/timeline", "/nhs", "/why", "/methodology"];

  test("each figure offers an iframe snippet, and that URL shows the figure alone on another origin", async () => {
    const targets: {path: string; id: string; iframe: string}[] = [];
    for (const path of REPORT_PAGES) {
      const {context, page} = await openPage(site, path);
      try {
        await page.locator("figure.atlas-figure svg").first().waitFor({timeout: 30_000});
        const ids = await page.locator("figure.atlas-figure").evaluateAll((figures) => figures.map((f) => (f as HTMLElement).dataset.chartId ?? ""));
        assert.ok(ids.length >= 1, `${path} has figures`);
        for (const id of ids) {
          const figure = page.locator(`figure[data-chart-id='${id}']`);
          await figure.locator("button[data-action='embed']").click();
          const iframe = await figure.locator("textarea[data-snippet='iframe']").inputValue();
          assert.match(iframe, /<iframe src="http:\/\/127\.0\.0\.1:\d+\//, `${path} ${id}: an iframe snippet`);
          // The open Embed tab is the panel's state, not a selection: the embedded page opens on the chart.
          assert.doesNotMatch(iframe, /\.(tab|sort|q)=/, `${path} ${id}: no panel state in the embed URL (${iframe})`);
          if (!(EMBED_IDS as readonly string[]).includes(id)) {
            assert.ok(iframe.includes(`embed=${id}`), `${path} ${id}: the page's own ?embed= URL (${iframe})`);
            targets.push({path, id, iframe});
          }
        }
      } finally {
        await context.close();
      }
    }
    assert.ok(targets.length >= 10, `most report charts embed through their page (${targets.length})`);

    // One per page, pasted into a page of another origin: the figure alone, resized to its reported height.
    const onePerPage = REPORT_PAGES.map((path) => targets.find((t) => t.path === path)).filter((t) => t !== undefined);
    for (const {path, id, iframe} of onePerPage) {
      const context = await site.browser.newContext({viewport: {width: 900, height: 800}});
      const hostPage = await context.newPage();
      const log = record(context, hostPage);
      try {
        await hostPage.goto(`${host.origin}/blank.html`);
        await hostPage.evaluate((html) => document.body.append(document.createRange().createContextualFragment(html)), iframe);
        const frame = hostPage.frameLocator("iframe[data-atlas-embed]");
        await frame.locator(`figure[data-chart-id='${id}'] svg`).first().waitFor({timeout: 30_000});
        const visible = await frame.locator("figure.atlas-figure").evaluateAll((figures) =>
          figures.filter((f) => (f as HTMLElement).offsetParent !== null).map((f) => (f as HTMLElement).dataset.chartId)
        );
        assert.deepEqual(visible, [id], `${path}?embed=${id} shows that figure alone`);
        assert.equal(await frame.locator("#observablehq-sidebar").isVisible(), false, "no sidebar");
        await hostPage.waitForFunction(() => document.querySelector<HTMLIFrameElement>("iframe[data-atlas-embed]")?.style.height !== "480px", undefined, {timeout: 15_000});
        assert.deepEqual(log.consoleErrors, [], `${path}?embed=${id}: console errors`);
        assert.deepEqual(log.thirdPartyRequests, [], `${path}?embed=${id}: third-party requests`);
      } finally {
        await context.close();
      }
    }
  });
});
