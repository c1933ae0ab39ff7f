// A second, real-data incident that is not WannaCry (data/incidents/notpetya-2017-sample: invented rows in
// Shadowserver's event4_sinkhole and legacy botnet_drone layouts, "modelled": false, no kill switch, no vulnerability,
// no published tables, no case-study pages). The whole site is built for it in a temporary copy and every page is
// visited: no error, no failed or third-party request, nothing of WannaCry and no "modelled" label anywhere, and the
// navigation lists no case-study page.
import assert from "node:assert/strict";
import {existsSync, readdirSync} from "node:fs";
import {appendFile, readFile} from "node:fs/promises";
import {join} from "node:path";
import {after, before, describe, test} from "node:test";
import {buildIncident, type IncidentBuild} from "./incident-build.ts";
import {builtPages, openPage, openSite, type Site} from "./site.ts";
import {GENERIC_PAGES, declaredPages, loadIncident} from "../../loaders/incident.ts";
import {checkDist} from "../../scripts/check-dist.ts";
import {expectedPages} from "./site.ts";
import {checkEveryPage, LEAKS} from "./page-checks.ts";

const INCIDENT = "notpetya-2017-sample";
/** Text that must not appear on any page of this incident (the report must not borrow WannaCry's facts or labels). */
const FORBIDDEN = /wanna\s*cry|\bNHS\b|kill[\s-]?switch|kryptos|MS17-010|modell?ed/i;
const config = JSON.parse(await readFile(join("data", "incidents", INCIDENT, "incident.json"), "utf-8")) as {name: string; title: string};
/** Case-study pages of the other incidents (WannaCry's NHS, Why, Statement, Proof…). */
const foreign = [...declaredPages()].filter(([id]) => id !== INCIDENT).flatMap(([, pages]) => pages);

let build: IncidentBuild;
let site: Site;
let pages: string[] = [];

before(async () => {
  build = await buildIncident(INCIDENT);
  pages = await builtPages(build.dist);
  site = await openSite(build.dist);
}, {timeout: 900_000});

after(async () => {
  await site?.close();
  await build?.remove();
});

describe(`INCIDENT=${INCIDENT}: a real-data, non-WannaCry report`, () => {
  test("the build has the generic pages and no case-study page of another incident", () => {
    for (const path of ["/", ...GENERIC_PAGES.map((p) => p.path)].filter((p) => existsSync(join("src", `${p === "/" ? "/index" : p}.md`)))) {
      assert.ok(pages.includes(path), `${path} is built`);
    }
    assert.ok(foreign.length > 0, "another incident declares case-study pages");
    for (const path of foreign) assert.ok(!pages.includes(path), `${path} (another incident's case study) is not in the build`);
    assert.ok(!pages.includes("/embed/proof-detections"), "no embeddable case-study chart");
  });

  test("no case-study dataset of another incident ships: not copied to dist/, not registered by Data or Explore", async () => {
    const {readdir} = await import("node:fs/promises");
    assert.deepEqual((await readdir(join(build.dist, "_file", "data"))).filter((f) => f.startsWith("proof-detections.")), []);
    for (const page of ["data.html", "explore.html"]) {
      assert.doesNotMatch(await readFile(join(build.dist, page), "utf-8"), /proof-detections/, `${page} registers no proof-detections file`);
    }
    assert.ok(!existsSync(join(build.dist, "components", "explore", "case-study-files", "proof.js")), "the /proof datasets' module is not built");
  });

  test("the built pages are exactly the incident's (generic pages and embeds)", () => {
    assert.deepEqual(pages, expectedPages(loadIncident(INCIDENT)));
  });

  test("check:dist: no broken link (no page links to a removed case study), no missing asset, no third-party load", () => {
    const {problems} = checkDist(build.dist);
    assert.deepEqual(problems, []);
  });

  // Page tests are registered once the build is known, one per built page.
  test("Methodology: each reason's first rejects, by file and line as validation.json keeps them, and each file's rejects by reason", async () => {
    const data = join(build.dist, "_file", "data");
    const file = readdirSync(data).find((f) => /^validation\.[0-9a-f]+\.json$/.test(f));
    assert.ok(file, "the built site has validation.json");
    const validation = JSON.parse(await readFile(join(data, file), "utf-8")) as
      {files: {file: string; by_reason: Record<string, number>}[]; by_reason: Record<string, {text: string; examples: string[]}>};
    const {context, page} = await openPage(site, "/methodology");
    try {
      const reasons = page.locator("#reject-reasons");
      await reasons.waitFor();
      for (const [reason, r] of Object.entries(validation.by_reason)) {
        const item = reasons.locator("li", {hasText: reason}).first();
        await item.locator("summary").click();
        assert.deepEqual(await item.locator("details code").allInnerTexts(), r.examples.map((e) => e.replace(`: ${reason} (${r.text})`, ":")),
          `${reason}: the examples of validation.json, in order`);
      }
      const table = await page.locator("table.atlas-org-table").innerText();
      for (const f of validation.files) for (const [reason, n] of Object.entries(f.by_reason)) assert.ok(table.includes(`${reason} ${n}`), `${f.file}: ${reason} ${n}`);
    } finally {
      await context.close();
    }
  });

  test("every page: no error, no failed or third-party request, no WannaCry text, no modelled label, no case study in the nav", async (t) => {
    for (const path of pages) {
      await t.test(path, async () => {
        const {context, page, log} = await openPage(site, path);
        try {
          await page.waitForFunction(() => document.querySelectorAll("observablehq-loading").length === 0, undefined, {timeout: 60_000});
          await page.waitForLoadState("networkidle", {timeout: 30_000});
          assert.deepEqual(await page.locator(".observablehq--error").allInnerTexts(), [], `${path}: cells failed`);
          const text = `${await page.title()}\n${await page.locator("body").innerText()}`;
          // ATLAS_DUMP=<file> keeps each page's text, to read what the report says for this incident.
          if (process.env.ATLAS_DUMP) await appendFile(process.env.ATLAS_DUMP, `\n===== ${path}\n${text}\n`);
          const found = text.match(new RegExp(`.{0,60}(${FORBIDDEN.source}).{0,60}`, "i"))?.[0];
          assert.equal(found, undefined, `${path} shows forbidden text: …${found}…`);
          for (const leak of LEAKS) assert.doesNotMatch(text, leak, `${path} shows ${leak}`);
          if (!path.startsWith("/embed/")) {
            const nav = await page.locator("#observablehq-sidebar a").evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
            for (const path of foreign) assert.ok(!nav.some((href) => href === path || href.endsWith(path)), `the nav links to ${path}`);
            assert.ok((await page.locator("#observablehq-sidebar").innerText()).includes(config.name), "the nav is headed by the incident's name");
          }
          assert.deepEqual(log.consoleErrors, [], `${path}: console errors`);
          assert.deepEqual(log.failedRequests, [], `${path}: failed requests`);
          assert.deepEqual(log.thirdPartyRequests, [], `${path}: third-party requests`);
        } finally {
          await context.close();
        }
      });
    }
  });

  test("every page passes the default build's page checks, at the default width and at 375 px (page-checks.ts)", (t) => checkEveryPage(t, site, pages));
});
