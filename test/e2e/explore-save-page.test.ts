// "Save as page" (issue 16): a page saved from a two-cell notebook is dropped into src/ of a private copy of the
// project, built offline with the rest of the site, and draws its chart with no console error and no third-party request;
// built for an incident of real data, the same page names that incident and carries no modelled label.
import assert from "node:assert/strict";
import {readFile, writeFile} from "node:fs/promises";
import {join} from "node:path";
import {after, before, test} from "node:test";
import type {Download, Page} from "playwright-core";
import {loadIncident} from "../../loaders/incident.ts";
import {buildIncident, type IncidentBuild} from "./incident-build.ts";
import {openPage, openSite, type Site} from "./site.ts";
import type {PageRecord} from "./browser.ts";
import {notebookPage} from "../../src/components/explore/save-page.ts";

let site: Site;
before(async () => (site = await openSite(process.env.E2E_DIST ?? "dist")));
after(async () => site?.close());

test("a page saved from a notebook builds in a copy of the site and renders its chart", {timeout: 1_200_000}, async () => {
  const cell1 = "-- Hits by country\nSELECT country, sum(hits)::BIGINT AS hits FROM hourly GROUP BY country ORDER BY hits DESC LIMIT 12";
  const cell2 = "SELECT country, hits FROM cell1 WHERE hits > 0 ORDER BY hits DESC";
  const {context, page} = await openPage(site, `/explore?q=${encodeURIComponent(cell1)}&q=${encodeURIComponent(cell2)}`);
  let markdown: string;
  try {
    await page.locator("#engine-status[data-state='ready']").waitFor({timeout: 60_000});
    await page.locator("#sql-run-all").click();
    await page.waitForFunction(() => document.querySelector<HTMLElement>("#sql-output-2")?.dataset.state === "done", undefined, {timeout: 60_000});
    const [download]: [Download, void] = await Promise.all([page.waitForEvent("download", {timeout: 20_000}), page.locator("#sql-save-page").click()]);
    assert.equal(download.suggestedFilename(), "hits-by-country.md");
    markdown = await readFile(await download.path(), "utf-8");
  } finally {
    await context.close();
  }
  assert.match(markdown, /^---\ntitle: "Hits by country"/);
  await withSavedPage("wannacry-2017", markdown, async (saved) => {
    await saved.locator("#figure-cell1-chart svg").first().waitFor({timeout: 60_000});
    await saved.locator("#figure-cell2-chart svg").first().waitFor({timeout: 60_000});
    assert.ok(await saved.locator("#figure-cell1-chart rect").count() >= 12, "cell1's bars");
    assert.match(await saved.locator("#figure-cell1-chart").innerText(), /Modelled data, not observed telemetry/i);
    assert.match(await saved.locator("#notebook-data").innerText(), /for WannaCry ransomware outbreak, May 2017\. They are modelled: /);
  });
  // The same page built for an incident of real (not modelled) data: its tables, its name, and no modelled label.
  const observed = loadIncident("notpetya-2017-sample");
  assert.equal(observed.data.modelled, false);
  // Beside it, a page saved from a notebook whose first cell reads one of WannaCry's published tables, which this
  // incident does not cite: a note names the table, that cell fails alone, and the cell after it still draws its chart.
  const published = notebookPage({cells: [
    {sql: "-- Detections\nSELECT country, figure FROM country_figures", spec: null, tables: [{name: "published-country-figures", table: "country_figures", kind: "published"}]},
    {sql: "SELECT country, sum(hits)::BIGINT AS hits FROM hourly GROUP BY country ORDER BY hits DESC LIMIT 8", spec: {mark: "bar", x: "country", y: "hits", series: null}, tables: [{name: "hourly", table: "hourly", kind: "observed"}]}
  ]});
  await withSavedPage(observed.id, markdown, async (saved) => {
    await saved.locator("#figure-cell1-chart svg").first().waitFor({timeout: 60_000});
    assert.equal(await saved.locator("#figure-cell1-chart").getAttribute("data-modelled"), "false");
    const text = await saved.locator("#observablehq-main").innerText();
    assert.ok(text.includes(`for ${observed.title}.`), "names the incident of the build it is in");
    assert.doesNotMatch(text, /modelled|wannacry/i);
  }, {"published-notebook": published}, async (other, log) => {
    await other.locator("#figure-cell2-chart svg").first().waitFor({timeout: 60_000});
    assert.match(await other.locator("#notebook-missing").innerText(), new RegExp(`cites no published table country_figures .*: the cells that read it cannot run in this build`));
    assert.ok(await other.locator("#figure-cell2-chart rect").count() >= 3, "the cell after the failed one draws its bars");
    assert.ok(log.consoleErrors.length > 0 && log.consoleErrors.every((e) => /country_figures does not exist/.test(e)), `only the cell that reads the absent table fails: ${log.consoleErrors.join(" | ")}`);
    assert.deepEqual(log.thirdPartyRequests, []);
  });
});

/**
 * Builds the incident in a copy of the project with the saved page as src/my-notebook.md, opens the page, runs `check`,
 * then checks it loaded with no console error and no third-party request. `others`: more saved pages (name → Markdown),
 * each opened and given to `checkOthers` with its log.
 */
async function withSavedPage(incident: string, markdown: string, check: (page: Page) => Promise<void>,
  others: Record<string, string> = {}, checkOthers?: (page: Page, log: PageRecord) => Promise<void>): Promise<void> {
  let build: IncidentBuild | undefined;
  try {
    build = await buildIncident(incident, async (dir) => {
      for (const [name, text] of Object.entries({"my-notebook": markdown, ...others})) await writeFile(join(dir, "src", `${name}.md`), text);
    });
    const copy = await openSite(build.dist);
    try {
      for (const name of Object.keys(others)) {
        const {context, page, log} = await openPage(copy, `/${name}`);
        try {
          await checkOthers?.(page, log);
        } finally {
          await context.close();
        }
      }
      const {context, page, log} = await openPage(copy, "/my-notebook");
      try {
        await check(page);
        await page.waitForLoadState("networkidle");
        assert.deepEqual(log.consoleErrors, []);
        assert.deepEqual(log.thirdPartyRequests, []);
      } finally {
        await context.close();
      }
    } finally {
      await copy.close();
    }
  } finally {
    await build?.remove();
  }
}
