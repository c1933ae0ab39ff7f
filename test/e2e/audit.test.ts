// The figure audit (scripts/audit-figures.ts, `npm run audit:figures`) over the built site: every source
// marker on every page resolves to a row anchor on the sources page, and every number on the report's
// pages has a source row or a query that reproduces it.
import assert from "node:assert/strict";
import {test} from "node:test";
import {auditFigures, auditablePages} from "../../scripts/audit-figures.ts";
import {DIST} from "./site.ts";

// The pages whose every number must be sourced (the generic report pages and the case-study pages built).
const REPORT_PAGES = ["/", "/timeline", "/methodology", "/sources", "/why", "/nhs", "/statement", "/proof"];

test("every number on the report pages has a source row or a query; every marker resolves on the sources page", {timeout: 600_000}, async () => {
  const built = await auditablePages(DIST);
  assert.ok(built.includes("/sources"), "the sources page is built");
  const {figures, dangling} = await auditFigures({dist: DIST, pages: built});
  assert.deepEqual(dangling, [], "source markers whose row is not on the sources page");
  const report = new Set(REPORT_PAGES.filter((p) => built.includes(p)));
  const onReport = figures.filter((f) => report.has(f.page));
  assert.ok(onReport.length > 100, `numbers found on the report pages: ${onReport.length}`);
  const missing = onReport.filter((f) => !f.source).map((f) => `${f.page}: ${f.number} in “${f.context}”`);
  assert.deepEqual(missing, [], "numbers with neither a source row nor a query");
  // The audit can fail: a marker and a query link are what make a number sourced.
  assert.ok(onReport.some((f) => f.source.startsWith("cite")) && onReport.some((f) => f.source.startsWith("query")), "both kinds of source seen");
});
