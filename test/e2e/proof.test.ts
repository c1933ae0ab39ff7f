// The proof page: moving the input changes the DuckDB-WASM query result.
import assert from "node:assert/strict";
import {after, before, test} from "node:test";
import {openPage, openSite, waitForRender, type Site} from "./site.ts";

let site: Site;
before(async () => (site = await openSite()));
after(async () => site?.close());

test("the proof page's SQL result follows the range input", async () => {
  const {context, page, log} = await openPage(site, "/proof");
  try {
    await waitForRender(page);
    const result = page.locator("#proof-result");
    await assert.doesNotReject(result.waitFor({timeout: 30_000}));
    const before = await result.innerText();
    assert.match(before, /DuckDB-WASM: 10 countries have at least 0 detections, together 172,414/);

    const input = page.locator('input[type="number"]').first();
    await input.fill("20000");
    await input.dispatchEvent("input");
    await page.waitForFunction(() => /\b3 countries/.test(document.querySelector("#proof-result")?.textContent ?? ""), undefined, {timeout: 15_000});
    assert.match(await result.innerText(), /3 countries have at least 20,000 detections, together 163,086/);

    const wasm = log.requests.filter((r) => r.url.endsWith(".wasm"));
    assert.ok(wasm.length >= 1, "DuckDB's wasm is loaded");
    assert.ok(wasm.every((r) => r.url.startsWith(site.server.origin)), "DuckDB's wasm comes from this site");
    assert.deepEqual(log.consoleErrors, []);
    assert.deepEqual(log.failedRequests, []);
    assert.deepEqual(log.thirdPartyRequests, []);
  } finally {
    await context.close();
  }
});
