// The figure audit (scripts/audit-figures.ts, `npm run audit:figures`) over the built site: every source
// marker on every page resolves to a row anchor on the sources page, and every number on the report's
// page has a source row or a query that reproduces it (every built page, plus a country's detail panel).
import assert from "node:assert/strict";
import {test} from "node:test";
import {auditFigures, auditablePages} from "../../scripts/audit-figures.ts";
import {DIST} from "./site.ts";

// Generic pages that must be built and audited (case-study pages are audited when built).
const GENERIC_PAGES = ["/", "/countries", "/sectors", "/timeline", "/methodology", "/explore", "/data", "/sources"];
// A state a page reaches only from its URL: the country detail panel (its summary, curve, mix and published figures).
const STATES = ["/countries?country=CN"];

test("every number on every built page has a source row or a query; every marker resolves on the sources page", {timeout: 600_000}, async () => {
  const built = await auditablePages(DIST);
  for (const page of GENERIC_PAGES) assert.ok(built.includes(page), `${page} is built`);
  const {figures, dangling} = await auditFigures({dist: DIST, pages: [...built, ...STATES]});
  assert.deepEqual(dangling, [], "source markers whose row is not on the sources page");
  const onReport = figures;
  assert.ok(onReport.length > 100, `numbers found on the built pages: ${onReport.length}`);
  for (const page of ["/countries", "/sectors", "/data", ...STATES]) assert.ok(figures.some((f) => f.page === page), `numbers found on ${page}`);
  const missing = onReport.filter((f) => !f.source).map((f) => `${f.page}: ${f.number} in “${f.context}”`);
  assert.deepEqual(missing, [], "numbers with neither a source row nor a query");
  // The audit can fail: a marker and a query link are what make a number sourced.
  assert.ok(onReport.some((f) => f.source.startsWith("cite")) && onReport.some((f) => f.source.startsWith("query")), "both kinds of source seen");
});
