// "Copy embed code": the iframe and module snippets carry every selection a figure declares (its params in the
// figure registry, src/figures/index.ts), so the embedded figure shows what the page shows.
import assert from "node:assert/strict";
import {register} from "node:module";
import {test} from "node:test";
import {EMBED_CASE_STUDY, EMBED_IDS} from "../../src/components/figure/embed-ids.ts";
import type {Reader} from "../../src/figures/params.ts";

// The figure modules import Framework's npm: specifiers; in Node they are the installed packages.
register("data:text/javascript," + encodeURIComponent(`export async function resolve(s, c, next) { return next(s.startsWith("npm:") ? s.slice(4) : s, c); }`));
const {FIGURES, figureParamNames} = await import("../../src/figures/index.ts");
const {figureEmbedCode} = await import("../../src/components/figure/chart-actions.ts");

const ROOT = "https://atlas.example.org/atlas/";
// Values to try for each parameter: the first one its reader does not turn into the default is used.
const SAMPLES = ["hits", "linear", "DE", "europe", "2017-05-12T10:00Z", "health,education", "5"];
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function sampleSelections(params: Record<string, Reader<unknown>>): URLSearchParams {
  const out = new URLSearchParams();
  for (const [name, read] of Object.entries(params)) {
    const value = SAMPLES.find((v) => !same(read(v), read(undefined)));
    assert.ok(value, `parameter ${name}: add a non-default sample value to SAMPLES`);
    out.set(name, value);
  }
  return out;
}

test("every figure's declared selections round-trip through its iframe and module snippets", () => {
  for (const [id, entry] of Object.entries(FIGURES)) {
    assert.deepEqual(figureParamNames(id), Object.keys(entry.params));
    const selections = sampleSelections(entry.params);
    // The page's URL also holds another figure's panel state and an unrelated parameter.
    const href = `${ROOT}somepage?${selections}&other-figure.tab=table&unrelated=1#figure-${id}`;
    const code = figureEmbedCode(id, "A title", figureParamNames(id), href, ROOT);

    const src = new URL(/<iframe src="([^"]+)"/.exec(code.iframe)![1]!.replaceAll("&amp;", "&"));
    const withPage = !(EMBED_IDS as readonly string[]).includes(id);
    assert.equal(src.origin + src.pathname, withPage ? `${ROOT}somepage` : `${ROOT}embed/${id}`, `${id}: iframe address`);
    if (withPage) assert.equal(src.searchParams.get("embed"), id);
    assert.equal(src.searchParams.get("other-figure.tab"), null, `${id}: no panel state in the iframe`);

    const options = JSON.parse(new RegExp(`render\\(${JSON.stringify(id)}, (\\{.*\\})\\)`).exec(code.module)![1]!) as Record<string, unknown>;
    assert.ok(code.module.includes(`from "${ROOT}embed/charts.js"`), `${id}: the module from the atlas`);
    for (const [name, read] of Object.entries(entry.params)) {
      const expected = read(selections.get(name));
      assert.ok(same(read(src.searchParams.get(name)), expected), `${id}: iframe carries ${name}=${selections.get(name)} (${code.iframe})`);
      assert.ok(same(read(options[name]), expected), `${id}: module carries ${name}=${selections.get(name)} (${code.module})`);
    }
    assert.deepEqual(Object.keys(options).sort(), Object.keys(entry.params).sort(), `${id}: the module passes only declared selections`);
  }
});

test("the countries map's region travels with metric and country", () => {
  const code = figureEmbedCode("countries-map", "Map", figureParamNames("countries-map"), `${ROOT}countries?region=europe&metric=hits&country=DE`, ROOT);
  assert.ok(code.iframe.includes(`src="${ROOT}embed/countries-map?metric=hits&amp;country=DE&amp;region=europe"`), code.iframe);
  assert.ok(code.module.includes(`render("countries-map", {"metric":"hits","country":"DE","region":"europe"})`), code.module);
});

// embed-ids.ts imports nothing (observablehq.config.ts reads it in Node), so it names the case study of an
// embeddable chart itself: it must be the registry's.
test("each /embed/<id> chart's case study (embed-ids.ts) is its figure's case study in the registry", () => {
  for (const id of EMBED_IDS) {
    assert.ok(FIGURES[id], `${id}: an embeddable chart is a figure of the registry`);
    assert.equal(EMBED_CASE_STUDY[id], FIGURES[id]?.caseStudy, `${id}: the same case study in embed-ids.ts and src/figures/${id}.ts`);
  }
});

test("every figure names the page that draws it, and a figure the build cannot show is said so in words", async () => {
  const {readFileSync} = await import("node:fs");
  const {figureMissing, isFigurePage, noDataMessage} = await import("../../src/figures/index.ts");
  for (const [id, entry] of Object.entries(FIGURES)) {
    const source = readFileSync(new URL(`../../src${entry.page === "/" ? "/index" : entry.page}.md`, import.meta.url), "utf8");
    assert.ok(source.includes(`figures/${id}.js`), `${id}: src${entry.page}.md draws it`);
    if (entry.caseStudy) assert.equal(entry.caseStudy, entry.page, `${id}: its case study is its page`);
  }
  const all = {pages: [{path: "/nhs", name: "NHS"}]}, none = {pages: []};
  assert.equal(figureMissing("timeline-hourly", none), null);
  assert.equal(figureMissing("timeline-hourly", none, "/timeline"), null);
  assert.equal(figureMissing("bogus", all, "/"), `The figure "bogus" is not in this build of Incident Atlas.`);
  assert.equal(figureMissing("nhs-cost", none), `The figure "nhs-cost" is not in this build of Incident Atlas: it belongs to the /nhs case study, which this incident does not have.`);
  assert.equal(figureMissing("nhs-cost", all, "/"), `The figure "nhs-cost" is not on this page; it is on /nhs.`);
  assert.equal(figureMissing("nhs-cost", all, "/nhs"), null);
  assert.ok(isFigurePage("/") && isFigurePage("/timeline") && !isFigurePage("/explore"), "Explore's own charts are not the registry's");
  assert.equal(noDataMessage("timeline-patch-gap", {title: "Glasswing"}), `Glasswing has no data for the figure "timeline-patch-gap" with these selections.`);
});
