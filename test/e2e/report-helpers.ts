// Helpers for the report's browser tests (test/e2e/report.test.ts).
import type {Page} from "playwright-core";

/** Expected chart figures per report page (and per view of it). */
export const REPORT_FIGURES: Record<string, string[]> = {
  "/": ["overview-map", "overview-timeline"],
  "/countries": ["countries-map"],
  "/countries?country=GB": ["countries-map", "country-hourly", "country-sectors"],
  "/sectors": ["sectors-bars", "sectors-heatmap", "sectors-countries"],
  "/timeline": ["timeline-hourly", "timeline-cumulative", "timeline-window-countries", "timeline-window-sectors", "timeline-patch-gap"],
  "/nhs": ["nhs-trusts", "nhs-primary-care", "nhs-cost"],
  "/why": ["why-patch-gap", "why-os", "why-nhs-estate"],
  "/methodology": ["methodology-hits-per-ip", "methodology-validation"]
};

/** Waits until every listed figure is on the page with a drawn SVG. */
export async function waitForFigures(page: Page, ids: string[], timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    (ids) => ids.every((id) => document.querySelector(`#figure-${id} svg`)),
    ids,
    {timeout}
  );
}

/** The ids of the figures on the page, in order. */
export function figureIds(page: Page): Promise<string[]> {
  return page.locator("figure.atlas-figure").evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).dataset.chartId ?? ""));
}

/** A figure's generated text alternative. */
export function summaryOf(page: Page, id: string): Promise<string> {
  return page.locator(`#figure-${id}-summary`).innerText();
}

/** Waits for a figure's summary to differ from `before`; returns the new one. */
export async function waitForSummaryChange(page: Page, id: string, before: string, timeout = 30_000): Promise<string> {
  await page.waitForFunction(
    ([id, before]) => {
      const text = document.querySelector(`#figure-${id}-summary`)?.textContent ?? "";
      return text !== "" && text !== before;
    },
    [id, before] as const,
    {timeout}
  );
  return summaryOf(page, id);
}

/**
 * Starts the page's DuckDB-WASM and waits until it is ready. The engine starts on the first control used
 * (src/components/lazy-duckdb.ts); an input event in the main column starts it, as a reader's would.
 */
export async function waitForEngine(page: Page, timeout = 90_000): Promise<void> {
  const status = page.locator(".atlas-engine-status");
  await status.waitFor({timeout});
  await status.evaluate((el) => el.dispatchEvent(new Event("input", {bubbles: true})));
  await page.waitForSelector('.atlas-engine-status[data-state="ready"]', {timeout});
}

export function query(page: Page): URLSearchParams {
  return new URL(page.url()).searchParams;
}

/** Text that means a value went missing on the way to the reader. */
export const BROKEN_TEXT = /\b(undefined|NaN|null|Infinity|\[object Object\])\b/;
