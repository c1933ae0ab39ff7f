// The hourly chart's "kill switch" label sits clear of the bars (or step area), the bands and the event markers,
// on the page and in the embed, on a phone and a wide screen; the PNG/SVG export draws the same chart.
import assert from "node:assert/strict";
import {after, before, test} from "node:test";
import {openSite, type Site} from "./site.ts";

let site: Site;
before(async () => (site = await openSite()));
after(async () => site?.close());

interface Box {x: number; y: number; width: number; height: number}
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

for (const width of [375, 1440]) {
  for (const [path, selector] of [["/embed/timeline-hourly", ".atlas-figure"], ["/timeline", "#figure-timeline-hourly"]] as const) {
    test(`${path} at ${width} px: the kill-switch label overlaps no bar, band or marker`, async () => {
      const context = await site.browser.newContext({viewport: {width, height: 900}});
      try {
        const page = await context.newPage();
        await page.goto(`${site.server.origin}${path}`);
        const chart = page.locator(`${selector} .atlas-figure-chart svg[role="img"]`).first();
        await chart.waitFor({timeout: 30_000});
        // No named functions inside evaluate: tsx would wrap them in a helper the page does not have.
        const found = await chart.evaluate((svg) => {
          const label = [...svg.querySelectorAll("text")].find((t) => t.textContent === "kill switch");
          // Bars, bands, markers, and a filled step area (a narrow chart draws the series as one).
          const marks = [...svg.querySelectorAll("rect, circle, path")].filter((e) => e.tagName !== "path" || getComputedStyle(e).fill !== "none");
          return [svg, label ?? null, ...marks].map((e) => {
            const r = e?.getBoundingClientRect();
            return r ? {x: r.x, y: r.y, width: r.width, height: r.height} : null;
          });
        }).then(([svg, label, ...others]) => ({svg: svg!, label, others: others.filter((b): b is Box => b !== null && b.width > 0 && b.height > 0)}));
        assert.ok(found.label, "the chart labels the kill-switch band");
        const label = found.label;
        assert.ok(label.x >= found.svg.x && label.x + label.width <= found.svg.x + found.svg.width, "the label is inside the chart");
        const hit = found.others.filter((b) => overlaps(label, b));
        assert.deepEqual(hit, [], `the label ${JSON.stringify(label)} overlaps marks`);
      } finally {
        await context.close();
      }
    });
  }
}
