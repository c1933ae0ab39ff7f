// Every built page renders, logs no error, talks to no host but this one, and fits a phone (page-checks.ts; the
// other incidents' builds run the same checks in incident.test.ts and byod.test.ts).
import assert from "node:assert/strict";
import {after, before, describe, test} from "node:test";
import {builtPages, expectedPages, openSite, type Site} from "./site.ts";
import {checkPage, checkPageOnPhone} from "./page-checks.ts";

const pages = await builtPages();
let site: Site;

before(async () => (site = await openSite()));
after(async () => site?.close());

describe("every page of dist/", () => {
  test("the build has pages", () => {
    assert.ok(pages.includes("/"), `no index page among ${pages.join(", ")}`);
  });

  test("the built pages are the active incident's: generic pages, its case studies, its embeds, nothing else", () => {
    assert.deepEqual(pages, expectedPages());
  });

  for (const path of pages) {
    test(`${path} renders its charts with no error and no third-party request`, () => checkPage(site, path));
  }
});

describe("every page of dist/ on a phone", () => {
  for (const path of pages) {
    test(`${path} fits a 375 px screen: the page never scrolls sideways, and no text is squeezed`, () => checkPageOnPhone(site, path));
  }
});
