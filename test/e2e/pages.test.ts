// Every built page renders, logs no error, and talks to no host but this one.
import assert from "node:assert/strict";
import {after, before, describe, test} from "node:test";
import type {Page} from "playwright-core";
import {builtPages, expectedPages, openPage, openSite, waitForRender, type Site} from "./site.ts";

const pages = await builtPages();
// Reference pages made of tables and text, with no chart by design.
const TEXT_PAGES = new Set(["/sources"]);
let site: Site;

/** Chart text cut off at the side: past the page's width or the edge of an ancestor that clips its overflow. */
async function clippedChartText(page: Page): Promise<string[]> {
  return page.evaluate(() => [...document.querySelectorAll<SVGTextElement>("#observablehq-main svg text")].flatMap((text) => {
    const content = (text.textContent ?? "").trim();
    const box = text.getBoundingClientRect();
    if (!content || box.width === 0) return [];
    let left = 0;
    let right = document.documentElement.clientWidth;
    for (let node = text.parentElement; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      if ((node instanceof SVGSVGElement ? style.overflow : style.overflowX) === "visible") continue;
      const clip = node.getBoundingClientRect();
      left = Math.max(left, clip.left);
      right = Math.min(right, clip.right);
    }
    const cut = Math.max(left - box.left, box.right - right);
    return cut > 1 ? [`"${content.slice(0, 40)}" cut by ${Math.round(cut)} px`] : [];
  }));
}

/** Tick labels of a colour legend (Plot's ramp) that run into each other, as "label/label". */
async function overlappingLegendTicks(page: Page): Promise<string[]> {
  return page.evaluate(() => [...document.querySelectorAll<SVGSVGElement>("#observablehq-main svg[class$='-ramp']")].flatMap((ramp) => {
    const boxes = [...ramp.querySelectorAll<SVGTextElement>(".tick text")]
      .map((t) => ({label: (t.textContent ?? "").trim(), box: t.getBoundingClientRect()}))
      .filter((t) => t.label !== "" && t.box.width > 0).sort((a, b) => a.box.left - b.box.left);
    return boxes.flatMap((t, i) => (i > 0 && boxes[i - 1]!.box.right > t.box.left + 0.5 ? [`${boxes[i - 1]!.label}/${t.label}`] : []));
  }));
}

before(async () => (site = await openSite()));
after(async () => site?.close());

describe("every page of dist/", () => {
  test("the build has pages", () => {
    assert.ok(pages.includes("/"), `no index page among ${pages.join(", ")}`);
  });

  test("the built pages are the active incident's: generic pages, its case studies, its embeds, nothing else", () => {
    assert.deepEqual(pages, expectedPages());
  });

  for (const path of pages) {
    test(`${path} renders its charts with no error and no third-party request`, async () => {
      const {context, page, log} = await openPage(site, path);
      try {
        await waitForRender(page, undefined, {text: TEXT_PAGES.has(path)});
        const main = await page.locator("#observablehq-main").innerText();
        assert.ok(main.trim().length > 200, `${path}: main content is nearly empty`);
        // What a reader must never see: unrendered template code or missing values.
        for (const leak of [/\$\{/, /\bundefined\b/, /\bNaN\b/, /\[object Object\]/]) {
          assert.doesNotMatch(main, leak, `${path}: the page shows ${leak}`);
        }
        const charts = await page.locator("#observablehq-main svg, #observablehq-main canvas").count();
        if (!TEXT_PAGES.has(path)) assert.ok(charts >= 1, `${path}: no chart`);
        // An id names one element: links to #fragments and aria references depend on it.
        const sharedIds = await page.evaluate(() => {
          const seen = new Map<string, number>();
          for (const e of document.querySelectorAll("[id]")) seen.set(e.id, (seen.get(e.id) ?? 0) + 1);
          return [...seen].filter(([, n]) => n > 1).map(([id, n]) => `#${id} ×${n}`);
        });
        assert.deepEqual(sharedIds, [], `${path}: ids used more than once`);
        assert.deepEqual(await clippedChartText(page), [], `${path}: chart text cut off`);
        assert.deepEqual(await overlappingLegendTicks(page), [], `${path}: legend tick labels overlap`);
        const cellErrors = await page.locator(".observablehq--error").allInnerTexts();
        assert.deepEqual(cellErrors, [], `${path}: cells failed`);
        assert.deepEqual(log.consoleErrors, [], `${path}: console errors`);
        assert.deepEqual(log.failedRequests, [], `${path}: failed requests`);
        assert.deepEqual(log.thirdPartyRequests, [], `${path}: third-party requests`);
      } finally {
        await context.close();
      }
    });
  }
});

describe("every page of dist/ on a phone", () => {
  for (const path of pages) {
    test(`${path} fits a 375 px screen: the page never scrolls sideways, and no text is squeezed`, async () => {
      const {context, page} = await openPage(site, path, {width: 375});
      try {
        await waitForRender(page, undefined, {text: TEXT_PAGES.has(path)});
        const overflow = await page.evaluate(() => ({
          width: document.documentElement.scrollWidth,
          // The widest elements past the right edge, to name the culprit.
          wide: [...document.querySelectorAll("#observablehq-main *")]
            .filter((e) => e.getBoundingClientRect().right > innerWidth + 1 && e.getBoundingClientRect().width > 0)
            .slice(0, 3).map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ""}.${String(e.getAttribute("class") ?? "")}`)
        }));
        assert.ok(overflow.width <= 376, `${path}: the page is ${overflow.width} px wide at 375 (${overflow.wide.join(", ")})`);
        // Nor is any sentence squeezed into a column a few words wide (a table caption or cell left in table layout).
        const squeezed = await page.evaluate(() => [...document.querySelectorAll("#observablehq-main :is(p, li, caption, td, th, figcaption)")]
          .filter((e) => (e.textContent ?? "").trim().length > 25 && e.getBoundingClientRect().width > 0 && e.getBoundingClientRect().width < 120)
          .slice(0, 3).map((e) => `${e.tagName.toLowerCase()} ${Math.round(e.getBoundingClientRect().width)} px: ${(e.textContent ?? "").trim().slice(0, 40)}`));
        assert.deepEqual(squeezed, [], `${path}: text squeezed into a narrow column at 375 px`);
        assert.deepEqual(await clippedChartText(page), [], `${path}: chart text cut off at 375 px`);
        assert.deepEqual(await overlappingLegendTicks(page), [], `${path}: legend tick labels overlap at 375 px`);
      } finally {
        await context.close();
      }
    });
  }
});
