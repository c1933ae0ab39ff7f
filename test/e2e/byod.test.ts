// Bring your own data: a second incident (data/incidents/test-synthetic, made-up rows) builds a second report
// from the same pages with no page edited. The site is built in a temporary copy of the project (its own
// Framework cache, pipeline cache and dist/), so the main dist/ that other browser tests use is untouched.
import assert from "node:assert/strict";
import {readFile, readdir} from "node:fs/promises";
import {join, resolve} from "node:path";
import {after, before, describe, test} from "node:test";
import {tableFromIPC, type Table} from "apache-arrow";
import {expectedPages, openPage, openSite, waitForRender, type Site} from "./site.ts";
import {loadIncident} from "../../loaders/incident.ts";
import {buildIncident, type IncidentBuild} from "./incident-build.ts";
import {checkEveryPage} from "./page-checks.ts";

const ROOT = resolve(".");
const INCIDENT = "test-synthetic";
let build: IncidentBuild;
let site: Site;
let incident: {id: string; title: string; families: string[]};

async function builtTable(name: string): Promise<Table> {
  const dir = join(build.dist, "_file", "data");
  const file = (await readdir(dir)).find((f) => new RegExp(`^${name}\\.[0-9a-f]+\\.arrow$`).test(f));
  assert.ok(file, `${name}.arrow was built`);
  return tableFromIPC(await readFile(join(dir, file)));
}

before(async () => {
  build = await buildIncident(INCIDENT);
  incident = JSON.parse(await readFile(join(ROOT, "data", "incidents", INCIDENT, "incident.json"), "utf-8"));
  site = await openSite(build.dist);
}, {timeout: 900_000});

after(async () => {
  await site?.close();
  await build?.remove();
});

describe(`INCIDENT=${INCIDENT}: a second report from configuration alone`, () => {
  test("the pipeline built the second incident's tables, not WannaCry's", async () => {
    const countries = await builtTable("countries");
    assert.equal(countries.schema.metadata.get("incident"), INCIDENT);
    const hourly = await builtTable("hourly");
    const hours = [...hourly].map((r) => Number(r.hour));
    assert.ok(hours.length > 0);
    assert.ok(Math.min(...hours) >= Date.parse("2021-03-01T00:00:00Z") && Math.max(...hours) < Date.parse("2021-03-03T00:00:00Z"), "hours inside the synthetic window");
  });

  const WANNACRY = /wanna\s*cry|wcry|\bNHS\b|May 2017|kill-switch domain/i;
  for (const path of ["/", "/countries", "/sectors", "/timeline", "/data", "/explore", "/embed/countries-map", "/embed/timeline-hourly", "/embed/sectors-bars"]) {
    test(`${path} shows the synthetic incident and no WannaCry text`, async () => {
      const {context, page, log} = await openPage(site, path);
      try {
        await page.waitForFunction(() => document.querySelectorAll("observablehq-loading").length === 0, undefined, {timeout: 60_000});
        assert.deepEqual(await page.locator(".observablehq--error").allInnerTexts(), [], `${path}: cells failed`);
        await waitForRender(page, 30_000);
        // Published fact tables are shipped only for the incidents that cite them: the whole page is checked.
        const main = (await page.locator("#observablehq-main").allInnerTexts()).join("\n");
        const found = main.match(new RegExp(`.{0,60}(${WANNACRY.source}).{0,60}`, "i"))?.[0];
        assert.equal(found, undefined, `${path} shows WannaCry text`);
        if (path === "/") assert.ok(main.includes(incident.title), "the home page names the incident");
        if (path === "/embed/countries-map" || path === "/embed/timeline-hourly") assert.ok(main.includes(incident.title), "the incident's title");
        if (path === "/data") {
          assert.ok(main.includes(incident.title), "the incident's title");
          for (const family of incident.families) assert.ok(main.includes(family), `family ${family}`);
          const hourly = await builtTable("hourly");
          const shown = await page.locator("section.dataset[data-dataset='hourly'] a.atlas-query-link").first().innerText();
          assert.equal(Number(shown.replace(/,/g, "").replace(/ rows$/, "")), hourly.numRows, "the hourly row count");
        }
        if (path === "/explore") {
          await page.locator("#sql-editor").fill("SELECT sum(hits)::BIGINT AS hits, count(DISTINCT country) AS countries FROM hourly");
          await page.locator("#sql-editor").press("Control+Enter");
          await page.waitForFunction(() => document.querySelector<HTMLElement>("#sql-output")?.dataset.state === "done", undefined, {timeout: 60_000});
          const hourly = [...(await builtTable("hourly"))];
          const hits = hourly.reduce((n, r) => n + Number(r.hits), 0);
          const countries = new Set(hourly.map((r) => String(r.country))).size;
          const cells = await page.locator("#sql-output tbody td").allInnerTexts();
          assert.deepEqual(cells.map((c) => Number(c.replace(/,/g, ""))), [hits, countries], "Explore queries the synthetic tables");
        }
        assert.deepEqual(log.consoleErrors, [], `${path}: console errors`);
        assert.deepEqual(log.thirdPartyRequests, []);
      } finally {
        await context.close();
      }
    });
  }

  // The incident's data are modelled input rows, not a simulation (no data.model, no model.json): every page may say
  // "modelled", none may credit a model (src/components/facts/modelled.ts words the two cases).
  const MODEL_CLAIM = /\bthe model\b|\bmodel's|\bof the model\b|model\.json|simulation|\bassumed (sector )?(mix|shares)/i;
  test("no page credits a model to modelled input rows", async (t) => {
    assert.equal(loadIncident(INCIDENT).data.model, null, "the test incident has no model");
    for (const path of [...expectedPages(loadIncident(INCIDENT)), "/countries?metric=unique_ips", "/sectors?sectors=health"]) {
      await t.test(path, async () => {
        const {context, page, log} = await openPage(site, path);
        try {
          await page.waitForFunction(() => document.querySelectorAll("observablehq-loading").length === 0, undefined, {timeout: 60_000});
          await page.waitForLoadState("networkidle", {timeout: 30_000});
          const text = `${await page.title()}\n${await page.locator("body").innerText()}\n${(await page.locator("svg text, svg title, [aria-label]").evaluateAll((els) => els.map((e) => `${e.textContent} ${e.getAttribute("aria-label") ?? ""}`))).join("\n")}`;
          const found = text.match(new RegExp(`.{0,60}(${MODEL_CLAIM.source}).{0,60}`, "i"))?.[0];
          assert.equal(found, undefined, `${path} credits a model: …${found}…`);
          if (path === "/sectors") assert.match(text, /the sector mix is part of the modelled input/i, "the sectors page says the mix is modelled");
          assert.deepEqual(log.consoleErrors, [], `${path}: console errors`);
        } finally {
          await context.close();
        }
      });
    }
  });
  test("every page passes the default build's page checks, at the default width and at 375 px (page-checks.ts)", (t) => checkEveryPage(t, site, expectedPages(loadIncident(INCIDENT))));
});
