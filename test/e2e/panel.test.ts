// The figure panel on every figure: the Table tab shows exactly the displayed-data CSV; the panel's state lives in the
// URL only where it differs from the default; every image export (SVG and PNG, light and dark slide) carries the title,
// the source line and the modelled label, leaves out page instructions, and has every text inside the image.
import assert from "node:assert/strict";
import {after, before, describe, test} from "node:test";
import {csvParse} from "d3-dsv";
import type {Locator, Page} from "playwright-core";
import {axeViolations, describeViolations} from "./axe.ts";
import {readPng, saved} from "./downloads.ts";
import {REPORT_FIGURES, waitForFigures} from "./report-helpers.ts";
import {openPage, openSite, type Site} from "./site.ts";

const MODELLED_LABEL = "Modelled data, not observed telemetry";
/** Pages and the figures on them: the report's, and the Data page's coverage chart (which hands the panel its rows). */
const PAGES: Record<string, string[]> = {...REPORT_FIGURES, "/data": ["data-coverage"]};
delete PAGES["/countries"]; // "/countries?country=GB" has the same map and more

let site: Site;
before(async () => (site = await openSite()));
after(async () => site?.close());

/** A download CSV: the metadata lines its first line announces, then the table. */
function parseDownload(text: string): {meta: string[]; columns: string[]; rows: Record<string, string>[]} {
  const lines = text.split("\r\n");
  const skip = Number(/skiprows=(\d+)/.exec(lines[0]!)?.[1]);
  assert.ok(skip > 1, `metadata lines announced: ${lines[0]}`);
  const table = csvParse(lines.slice(skip).join("\r\n"));
  return {meta: lines.slice(0, skip), columns: table.columns, rows: table.map((d) => ({...d}) as Record<string, string>)};
}

/**
 * The CSV's value as the Table tab shows it (figure-data.ts displayText), for comparison: a date column whose values
 * are all at midnight shows days, any other date column hours.
 */
function shown(csv: string, type: string, dayColumn: boolean): string {
  if (csv === "") return "";
  if (type === "number") return Number(csv).toLocaleString("en-GB", {maximumFractionDigits: 6});
  if (type === "date") return dayColumn ? csv.slice(0, 10) : `${csv.slice(0, 10)} ${csv.slice(11, 16)} UTC`;
  return csv.startsWith("'") ? csv.slice(1) : csv; // a neutralised formula cell shows its text
}

async function openTab(figure: Locator, tab: string): Promise<void> {
  // force: a tab without data is aria-disabled (still focusable and selectable, it says why), which Playwright treats as disabled.
  await figure.locator(`button[role='tab'][data-tab='${tab}']`).click({force: true});
  // A tab's code loads when it is first opened (panel.ts): the panel is aria-busy until its content is there.
  await figure.locator(`[role='tabpanel'][data-tab='${tab}']:not([aria-busy='true'])`).waitFor({state: "visible"});
}

describe("Table tab and data downloads", () => {
  test("every figure's Table tab matches its displayed-data CSV; figures without rows say why and offer no empty CSV", async () => {
    let compared = 0;
    let without = 0;
    for (const [path, ids] of Object.entries(PAGES)) {
      const {context, page} = await openPage(site, path);
      try {
        await waitForFigures(page, ids);
        for (const id of ids) {
          const figure = page.locator(`#figure-${id}`);
          await openTab(figure, "table");
          const disabled = (await figure.locator("button[data-tab='table']").getAttribute("aria-disabled")) === "true";
          await openTab(figure, "download");
          const csvButton = figure.locator("button[data-action='csv']");
          if (disabled) {
            ++without;
            assert.ok((await figure.locator("[data-tab='table'] .atlas-panel-note").innerText()).length > 20, `${path} ${id}: the Table tab says why it is empty`);
            assert.equal(await csvButton.isDisabled(), true, `${path} ${id}: no CSV of a figure without rows`);
            continue;
          }
          await openTab(figure, "table");
          const table = figure.locator("[data-tab='table'] table");
          const keys = await table.locator("thead th").evaluateAll((ths) => ths.map((th) => (th as HTMLElement).dataset.key ?? ""));
          const cells = await table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
          await openTab(figure, "download");
          const file = await saved(page, () => csvButton.click());
          assert.match(file.name, new RegExp(`^${id}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
          const csv = parseDownload(file.bytes.toString("utf8"));
          assert.deepEqual(csv.columns, keys, `${id}: the CSV has the table's columns`);
          assert.equal(csv.rows.length, cells.length, `${id}: the CSV has the table's rows`);
          assert.ok(cells.length > 0, `${id}: a table with rows`);
          const meta = JSON.parse((await saved(page, () => figure.locator("button[data-action='json']").click())).bytes.toString("utf8")) as {columns: {key: string; type: string; unit: string}[]; modelled: boolean; rows: {displayed: number}};
          assert.deepEqual(meta.columns.map((c) => c.key), keys, `${id}: the metadata lists the columns with their units`);
          assert.equal(meta.rows.displayed, cells.length);
          assert.equal(String(meta.modelled), await figure.getAttribute("data-modelled"), `${id}: the metadata's modelled flag is the figure's`);
          assert.ok(csv.meta.some((line) => line.includes(`modelled: ${meta.modelled}`)), `${id}: the CSV says whether it is modelled`);
          const dayColumns = new Set(meta.columns.filter((c) => c.type === "date" && csv.rows.every((row) => (row[c.key] ?? "") === "" || row[c.key]!.endsWith("T00:00:00.000Z"))).map((c) => c.key));
          csv.rows.forEach((row, i) =>
            meta.columns.forEach((column, j) => assert.equal(cells[i]![j], shown(row[column.key] ?? "", column.type, dayColumns.has(column.key)), `${id} row ${i + 1} ${column.key}`))
          );
          ++compared;
        }
      } finally {
        await context.close();
      }
    }
    assert.ok(compared >= 1, `figures whose table was compared with their CSV: ${compared} (without rows: ${without})`);
  });

  test("sort and search: a real table, state in the URL only where it differs from the default, kept on reload", async () => {
    const {context, page, log} = await openPage(site, "/data");
    try {
      const figure = page.locator("#figure-data-coverage");
      await figure.locator("svg").first().waitFor({timeout: 30_000});
      assert.equal(new URL(page.url()).search, "", "the default state writes nothing");
      await openTab(figure, "table");
      const header = figure.locator("th[data-key='hits'] button");
      await header.click();
      await header.click();
      assert.equal(await figure.locator("th[data-key='hits']").getAttribute("aria-sort"), "descending");
      const hits = await figure.locator("tbody tr td:nth-child(2)").allTextContents();
      const values = hits.map((h) => Number(h.replace(/,/g, "")));
      assert.deepEqual(values, [...values].sort((a, b) => b - a), "sorted by hits, descending");
      const firstHour = (await figure.locator("tbody tr td:nth-child(1)").first().textContent())!;
      // The figure may be redrawn once as the page settles (a scroll bar changes its width): type again until the
      // search reaches the URL, as a reader would see their text and retype it.
      for (let tries = 0; tries < 20 && new URL(page.url()).searchParams.get("data-coverage.q") !== firstHour.slice(0, 13); tries++) {
        await figure.locator("input[type='search']").fill(firstHour.slice(0, 13));
        await page.waitForTimeout(250);
      }
      const url = new URL(page.url());
      assert.equal(url.searchParams.get("data-coverage.tab"), "table");
      assert.equal(url.searchParams.get("data-coverage.sort"), "-hits");
      assert.equal(url.searchParams.get("data-coverage.q"), firstHour.slice(0, 13));
      const matching = await figure.locator("tbody tr").count();
      assert.ok(matching >= 1 && matching < values.length, `the search keeps the matching rows (${matching} of ${values.length})`);

      await page.reload({waitUntil: "load"});
      await figure.locator("[data-tab='table'] table").waitFor({timeout: 30_000});
      assert.equal(await figure.locator("button[data-tab='table']").getAttribute("aria-selected"), "true", "the Table tab reopens");
      assert.equal(await figure.locator("th[data-key='hits']").getAttribute("aria-sort"), "descending");
      assert.equal(await figure.locator("input[type='search']").inputValue(), firstHour.slice(0, 13));
      assert.equal(await figure.locator("tbody tr").count(), matching);

      await figure.locator("input[type='search']").fill("");
      await header.click(); // descending → the figure's own order
      await openTab(figure, "chart");
      assert.equal(new URL(page.url()).search, "", "back to the defaults: a plain URL");
      assert.deepEqual(log.consoleErrors, []);
    } finally {
      await context.close();
    }
  });

  test("the stable data URL ?figure=<id>&download=csv saves that figure's displayed-data CSV", async () => {
    const context = await site.browser.newContext({acceptDownloads: true});
    const page = await context.newPage();
    try {
      const [download] = await Promise.all([page.waitForEvent("download", {timeout: 60_000}), page.goto(`${site.server.origin}/data?figure=data-coverage&download=csv`)]);
      assert.match(download.suggestedFilename(), /^data-coverage-\d{4}-\d{2}-\d{2}\.csv$/);
      // The links the Download tab offers are the page's selections plus figure and download: no panel state.
      const figure = page.locator("figure[data-chart-id='data-coverage']");
      await openTab(figure, "download");
      const links = await figure.locator("[role=tabpanel][data-tab=download]").innerText();
      assert.match(links, /\?figure=data-coverage&download=csv/);
      assert.doesNotMatch(links, /\.(tab|sort|q)=/, "no panel state in the stable links");
    } finally {
      await context.close();
    }
  });
});

describe("accessibility of every tab", () => {
  test("each tab of the panel, opened, has no serious or critical axe violation; arrow keys move between tabs", async () => {
    const {context, page} = await openPage(site, "/data");
    try {
      await page.evaluate("globalThis.__name ??= (f) => f");
      const figure = page.locator("#figure-data-coverage");
      await figure.locator("svg").first().waitFor({timeout: 30_000});
      for (const tab of ["table", "sources", "download", "embed"]) {
        await openTab(figure, tab);
        const violations = await axeViolations(page);
        assert.deepEqual(violations, [], `${tab} tab:\n${describeViolations(violations)}`);
      }
      await figure.locator("button[data-tab='embed']").focus();
      await page.keyboard.press("ArrowRight");
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-tab")), "chart", "ArrowRight wraps to the first tab");
      assert.equal(await figure.locator("button[data-tab='chart']").getAttribute("aria-selected"), "true");
      assert.equal(await figure.locator("[role='tabpanel'][data-tab='chart']").isVisible(), true);
    } finally {
      await context.close();
    }
  });
});

interface Checked {
  error: string | null;
  width: number;
  height: number;
  texts: string[];
  outside: string[];
  modelledOutsideBox: boolean | null;
  /** Relative luminance (0–1) of the fill of the image's own text (title, subtitle, legend, source) and of the chart's text. */
  chromeFills: number[];
  chartFills: number[];
}

/** Draws the SVG in the page and measures it: every text's box against the image's, the modelled label against its box. */
async function checkSvg(page: Page, markup: string): Promise<Checked> {
  // tsx (esbuild keepNames) wraps the named functions below in __name(), which the page does not define.
  await page.evaluate("globalThis.__name ??= (f) => f");
  return page.evaluate((markup) => {
    const doc = new DOMParser().parseFromString(markup, "image/svg+xml");
    const error = doc.querySelector("parsererror")?.textContent ?? null;
    const root = document.importNode(doc.documentElement, true) as unknown as SVGSVGElement;
    const holder = document.createElement("div");
    holder.style.cssText = "position:absolute;left:0;top:0";
    holder.append(root);
    document.body.append(holder);
    const frame = root.getBoundingClientRect();
    const luminance = (color: string) => {
      const [r, g, b] = (color.match(/[\d.]+/g) ?? ["0", "0", "0"]).slice(0, 3).map((v) => Number(v) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const texts = [...root.querySelectorAll("text")];
    const outside = texts
      .filter((t) => (t.textContent ?? "").trim() !== "" && getComputedStyle(t).display !== "none")
      .filter((t) => {
        const b = t.getBoundingClientRect();
        return b.width > 0 && (b.left < frame.left - 0.5 || b.top < frame.top - 0.5 || b.right > frame.right + 0.5 || b.bottom > frame.bottom + 0.5);
      })
      .map((t) => t.textContent ?? "");
    const label = root.querySelector<SVGTextElement>("text[data-role='modelled']");
    let modelledOutsideBox: boolean | null = null;
    if (label) {
      const box = label.previousElementSibling!.getBoundingClientRect();
      const b = label.getBoundingClientRect();
      modelledOutsideBox = b.left < box.left || b.right > box.right || b.top < box.top || b.bottom > box.bottom;
    }
    const fill = (t: Element) => luminance(getComputedStyle(t).fill);
    const result = {
      error,
      width: Number(root.getAttribute("width")),
      height: Number(root.getAttribute("height")),
      texts: texts.map((t) => t.textContent ?? ""),
      outside,
      modelledOutsideBox,
      chromeFills: texts.filter((t) => t.dataset.role && t.dataset.role !== "modelled").map(fill),
      chartFills: texts.filter((t) => !t.dataset.role && (t.textContent ?? "").trim()).map(fill)
    };
    holder.remove();
    return result;
  }, markup);
}

describe("image exports", () => {
  test("every figure's SVG and PNG, light and dark slide: title, source, modelled label, no page instructions, no clipped text", async () => {
    let checked = 0;
    // One page per figure: Chromium (156) drops a page's 11th download, and a page of five figures makes 20.
    for (const [path, id] of Object.entries(PAGES).flatMap(([path, ids]) => ids.map((id) => [path, id] as const))) {
      const {context, page, log} = await openPage(site, path);
      try {
        await waitForFigures(page, [id]);
        const figure = page.locator(`#figure-${id}`);
        const title = await figure.locator(".atlas-figure-title").innerText();
        const modelled = (await figure.getAttribute("data-modelled")) === "true";
        // The source line as drawn: the page's, without its citation markers and links.
        const source = await figure.locator(".atlas-figure-source").evaluate((p) => (p.firstChild?.textContent ?? "").replace(/^Source:\s*/, "").replace(/\s+/g, " ").trim());
        await openTab(figure, "download");
        for (const theme of ["light", "dark"] as const) {
          const suffix = theme === "dark" ? "-dark" : "";
          const svgFile = await saved(page, () => figure.locator(`button[data-action='svg${suffix}']`).click());
          assert.match(svgFile.name, new RegExp(`^${id}${suffix}-\\d{4}-\\d{2}-\\d{2}\\.svg$`));
          const svg = await checkSvg(page, svgFile.bytes.toString("utf8"));
          const where = `${path} ${id} (${theme})`;
          assert.equal(svg.error, null, `${where}: the SVG parses`);
          const flat = svg.texts.join(" ").replace(/\s+/g, " ");
          assert.ok(flat.includes(title), `${where}: title drawn`);
          assert.ok(flat.replace(/\s+/g, " ").includes(`Source: ${source}`.slice(0, 60)), `${where}: source line drawn (${source})`);
          assert.equal(flat.includes(MODELLED_LABEL.toUpperCase()), modelled, `${where}: the modelled label when, and only when, the figure is modelled`);
          if (modelled) assert.equal(svg.modelledOutsideBox, false, `${where}: the modelled label fits its box`);
          assert.doesNotMatch(flat, /Drag across|see sources below|use the window controls/i, `${where}: no page instructions`);
          assert.deepEqual(svg.outside, [], `${where}: text outside the image`);
          if (theme === "dark") {
            assert.ok(svg.chromeFills.every((l) => l > 0.5), `${where}: the title, source and key are light (${svg.chromeFills.map((l) => l.toFixed(2))})`);
            const light = svg.chartFills.filter((l) => l > 0.5).length;
            assert.ok(light >= 0.75 * svg.chartFills.length, `${where}: the chart's text is light (${light} of ${svg.chartFills.length})`);
          } else assert.ok(svg.chromeFills.every((l) => l < 0.3), `${where}: dark text on white`);

          const png = readPng((await saved(page, () => figure.locator(`button[data-action='png${suffix}']`).click())).bytes);
          assert.equal(png.width, 2 * svg.width, `${where}: PNG at 2× the SVG's width`);
          assert.equal(png.height, 2 * svg.height, `${where}: PNG at 2× the SVG's height`);
          if (theme === "light") assert.deepEqual(png.firstPixel, [255, 255, 255, 255], `${where}: white background`);
          else assert.equal(png.firstPixel[3], 0, `${where}: transparent background for dark slides`);
        }
        ++checked;
        assert.deepEqual(log.consoleErrors, [], `${path} ${id}: console errors`);
      } finally {
        await context.close();
      }
    }
    assert.ok(checked >= 20, `figures checked: ${checked}`);
  });

  test("the timeline image carries its numbered event list", async () => {
    const {context, page} = await openPage(site, "/timeline");
    try {
      await waitForFigures(page, ["timeline-hourly"]);
      const figure = page.locator("#figure-timeline-hourly");
      const events = await figure.locator(".atlas-event-key li").count();
      await openTab(figure, "download");
      const svg = await checkSvg(page, (await saved(page, () => figure.locator("button[data-action='svg']").click())).bytes.toString("utf8"));
      for (let i = 1; i <= events; ++i) assert.ok(svg.texts.some((t) => t.startsWith(`${i}. `)), `event ${i} listed in the image`);
      assert.ok(events >= 1, "the timeline has numbered events");
    } finally {
      await context.close();
    }
  });
});
