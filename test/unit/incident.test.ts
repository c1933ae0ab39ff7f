// Incident configuration: validation messages and the second, synthetic incident.
import {test} from "node:test";
import assert from "node:assert/strict";
import {loadIncident, parseIncident, isIncidentFamily} from "../../loaders/incident.ts";
import {ingest} from "../../loaders/ingest.ts";
import {incidentInputs} from "../../loaders/incident.ts";

test("incident: wannacry-2017 config", () => {
  const i = loadIncident("wannacry-2017");
  assert.equal(i.data.modelled, true);
  assert.equal(i.window.start, "2017-05-12T00:00:00Z");
  assert.ok(isIncidentFamily(i, " WannaCry "));
  assert.ok(!isIncidentFamily(i, "conficker"));
  assert.deepEqual(i.kill_switch?.event_ids, ["T13", "T14", "T15"]);
});

test("incident: invalid configs give clear messages", () => {
  assert.throws(() => loadIncident("no-such-incident"), {name: "ConfigError", message: /no such incident "no-such-incident"/});
  assert.throws(() => loadIncident("../etc"), {message: "../etc: incident id must be lower-case letters, digits and dashes"});
  const base = {id: "x", name: "X", title: "X", families: ["f"], window: {start: "2020-01-01T00:00:00Z", end: "2020-01-02T00:00:00Z"}, data: {modelled: false, inputs: ["a.csv"]}};
  assert.throws(() => parseIncident({...base, families: []}, "i.json", "/"), {message: 'i.json: "families" must be a non-empty array of names or {"name", "aliases", "prefixes"} objects'});
  assert.throws(() => parseIncident({...base, window: {start: "2020-01-01 00:00", end: "2020-01-02T00:00:00Z"}}, "i.json", "/"),
    {message: 'i.json: "window.start" must be ISO 8601 UTC with Z, got "2020-01-01 00:00"'});
  assert.throws(() => parseIncident({...base, validation: {rejection_threshold: 2}}, "i.json", "/"),
    {message: 'i.json: "validation.rejection_threshold" must be between 0 and 1'});
});

test("incident: test-synthetic builds a second report from both formats", async () => {
  const incident = loadIncident("test-synthetic");
  const files = incidentInputs(incident).map((path) => ({path}));
  const {summary, aggregates} = await ingest({incident, files, inputHash: "t"});
  assert.deepEqual(summary.files.map((f) => [f.layout, f.rows_read, f.accepted]), [
    ["shadowserver-event-sinkhole", 300, 280], ["normalised-events", 120, 120]]);
  assert.equal(summary.totals.invalid, 0);
  assert.ok(aggregates.countries.some((c) => c.country === "GB"), "UK is mapped to GB");
  assert.ok(aggregates.countries.some((c) => c.country === "XX"), "** is the unknown bucket");
  assert.equal(aggregates.daily.length, 2);
});
