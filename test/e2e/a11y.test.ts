// Accessibility of every built page, in the light and the dark theme:
//   - axe-core (WCAG 2.x A/AA rules + best practice): zero violations of impact "serious" or "critical";
//   - every chart has an accessible name and a text alternative that states a finding in numbers;
//   - chart text (SVG <text> in figures) has enough contrast against what is behind it, and no mark covers it;
//   - every visible control is reachable with Tab and shows a visible focus indicator.
// The rule set is axe's WCAG 2.0/2.1 A and AA rules plus best practice (axe's defaults; WCAG 2.2's target-size,
// off by default in axe, is not gated). axe is run through page.evaluate (CDP Runtime.evaluate), which the page's Content-Security-Policy does not
// govern, so the test needs no CSP exception: the page under test is exactly the page we ship.
import assert from "node:assert/strict";
import {after, before, describe, test} from "node:test";
import type {Page} from "playwright-core";
import {axeViolations, describeViolations} from "./axe.ts";
import {record} from "./browser.ts";
import {builtPages, DIST, openSite, waitForRender, type Site} from "./site.ts";

const THEMES = ["light", "dark"] as const;
type Theme = (typeof THEMES)[number];

const pages = await builtPages();
let site: Site;

before(async () => (site = await openSite(DIST)));
after(async () => site?.close());

async function openThemed(path: string, theme: Theme, width = 1280) {
  const context = await site.browser.newContext({viewport: {width, height: 900}, colorScheme: theme, reducedMotion: "reduce"});
  // tsx compiles the functions passed to page.evaluate with esbuild's keepNames, which calls a __name helper.
  await context.addInitScript("globalThis.__name = (fn) => fn;");
  const page = await context.newPage();
  const log = record(context, page);
  await page.goto(site.server.origin + path, {waitUntil: "load"});
  await settled(page);
  return {context, page, log};
}

/** Like waitForRender, but a page that draws its charts only on request (Explore) is checked as it first appears. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelectorAll("observablehq-loading").length === 0, undefined, {timeout: 30_000});
  await page.waitForLoadState("networkidle", {timeout: 30_000});
  await waitForRender(page, 3_000).catch(() => undefined);
}

/** Charts (SVG/canvas drawn in main, not icons or legends' swatches) without a name or a numeric text alternative. */
async function chartsWithoutAlternative(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const charts = [...document.querySelectorAll<SVGSVGElement | HTMLCanvasElement>("#observablehq-main svg, #observablehq-main canvas")].filter((el) => {
      if (el.parentElement?.closest("svg")) return false; // nested svg inside a chart
      const box = el.getBoundingClientRect();
      return box.width >= 120 && box.height >= 60 && !el.closest("[aria-hidden=true]") && !el.closest("legend, .atlas-legend, [class$='-swatches'], [class$='-ramp']");
    });
    for (const chart of charts) {
      // The labelled figure around the chart (chartFigure's), not Plot's own <figure> around a legend and its plot.
      const figure = chart.closest("figure[aria-labelledby], figure[aria-label]") ?? chart.closest("figure");
      const where = figure?.id || chart.id || chart.getAttribute("class") || chart.tagName;
      const name = chart.getAttribute("aria-label") ?? "";
      const labelledBy = (figure?.getAttribute("aria-labelledby") ?? "").split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? "").join(" ").trim();
      const describedBy = (figure?.getAttribute("aria-describedby") ?? "").split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? "").join(" ").trim();
      if (!name.trim() && !labelledBy) problems.push(`${where}: chart has no accessible name`);
      const alternative = `${name} ${describedBy}`;
      if (!/\d/.test(alternative)) problems.push(`${where}: chart's text alternative states no figure: "${alternative.trim().slice(0, 120)}"`);
    }
    return problems;
  });
}

/** SVG chart text whose contrast against what lies under it is below WCAG AA (4.5:1, 3:1 for large text). */
async function lowContrastChartText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    type RGBA = [number, number, number, number];
    const probe = document.createElement("canvas").getContext("2d")!;
    const parse = (color: string): RGBA | null => {
      if (!color || color === "none" || color === "transparent") return null;
      // Chromium reports color-mix() results as color(srgb r g b [/ a]) with channels from 0 to 1.
      const srgb = /^color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)(?: \/ ([\d.e-]+))?\)$/.exec(color);
      if (srgb) return [Number(srgb[1]) * 255, Number(srgb[2]) * 255, Number(srgb[3]) * 255, srgb[4] === undefined ? 1 : Number(srgb[4])];
      const m = /^rgba?\(([^)]+)\)$/.exec(color);
      if (m) {
        const parts = m[1]!.split(/[\s,/]+/).filter(Boolean).map(Number);
        return [parts[0]!, parts[1]!, parts[2]!, parts[3] ?? 1];
      }
      probe.fillStyle = "#000";
      probe.fillStyle = color;
      const hex = String(probe.fillStyle);
      if (/^#[0-9a-f]{6}$/i.test(hex)) return [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16), 1];
      const again = /^rgba?\(([^)]+)\)$/.exec(hex);
      if (again) {
        const parts = again[1]!.split(/[\s,/]+/).filter(Boolean).map(Number);
        return [parts[0]!, parts[1]!, parts[2]!, parts[3] ?? 1];
      }
      return null;
    };
    const over = (top: RGBA, bottom: RGBA): RGBA => {
      const a = top[3];
      return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1];
    };
    const luminance = ([r, g, b]: RGBA) => {
      const channel = (c: number) => {
        const s = c / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const ratio = (a: RGBA, b: RGBA) => {
      const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
      return (l1 + 0.05) / (l2 + 0.05);
    };
    const pageBackground = (el: Element): RGBA => {
      const stack: RGBA[] = [];
      for (let node: Element | null = el; node; node = node.parentElement) {
        const bg = parse(getComputedStyle(node).backgroundColor);
        if (bg && bg[3] > 0) {
          stack.push(bg);
          if (bg[3] >= 1) break;
        }
      }
      let color: RGBA = [255, 255, 255, 1];
      for (const layer of stack.reverse()) color = over(layer, color);
      return color;
    };
    const opacityOf = (el: Element): number => {
      let opacity = 1;
      for (let node: Element | null = el; node && node.tagName.toLowerCase() !== "body"; node = node.parentElement) {
        opacity *= Number(getComputedStyle(node).opacity || 1);
      }
      return opacity;
    };
    const problems: string[] = [];
    const texts = [...document.querySelectorAll<SVGTextElement>("#observablehq-main svg text")];
    for (const text of texts) {
      const content = (text.textContent ?? "").trim();
      if (!content) continue;
      const box = text.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const style = getComputedStyle(text);
      if (style.visibility === "hidden" || style.display === "none") continue;
      const fill = parse(style.fill);
      if (!fill) continue;
      const alpha = fill[3] * Number(style.fillOpacity || 1) * opacityOf(text);
      // What is drawn under the text: the topmost filled SVG shape below its centre, else the page background.
      let background = pageBackground(text);
      const x = box.left + box.width / 2;
      const y = box.top + box.height / 2;
      for (const under of document.elementsFromPoint(x, y)) {
        if (under === text || text.contains(under) || under.tagName.toLowerCase() === "text" || under.tagName.toLowerCase() === "tspan") continue;
        if (!(under instanceof SVGGeometryElement)) {
          if (under instanceof HTMLElement) break;
          continue;
        }
        const shape = getComputedStyle(under);
        const shapeFill = parse(shape.fill);
        if (!shapeFill) continue;
        const shapeAlpha = shapeFill[3] * Number(shape.fillOpacity || 1) * opacityOf(under);
        if (shapeAlpha < 0.05) continue;
        background = over([shapeFill[0], shapeFill[1], shapeFill[2], shapeAlpha], background);
        break;
      }
      const color = over([fill[0], fill[1], fill[2], alpha], background);
      // The halo Plot draws behind labels (stroke = background, paint-order: stroke) keeps them legible over marks.
      const stroke = parse(style.stroke);
      const halo = stroke && style.paintOrder.includes("stroke") && parseFloat(style.strokeWidth) >= 2 ? over([stroke[0], stroke[1], stroke[2], stroke[3] * Number(style.strokeOpacity || 1)], background) : null;
      const size = parseFloat(style.fontSize);
      const bold = Number(style.fontWeight) >= 700 || style.fontWeight === "bold";
      const minimum = size >= 24 || (size >= 18.66 && bold) ? 3 : 4.5;
      const contrast = Math.max(ratio(color, background), halo ? ratio(over([fill[0], fill[1], fill[2], alpha], halo), halo) : 0);
      if (contrast < minimum) {
        const figure = text.closest("figure")?.id ?? text.closest("svg")?.getAttribute("class") ?? "svg";
        problems.push(`${figure}: "${content.slice(0, 40)}" contrast ${contrast.toFixed(2)}:1 < ${minimum}:1 (text ${style.fill} at ${alpha.toFixed(2)} on rgb(${background.slice(0, 3).map(Math.round).join(",")}), ${size}px)`);
      }
    }
    return problems;
  });
}

/** Chart text that a filled mark drawn after it covers in part (a label under bars), sampled at 15 points of its box. */
async function hiddenChartText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const hidden: string[] = [];
    for (const text of document.querySelectorAll<SVGTextElement>("#observablehq-main svg text")) {
      const content = (text.textContent ?? "").trim();
      const before = text.getBoundingClientRect();
      if (!content || before.width === 0 || before.height === 0) continue;
      // elementFromPoint sees only the viewport: bring the label into it first.
      if (before.top < 0 || before.bottom > innerHeight) window.scrollBy(0, before.top - innerHeight / 2);
      const box = text.getBoundingClientRect();
      let covered = 0;
      for (const fx of [0.1, 0.3, 0.5, 0.7, 0.9]) {
        for (const fy of [0.3, 0.5, 0.7]) {
          const top = document.elementFromPoint(box.left + box.width * fx, box.top + box.height * fy);
          if (!(top instanceof SVGGeometryElement) || top.closest("svg") !== text.closest("svg")) continue;
          const style = getComputedStyle(top);
          if (style.fill !== "none" && Number(style.fillOpacity || 1) > 0.5) covered++;
        }
      }
      if (covered > 0) hidden.push(`"${content.slice(0, 40)}" lies under a mark at ${covered} of 15 points`);
    }
    return hidden;
  });
}

/** Visible, enabled controls in the page (main content, sidebar, header). */
async function controls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selector = "a[href], button, input:not([type=hidden]), select, textarea, details > summary, [tabindex]:not([tabindex='-1']), [contenteditable=true]";
    const all = [...document.querySelectorAll<HTMLElement>(selector)].filter((el) => {
      if ((el as HTMLInputElement).disabled) return false;
      if (el.closest("[inert], [aria-hidden=true]")) return false;
      if (!el.checkVisibility({checkOpacity: false, checkVisibilityCSS: true})) return false;
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.height > 0;
    });
    // A radio group is one Tab stop (arrow keys move within it): its radios share one id.
    const groups = new Map<string, string>();
    return all.map((el, i) => {
      // So is a tab list (WAI-ARIA tabs pattern: the selected tab is the stop, arrow keys move between tabs).
      const tablist = el.getAttribute("role") === "tab" ? el.closest("[role=tablist]") : null;
      const radio = tablist ? `tablist:${[...document.querySelectorAll("[role=tablist]")].indexOf(tablist)}` : el instanceof HTMLInputElement && el.type === "radio" && el.name ? `${el.form ? [...document.forms].indexOf(el.form) : "-"}:${el.name}` : null;
      if (radio && !groups.has(radio)) groups.set(radio, String(i));
      el.dataset.a11yControl = radio ? groups.get(radio)! : String(i);
      return `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${el.getAttribute("aria-label") ? `[${el.getAttribute("aria-label")}]` : ""} "${(el.textContent ?? "").trim().slice(0, 30)}"`;
    });
  });
}

/** Presses Tab until focus cycles; for each focused control, whether a focus indicator is visible. */
async function tabThrough(page: Page, limit: number): Promise<{reached: Set<string>; invisible: string[]}> {
  const reached = new Set<string>();
  const invisible: string[] = [];
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  let first: string | null = null;
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    const state = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
      const shadow = style.boxShadow !== "none" && style.boxShadow !== "";
      // Native controls whose focus ring Chromium paints itself (outline-style: auto) count as visible.
      const visible = outline || shadow || style.outlineStyle === "auto";
      return {id: el.dataset.a11yControl ?? `unlisted ${el.tagName.toLowerCase()} ${el.className}`, visible, name: `${el.tagName.toLowerCase()} "${(el.textContent ?? el.getAttribute("aria-label") ?? "").trim().slice(0, 30)}"`};
    });
    if (!state) continue;
    if (state.id === first) break;
    first ??= state.id;
    reached.add(state.id);
    if (!state.visible) invisible.push(state.name);
  }
  return {reached, invisible};
}

describe("accessibility of every page of dist/", () => {
  for (const path of pages) {
    for (const theme of THEMES) {
      test(`${path} (${theme}): axe finds no serious or critical violation; charts have numeric text alternatives and legible, uncovered text`, async () => {
        const {context, page} = await openThemed(path, theme);
        try {
          const violations = await axeViolations(page);
          const problems = [
            ...(violations.length > 0 ? [`axe:\n${describeViolations(violations)}`] : []),
            ...(await chartsWithoutAlternative(page)).map((p) => `chart alternative: ${p}`),
            ...(await lowContrastChartText(page)).map((p) => `chart text contrast: ${p}`),
            ...(await hiddenChartText(page)).map((p) => `chart text hidden: ${p}`)
          ];
          assert.deepEqual(problems, [], `${path} (${theme}):\n${problems.join("\n")}`);
        } finally {
          await context.close();
        }
      });
    }

    test(`${path}: every control is reachable by Tab and shows a visible focus`, async () => {
      const {context, page} = await openThemed(path, "light");
      try {
        const listed = await controls(page);
        const {reached, invisible} = await tabThrough(page, listed.length * 2 + 20);
        const ids = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>("[data-a11y-control]")].map((el) => el.dataset.a11yControl!));
        const missing = [...new Set(ids)].filter((id) => !reached.has(id)).map((id) => listed[Number(id)]);
        assert.deepEqual(missing, [], `${path}: controls never reached by Tab`);
        assert.deepEqual(invisible, [], `${path}: controls with no visible focus indicator`);
      } finally {
        await context.close();
      }
    });
  }
});
