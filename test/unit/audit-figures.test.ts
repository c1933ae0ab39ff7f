// The figure audit (scripts/audit-figures.ts): numbers that are part of a name or definition (IPv4, IPv6, "2–6 digit")
// are not figures; a threshold marked with the setting that sets it (constantText) is sourced by it; any other bare
// number still has no source. Run in headless Chromium on a two-page static site.
import {test} from "node:test";
import assert from "node:assert/strict";
import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {tmpdir} from "node:os";
import {figureNumbers} from "../../scripts/audit-patterns.ts";
import {auditFigures} from "../../scripts/audit-figures.ts";

test("audit patterns: IPv4/IPv6 and code lengths are names and definitions, not figures", () => {
  assert.deepEqual(figureNumbers("not a valid IPv4 or IPv6 address"), []);
  assert.deepEqual(figureNumbers("not a 2–6 digit NAICS code"), []);
  assert.deepEqual(figureNumbers("a 6-digit code, 4 digits"), []);
  assert.deepEqual(figureNumbers("No country has 500 or more unique IPs"), ["500"], "a threshold is a figure: it needs a source");
  assert.deepEqual(figureNumbers("2,345 IPv4 addresses and 12% IPv6"), ["2,345", "12%"]);
  assert.deepEqual(figureNumbers("MS17-010 on 12 May 2017 at 14:08 UTC, 64-bit"), []);
});

test("audit: a threshold marked with its setting is sourced by it; names and definitions are skipped; a bare number is not sourced", async () => {
  const dist = mkdtempSync(join(tmpdir(), "atlas-audit-"));
  try {
    const page = (body: string) => `<!doctype html><html><head><meta charset="utf-8"></head><body><main id="observablehq-main">${body}</main></body></html>`;
    writeFileSync(join(dist, "sources.html"), page(`<table class="atlas-source-rows"><tr id="T01"><td>T01</td></tr></table>`));
    writeFileSync(join(dist, "methodology.html"), page(`<ul><li>bad_ip: not a valid IPv4 or IPv6 address</li><li>bad_naics: not a 2–6 digit NAICS code</li></ul>
      <p>No country has <span class="atlas-constant" data-constant="MIN_IPS (src/figures/methodology-hits-per-ip.ts)">500</span> or more unique IPs.</p>
      <p>There were 42 hits.</p>`));
    const {figures} = await auditFigures({dist, pages: ["/methodology"]});
    assert.deepEqual(figures.map((f) => [f.number, f.source]), [["500", "constant MIN_IPS (src/figures/methodology-hits-per-ip.ts)"], ["42", ""]]);
  } finally {
    rmSync(dist, {recursive: true, force: true});
  }
});
