// What every built page must pass, in every incident's build (pages.test: the default build; incident.test and
// byod.test: the other incidents'): it renders with no error and no third-party request, shows no template code or
// missing value, and its charts and text fit the page at the default width and on a 375 px phone.
import assert from "node:assert/strict";
import type {TestContext} from "node:test";
import type {Page} from "playwright-core";
import {openPage, waitForRender, type Site} from "./site.ts";

/** Reference pages made of tables and text, with no chart by design. */
export const TEXT_PAGES = new Set(["/sources"]);

/** What a reader must never see: unrendered template code or missing values. */
export const LEAKS = [/\$\{/, /\bundefined\b/, /\bNaN\b/, /\[object Object\]/];

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

/** At the default width: the page renders its charts with no error, no leak, no shared id and no third-party request. */
export async function checkPage(site: Site, path: string): Promise<void> {
  const {context, page, log} = await openPage(site, path);
  try {
    await waitForRender(page, undefined, {text: TEXT_PAGES.has(path)});
    const main = await page.locator("#observablehq-main").innerText();
    assert.ok(main.trim().length > 200, `${path}: main content is nearly empty`);
    for (const leak of LEAKS) assert.doesNotMatch(main, leak, `${path}: the page shows ${leak}`);
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
    assert.deepEqual(await page.locator(".observablehq--error").allInnerTexts(), [], `${path}: cells failed`);
    assert.deepEqual(log.consoleErrors, [], `${path}: console errors`);
    assert.deepEqual(log.failedRequests, [], `${path}: failed requests`);
    assert.deepEqual(log.thirdPartyRequests, [], `${path}: third-party requests`);
  } finally {
    await context.close();
  }
}

/** On a 375 px screen: the page never scrolls sideways, no text is squeezed, no chart text is cut, no legend overlaps. */
export async function checkPageOnPhone(site: Site, path: string): Promise<void> {
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
}

/** Both checks on each of `paths`, as subtests of `t` (for a build whose pages are known only once it is built). */
export async function checkEveryPage(t: TestContext, site: Site, paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    await t.test(path, () => checkPage(site, path));
    await t.test(`${path} at 375 px`, () => checkPageOnPhone(site, path));
  }
}
