// Pure helpers behind the report's sourcing: published values in words, row statements, the tables an
// incident cites, and the queries that reproduce day counts.
import assert from "node:assert/strict";
import {test} from "node:test";
import {figureText, millionsText} from "../../src/components/facts/published-points.ts";
import {citedTables, rowStatement, tableLabel} from "../../src/components/facts/source-rows.ts";
import {daysBetween, daysQuery, exploreHref, sqlTimestamp} from "../../src/components/facts/query-link.ts";
import {sourceName, sourcesHref} from "../../src/components/facts/facts.ts";

test("published values read as words, ranges as ranges", () => {
  assert.equal(millionsText("14000000-16000000"), "14–16 million");
  assert.equal(millionsText("2000000-3000000"), "2–3 million");
  assert.equal(millionsText("a few hundred thousand"), "a few hundred thousand");
  assert.equal(figureText("45000"), "45,000");
  assert.equal(figureText(undefined), "no count");
});

test("a row states what it is, whatever its table calls the columns", () => {
  assert.equal(rowStatement({metric: "Attacks", value: "45000", unit: "attacks", as_of: "2017-05-12"}), "Attacks: 45000 attacks; as of 2017-05-12");
  assert.match(rowStatement({event: "Patch released", date: "2017-03-14", time_utc: ""}), /^Patch released; 2017-03-14$/);
  assert.equal(tableLabel("headline_totals"), "Headline totals");
});

test("an incident shows only the published tables it cites", () => {
  const facts = {timeline: [{event_id: "T01"}], nhs_figures: [{metric_id: "N01"}], sources: [{source_key: "S"}]};
  assert.deepEqual(Object.keys(citedTables({published: ["timeline"]}, facts)), ["timeline", "sources"]);
  assert.deepEqual(citedTables({published: []}, facts), {});
  assert.deepEqual(citedTables({key_events: [{source: null}], kill_switch: null}, facts), {});
  assert.deepEqual(Object.keys(citedTables({key_events: [{source: {event_id: "T07"}}]}, facts)), ["timeline", "nhs_figures", "sources"]);
});

test("links: markers to the sources page, figures to the Explore query that reproduces them", () => {
  // Resolved against the atlas's root (the module's own address), never against the page showing the figure: a host
  // page that imports the module (another origin) must link to the atlas. Here the root is the checkout's.
  const atlas = new URL("../../", import.meta.url).href;
  assert.equal(sourcesHref("T13"), `${atlas}sources#T13`);
  assert.equal(exploreHref(" SELECT 1 "), `${atlas}explore?q=SELECT%201`);
  assert.equal(new URL(sourcesHref("T13"), "http://127.0.0.1:4392/briefing/index.html").href, `${atlas}sources#T13`);
  assert.equal(sqlTimestamp(new Date("2017-05-12T08:00:00Z")), "TIMESTAMP '2017-05-12 08:00:00'");
  assert.equal(daysQuery(new Date("2017-03-14T00:00:00Z"), new Date("2017-05-12T08:00:00Z")),
    "SELECT date_diff('day', CAST(TIMESTAMP '2017-03-14 00:00:00' AS DATE), CAST(TIMESTAMP '2017-05-12 08:00:00' AS DATE)) AS days");
  // Dated by day: the patch (14 March) to the statement (14 May, placed at noon) is 61 days, not 61.5 rounded up.
  assert.equal(daysBetween(new Date("2017-03-14T00:00:00Z"), new Date("2017-05-14T12:00:00Z")), 61);
  assert.equal(daysBetween(new Date("2017-05-12T07:44:00Z"), new Date("2017-05-14T00:00:00Z")), 2);
  assert.equal(sourceName({source_title: "Investigation: WannaCry cyber attack and the NHS (HC 414), National Audit Office"}), "National Audit Office");
  assert.equal(sourceName({source_title: "Kryptos Logic: WannaCry: Two Weeks"}), "Kryptos Logic");
});
