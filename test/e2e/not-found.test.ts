// The 404 page (src/404.md → 404.html): served with status 404 for any missing path, at any depth; incident-neutral;
// not in the navigation; no console error beyond the 404 status itself, no third-party request, no axe violation.
import assert from "node:assert/strict";
import {after, before, describe, test} from "node:test";
import {loadIncident} from "../../loaders/incident.ts";
import {axeViolations, describeViolations} from "./axe.ts";
import {openPage, openSite, type Site} from "./site.ts";

let site: Site;
before(async () => (site = await openSite()));
after(async () => site?.close());

/** Chromium's console line for a response with status 404 (the document's own status, not a fault of the page). */
const own404 = (line: string, url: string) => line.startsWith("Failed to load resource: the server responded with a status of 404") && line.endsWith(`(${url})`);

describe("404 page", () => {
  for (const path of ["/no-such-page", "/embed/no/such/chart"]) {
    test(`${path}: status 404, the site's 404 page, its styles and a working link home`, async () => {
      const url = site.server.origin + path;
      const {context, page, log} = await openPage(site, path);
      try {
        const response = await page.request.get(url);
        assert.equal(response.status(), 404);
        assert.equal(await page.title(), "Page not found | Incident Atlas");
        const main = page.locator("#observablehq-main");
        assert.equal(await main.locator("h1").innerText(), "Page not found");
        // Styled by the site's stylesheet, found through <base href="/"> at any depth.
        assert.notEqual(await page.evaluate(() => getComputedStyle(document.body).fontFamily), "");
        assert.equal(await page.evaluate(() => [...document.styleSheets].filter((s) => s.href).length > 0), true);
        // Incident-neutral: the page's own text names no incident (the sidebar, shared by every page, does).
        const text = await main.innerText();
        const incident = loadIncident();
        for (const word of [incident.name, incident.title, "WannaCry", "modelled"]) assert.ok(!text.toLowerCase().includes(word.toLowerCase()), `no "${word}" in the 404 text`);
        assert.equal(await page.locator('#observablehq-sidebar a[href*="404"]').count(), 0, "not a sidebar entry");
        assert.deepEqual(await axeViolations(page).then((v) => (v.length ? [describeViolations(v)] : [])), []);
        await page.waitForLoadState("networkidle");
        assert.deepEqual(log.consoleErrors.filter((line) => !own404(line, url)), []);
        assert.deepEqual(log.failedRequests, [`${url} (HTTP 404)`]);
        assert.deepEqual(log.thirdPartyRequests, []);
        await main.getByRole("link", {name: "Go to the first page of the report"}).click();
        await page.waitForURL(site.server.origin + "/");
        assert.ok((await page.locator("#observablehq-main h1").count()) > 0, "the first page opens");
      } finally {
        await context.close();
      }
    });
  }
});
