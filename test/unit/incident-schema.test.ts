// The incident.json contract: new fields (name, vulnerability, published, pages, data.scale), messages naming the
// file and the field path, what the pages get (incident.json / published.json), the navigation heading, and which
// built pages postbuild removes.
import {test} from "node:test";
import assert from "node:assert/strict";
import {loadIncident, parseIncident, incidentPeriod, declaredPages, GENERIC_PAGES, PUBLISHED_TABLES} from "../../loaders/incident.ts";
import {incidentForPages, publishedFacts} from "../../loaders/published.ts";
import {foreignPages} from "../../scripts/postbuild.ts";
import {citesTable, topLabel} from "../../src/components/state/report-data.ts";
import {datasetsFor, publishedDatasets} from "../../src/components/explore/datasets.ts";
import {csvWithMeta, metaEntries} from "../../src/components/figure/csv.ts";
import {embedIdsFor} from "../../src/components/figure/embed-ids.ts";

const FILE = "data/incidents/x/incident.json";
const base = {
  id: "x", name: "X", title: "X outbreak", families: ["x"],
  window: {start: "2020-01-01T00:00:00Z", end: "2020-01-02T00:00:00Z"},
  data: {modelled: false, inputs: ["a.csv"]}
};
const parse = (extra: Record<string, unknown>) => parseIncident({...base, ...extra}, FILE, "/");

test("schema: defaults for the optional fields", () => {
  const i = parse({});
  assert.equal(i.kill_switch, null);
  assert.equal(i.vulnerability, null);
  assert.deepEqual(i.published, []);
  assert.deepEqual(i.pages, []);
  assert.equal(i.data.scale, 1);
  assert.deepEqual(i.key_events, []);
});

test("schema: every message names the file and the field's full path", () => {
  const cases: [Record<string, unknown>, string][] = [
    [{name: ""}, `"name" must be a non-empty string`],
    [{vulnerability: {id: "MS17-010", patch_date: "14 March 2017"}}, `"vulnerability.patch_date" must be a date YYYY-MM-DD, got "14 March 2017"`],
    [{vulnerability: {patch_date: "2017-03-14"}}, `"vulnerability.id" must be a non-empty string`],
    [{vulnerability: {id: "V", patch_date: "2017-03-14", event_ids: [1]}}, `"vulnerability.event_ids" must be an array of non-empty strings`],
    [{kill_switch: {start: "2020-01-01T10:00:00Z", end: "2020-01-01T11:00Z", domain: ""}}, `"kill_switch.domain" must be a non-empty string`],
    [{kill_switch: {start: "2020-01-01T12:00:00Z", end: "2020-01-01T11:00:00Z"}}, `"kill_switch.start" must not be after "kill_switch.end"`],
    [{key_events: [{at: "2020-01-01T10:00:00Z", label: "a"}, {at: "yesterday", label: "b"}]}, `"key_events[1].at" must be ISO 8601 UTC with Z, got "yesterday"`],
    [{published: ["timeline", "avast"]}, `"published[1]" is "avast", not a table of data/published/ (${PUBLISHED_TABLES.join(", ")})`],
    [{pages: [{path: "nhs", name: "NHS"}]}, `"pages[0].path" must be "/" and lower-case letters, digits and dashes, got "nhs"`],
    [{pages: [{path: "/countries", name: "Countries"}]}, `"pages[0].path" is /countries, a page every incident has; list only case-study pages`],
    [{pages: [{path: "/a", name: "A"}, {path: "/a", name: "A again"}]}, `"pages[1].path" lists /a twice`],
    [{pages: [{path: "/a"}]}, `"pages[0].name" must be a non-empty string`],
    [{pages: [{path: "/nhs", name: "NHS"}]}, `"pages[0].path" is /nhs, whose page reads the published tables nhs_figures, timeline: list them in "published" or leave the page out`],
    [{pages: [{path: "/why", name: "Why"}], published: ["timeline", "nhs_figures"]}, `"pages[0].path" is /why, whose page reads the published tables microsoft_statement, os_breakdown: list them in "published" or leave the page out`],
    [{pages: [{path: "/proof", name: "Proof"}]}, `"pages[0].path" is /proof, whose page reads the published tables country_figures: list them in "published" or leave the page out`],
    [{data: {modelled: false, inputs: ["a.csv"], scale: 0}}, `"data.scale" must be a positive number, got 0`],
    [{data: {modelled: "no", inputs: ["a.csv"]}}, `"data.modelled" must be true or false`],
    [{data: {modelled: false}}, `"data.inputs" must list at least one input file when there is no "data.model"`],
    [{window: {start: "2020-01-02T00:00:00Z", end: "2020-01-01T00:00:00Z"}}, `"window.start" must be before "window.end"`]
  ];
  for (const [extra, message] of cases) assert.throws(() => parse(extra), {name: "ConfigError", message: `${FILE}: ${message}`}, JSON.stringify(extra));
});

test("schema: wannacry-2017 declares its vulnerability, cited tables and case-study pages", () => {
  const w = loadIncident("wannacry-2017");
  assert.equal(w.name, "WannaCry");
  assert.deepEqual(w.vulnerability && {id: w.vulnerability.id, patch_date: w.vulnerability.patch_date, event_ids: w.vulnerability.event_ids}, {id: "MS17-010", patch_date: "2017-03-14", event_ids: ["T01"]});
  assert.ok(w.published.includes("microsoft_statement") && w.published.includes("timeline"));
  assert.deepEqual(w.pages.map((p) => p.path), ["/nhs", "/why", "/statement", "/proof"]);
  const pages = incidentForPages(w) as {vulnerability: {sources: {event_id: string}[]}; kill_switch: {domain: string}};
  assert.equal(pages.vulnerability.sources[0]?.event_id, "T01");
  assert.match(pages.kill_switch.domain, /\.com$/);
});

test("published.json holds only the cited tables", () => {
  const w = loadIncident("wannacry-2017");
  assert.deepEqual(Object.keys(publishedFacts(w).tables).sort(), [...w.published].sort());
  assert.ok(publishedFacts(w).tables.microsoft_statement!.rows.length > 0);
  for (const id of ["test-synthetic", "notpetya-2017-sample"]) {
    const i = loadIncident(id);
    assert.deepEqual(publishedFacts(i).tables, {}, id);
    const pages = incidentForPages(i) as {key_events: {source: unknown}[]; vulnerability: unknown};
    assert.ok(pages.key_events.every((e) => e.source === null));
    assert.equal(pages.vulnerability, null);
  }
});

test("a timeline event id needs the timeline to be cited, must exist, and must be a row of the event's date", () => {
  const window = {start: "2017-03-01T00:00:00Z", end: "2017-06-01T00:00:00Z"};
  const cites = (published: string[], id: string, at = "2017-03-14T10:00:00Z") =>
    incidentForPages({...parse({window, published, key_events: [{event_id: id, at, label: "a"}]}), id: "x"});
  assert.throws(() => cites([], "T01"), {message: `${FILE}: "key_events[0].event_id" is "T01", a row of the published timeline, but "published" does not list "timeline"`});
  assert.throws(() => cites(["timeline"], "T999"), {message: `${FILE}: "key_events[0].event_id" is "T999", not an event_id of data/published/timeline.csv`});
  assert.throws(() => cites(["timeline"], "C01"), {message: `${FILE}: "key_events[0].event_id" is "C01", not an event_id of data/published/timeline.csv`});
  // T01 is dated 2017-03-14: an event two months later names the wrong row.
  assert.throws(() => cites(["timeline"], "T01", "2017-05-12T07:44:00Z"), {message: `${FILE}: "key_events[0].event_id" names a timeline row dated 2017-03-14, `
    + `but "key_events[0].at" is 2017-05-12T07:44:00Z: the row must be this event (dated within 1 day of "key_events[0].at")`});
  // The same rule for the rows of the vulnerability's patch and of the kill switch's registration.
  const pages = (extra: Record<string, unknown>) => incidentForPages({...parse({window, published: ["timeline"], ...extra}), id: "x"});
  assert.throws(() => pages({vulnerability: {id: "MS17-010", title: "t", patch_date: "2017-05-12", event_ids: ["T01"]}}),
    {message: /"vulnerability\.event_ids\[0\]" names a timeline row dated 2017-03-14, but "vulnerability\.patch_date" is 2017-05-12/});
  assert.doesNotThrow(() => pages({vulnerability: {id: "MS17-010", title: "t", patch_date: "2017-03-14", event_ids: ["T01"]}}));
  assert.throws(() => pages({kill_switch: {start: "2017-05-12T14:08:00Z", end: "2017-05-12T19:00:00Z", event_ids: ["T13", "T01"]}}),
    {message: /"kill_switch\.event_ids\[1\]" names a timeline row dated 2017-03-14, but "kill_switch\.start" is 2017-05-12T14:08:00Z/});
  assert.doesNotThrow(() => cites(["timeline"], "T01"));
  assert.doesNotThrow(() => cites(["timeline"], "T01", "2017-03-15T01:00:00Z"), "a day off: a local date");
});

test("a key event outside the incident window is refused, naming the field and the window", () => {
  const event = (at: string) => parse({key_events: [{at: "2020-01-01T10:00:00Z", label: "a"}, {at, label: "b"}]});
  const message = (at: string) => `${FILE}: "key_events[1].at" is ${at}, outside the incident's window (from "window.start" 2020-01-01T00:00:00Z `
    + `to "window.end" 2020-01-02T00:00:00Z, end excluded): the timeline shows only the window`;
  for (const at of ["2019-12-31T23:59:59Z", "2020-01-02T00:00:00Z", "2021-06-01T00:00:00Z"]) assert.throws(() => event(at), {message: message(at)});
  assert.doesNotThrow(() => event("2020-01-01T00:00:00Z"));
  assert.doesNotThrow(() => event("2020-01-01T23:59:59Z"));
});

test("the shipped incidents' key events are in their windows and name rows of their dates", () => {
  for (const id of ["wannacry-2017", "notpetya-2017-sample", "test-synthetic"]) assert.doesNotThrow(() => incidentForPages(loadIncident(id)), id);
});

test("notpetya-2017-sample: real data, no kill switch, no vulnerability, no cited tables, no case-study pages", () => {
  const n = loadIncident("notpetya-2017-sample");
  assert.equal(n.data.modelled, false);
  assert.equal(n.kill_switch, null);
  assert.equal(n.vulnerability, null);
  assert.deepEqual(n.published, []);
  assert.deepEqual(n.pages, []);
  assert.equal(incidentPeriod(n.window), "June 2017");
});

test("navigation heading: name and the months of the window (end exclusive)", () => {
  assert.equal(incidentPeriod({start: "2017-05-12T00:00:00Z", end: "2017-05-30T00:00:00Z"}), "May 2017");
  assert.equal(incidentPeriod({start: "2017-05-12T00:00:00Z", end: "2017-06-01T00:00:00Z"}), "May 2017");
  assert.equal(incidentPeriod({start: "2017-05-30T00:00:00Z", end: "2017-06-03T00:00:00Z"}), "May–June 2017");
  assert.equal(incidentPeriod({start: "2017-12-30T00:00:00Z", end: "2018-01-03T00:00:00Z"}), "December 2017–January 2018");
});

test("postbuild removes other incidents' case-study pages, never the active incident's or a generic one", () => {
  const declared = new Map([["a", ["/nhs", "/why"]], ["b", ["/why", "/b-only"]], ["c", []]]);
  assert.deepEqual(foreignPages("a", declared), ["/b-only"]);
  assert.deepEqual(foreignPages("c", declared), ["/b-only", "/nhs", "/why"]);
  const real = declaredPages();
  assert.deepEqual(foreignPages("notpetya-2017-sample", real), ["/nhs", "/proof", "/statement", "/why"]);
  assert.deepEqual(foreignPages("wannacry-2017", real), []);
  const generic = new Set(GENERIC_PAGES.map((p) => p.path));
  for (const pages of real.values()) for (const p of pages) assert.ok(!generic.has(p));
});

test("datasets: the pipeline tables' kind follows data.modelled; case-study tables only with their page", () => {
  const real = datasetsFor({id: "n", data: {modelled: false}, pages: []});
  assert.ok(real.every((d) => d.kind !== "modelled"), "real data is never labelled modelled");
  assert.ok(real.filter((d) => ["hourly", "daily", "countries", "sectors", "country-sectors"].includes(d.name)).every((d) => d.kind === "observed" && !("modelled" in d.columns)));
  assert.ok(!real.some((d) => d.name === "proof-detections"));
  assert.ok(!JSON.stringify(real).toLowerCase().includes("modelled"), "no modelled text in the catalog of a real-data incident");
  const modelled = datasetsFor({id: "w", data: {modelled: true}, pages: [{path: "/proof"}]});
  assert.equal(modelled.find((d) => d.name === "hourly")?.kind, "modelled");
  assert.ok("modelled" in modelled.find((d) => d.name === "hourly")!.columns);
  assert.equal(modelled.find((d) => d.name === "proof-detections")?.kind, "published");
  assert.deepEqual(embedIdsFor([]), ["countries-map", "timeline-hourly", "sectors-bars"]);
  assert.ok(embedIdsFor(["/proof"]).includes("proof-detections"));
});

test("published tables are Explore datasets with every column documented", () => {
  const facts = publishedFacts(loadIncident("wannacry-2017"));
  const docs = publishedDatasets(facts);
  assert.deepEqual(docs.map((d) => d.table).sort(), Object.keys(facts.tables).sort());
  for (const d of docs) {
    assert.equal(d.kind, "published");
    for (const [column, doc] of Object.entries(d.columns)) assert.ok(!doc.meaning.startsWith("As in"), `${d.table}.${column} is documented`);
  }
});

test("downloads: the CSV says how many metadata lines precede the header, and whether rows are modelled", () => {
  const meta = {title: "Hourly\nhits", incident: "n", modelled: false, label: "ignored when not modelled", sources: ["a", "b"], built: "2026-12-01"};
  const csv = csvWithMeta("x,y\r\n1,2\r\n", meta);
  const lines = csv.split("\r\n");
  const n = Number(/(\d+) metadata lines/.exec(lines[0]!)?.[1]);
  assert.equal(n, metaEntries(meta).length + 1);
  assert.equal(lines[n], "x,y", "the header row follows the metadata lines");
  assert.ok(lines.slice(0, n).every((l) => l.startsWith("# ")));
  assert.ok(lines.includes("# modelled: false") && lines.includes("# sources: a | b") && lines.includes("# title: Hourly hits"));
  assert.ok(!csv.includes("ignored"), "no modelled label on real data");
  assert.ok(csvWithMeta("x\r\n", {...meta, modelled: true, label: "Seeded simulation"}).includes("# label: Seeded simulation"));
  // A value with commas (a query from a shared link) stays one quoted field: no part of it becomes a cell.
  const hostile = csvWithMeta("x\r\n", {...meta, title: "SELECT 1,=HYPERLINK(\"http://x\"),2"}).split("\r\n");
  assert.ok(hostile.includes(`"# title: SELECT 1,=HYPERLINK(""http://x""),2"`), hostile.join("\n"));
});

test("ranking captions never claim more than there is", () => {
  assert.equal(topLabel(20, 140, "country", "countries"), "Top 20 of 140 countries");
  assert.equal(topLabel(20, 13, "country", "countries"), "All 13 countries");
  assert.equal(topLabel(20, 1, "country", "countries"), "The only country");
  assert.equal(topLabel(20, 0, "country", "countries"), "No countries");
  assert.ok(citesTable({published: ["timeline"]}, "timeline") && !citesTable({published: []}, "timeline"));
});

test("report block: optional, shape errors name the field path", () => {
  assert.equal(parse({}).report, null);
  const r = parse({report: {published_totals: {hits: "H15"}, early_spread: ["T05"]}}).report;
  assert.deepEqual(r?.published_totals, {hits: "H15", unique_ips: null});
  assert.deepEqual(r?.machines, {before: null, after: null, official: null});
  assert.equal(r?.statement, null);
  const cases: [Record<string, unknown>, string][] = [
    [{report: {machines: {before: ""}}}, `"report.machines.before" must be a non-empty string`],
    [{report: {machines: {bfore: "H16"}}}, `"report.machines.bfore" is not a known field here (before, after, official)`],
    [{report: {top_contry: "C22"}}, `"report.top_contry" is not a known field here`],
    [{report: {early_spread: "H01"}}, `"report.early_spread" must be an array of non-empty strings`],
    [{report: {exploit_origin: {row: "B02"}}}, `"report.exploit_origin.text" must be a non-empty string`],
    [{report: {statement: {page: "/statement", by: "M", points: [{row: "B01", text: "t"}]}}}, `"report.statement.page" is "/statement", not one of the incident's "pages"`],
    [{pages: [{path: "/s", name: "S"}], report: {statement: {page: "/s", by: "M", points: []}}}, `"report.statement.points" must list at least one {row, text}`]
  ];
  for (const [extra, message] of cases) {
    assert.throws(() => parse(extra), (e: Error) => e.name === "ConfigError" && e.message.startsWith(`${FILE}: ${message}`), JSON.stringify(extra));
  }
});

test("report block: every id must be a row of a cited table, else the file and field path", () => {
  const pages = (published: string[], report: Record<string, unknown>) => incidentForPages({...parse({published, report}), id: "x"});
  assert.throws(() => pages(["headline_totals"], {machines: {before: "H16", after: "H99"}}),
    {message: `${FILE}: "report.machines.after" is "H99", not a row of the tables "published" lists (headline_totals)`});
  assert.throws(() => pages(["headline_totals"], {top_country: "C22"}),
    {message: `${FILE}: "report.top_country" is "C22", not a row of the tables "published" lists (headline_totals)`});
  assert.throws(() => pages([], {early_spread: ["T05"]}),
    {message: `${FILE}: "report.early_spread[0]" is "T05", not a row of the tables "published" lists (none)`});
  assert.throws(() => pages(["timeline"], {exploit_origin: {row: "B02", text: "t"}}),
    {message: `${FILE}: "report.exploit_origin.row" is "B02", not a row of the tables "published" lists (timeline)`});
  assert.doesNotThrow(() => pages(["headline_totals", "country_figures", "timeline"], {machines: {before: "H16"}, top_country: "C22", outbreak_start: "T07"}));
});

test("report block: wannacry-2017 names its roles, all resolvable", () => {
  const w = loadIncident("wannacry-2017");
  assert.deepEqual(w.report?.published_totals, {hits: "H15", unique_ips: "H18"});
  assert.deepEqual(w.report?.machines, {before: "H16", after: "H17", official: "H13"});
  assert.equal(w.report?.outbreak_start, "T07");
  assert.equal(w.report?.statement?.page, "/statement");
  assert.doesNotThrow(() => incidentForPages(w));
  assert.ok(!/15 May|150 countries/.test(`${w.title} ${w.description}`), "title and description match the 12–29 May window, no unsourced count");
  for (const id of ["test-synthetic", "notpetya-2017-sample"]) assert.equal(loadIncident(id).report, null, id);
});
