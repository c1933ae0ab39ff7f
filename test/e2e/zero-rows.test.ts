// An incident whose window holds none of its rows: the pipeline accepts 0 rows, and every page must say so in words
// instead of failing: no DuckDB error (an empty `IN ()`), no peak hour, no "Top 20 of 0". (A typo in "families" is
// different: it stops the ingest and the build with the families seen; see test/unit/shadowserver.test.ts.)
// Built in a temporary copy with an extra incident that reads the notpetya-2017-sample files.
import assert from "node:assert/strict";
import {mkdir, writeFile} from "node:fs/promises";
import {join} from "node:path";
import {after, before, describe, test} from "node:test";
import {buildIncident, type IncidentBuild} from "./incident-build.ts";
import {builtPages, openPage, openSite, type Site} from "./site.ts";

const INCIDENT = "zero-rows-test";
let build: IncidentBuild;
let site: Site;
let pages: string[] = [];

before(async () => {
  build = await buildIncident(INCIDENT, async (dir) => {
    await mkdir(join(dir, "data", "incidents", INCIDENT));
    await writeFile(join(dir, "data", "incidents", INCIDENT, "incident.json"), JSON.stringify({
      id: INCIDENT, name: "Zero rows", title: "An incident whose window holds none of its rows",
      families: ["notpetya"],
      window: {start: "2017-07-27T00:00:00Z", end: "2017-07-29T00:00:00Z"},
      key_events: [], published: [], pages: [],
      data: {modelled: false, inputs: ["../notpetya-2017-sample/event4-sinkhole-2017-06-27.csv", "../notpetya-2017-sample/botnet-drone-2017-06-28.csv"]}
    }));
  });
  pages = await builtPages(build.dist);
  site = await openSite(build.dist);
}, {timeout: 900_000});

after(async () => {
  await site?.close();
  await build?.remove();
});

describe(`INCIDENT=${INCIDENT}: 0 accepted rows`, () => {
  test("every page renders without an error and says there is no data", async (t) => {
    for (const path of pages) {
      await t.test(path, async () => {
        const {context, page, log} = await openPage(site, path);
        try {
          await page.waitForFunction(() => document.querySelectorAll("observablehq-loading").length === 0, undefined, {timeout: 60_000});
          await page.waitForLoadState("networkidle", {timeout: 30_000});
          if (path === "/sectors" || path === "/countries") {
            // These pages start DuckDB lazily; wait for its cells too.
            await page.waitForFunction(() => !/Loading the query engine/.test(document.body.innerText), undefined, {timeout: 60_000}).catch(() => undefined);
          }
          assert.deepEqual(await page.locator(".observablehq--error").allInnerTexts(), [], `${path}: cells failed`);
          const text = await page.locator("body").innerText();
          for (const leak of [/\$\{/, /\bundefined\b/, /\bNaN\b/, /Infinity/, /\[object Object\]/, /IN \(\)/, /peaked at/, /Top \d+ of 0/]) {
            assert.doesNotMatch(text, leak, `${path} shows ${leak}`);
          }
          if (path === "/sectors") assert.match(text, /No accepted rows, so no sector has data\./);
          if (path === "/countries") assert.match(text, /No country has enough data/);
          if (path === "/data") assert.match(text, /No hits in the window\./);
          assert.deepEqual(log.consoleErrors, [], `${path}: console errors`);
          assert.deepEqual(log.failedRequests, [], `${path}: failed requests`);
        } finally {
          await context.close();
        }
      });
    }
  });
});
