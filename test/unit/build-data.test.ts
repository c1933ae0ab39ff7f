// The build runs the incident's pipeline before Framework (scripts/build.ts prepareData): data over the rejection
// threshold, or an input or config error, stop it with the project's own message, never Framework's "Unexpected error".
import {test} from "node:test";
import assert from "node:assert/strict";
import {prepareData} from "../../scripts/build.ts";
import {ConfigError, InputError, ThresholdError} from "../../loaders/errors.ts";

const summary = {by_reason: {bad_country: {count: 12, kind: "invalid"}, bad_ip: {count: 30, kind: "invalid"}, outside_window: {count: 99, kind: "filtered"}}};

test("build: data over the rejection threshold stop the build with our message, before Framework runs", async () => {
  const calls: string[] = [];
  const failing = async (options: {incidentId?: string}) => {
    calls.push(options.incidentId ?? "");
    throw new ThresholdError(0.0066, 0.005, summary);
  };
  await assert.rejects(prepareData("glasswing-2023", failing, () => {}), {
    message: `the data of incident "glasswing-2023" fail validation: rejected 0.66% of rows as invalid, above the threshold of 0.50% `
      + `(validation.rejection_threshold in data/incidents/glasswing-2023/incident.json); invalid rows by reason: bad_ip 30, bad_country 12. `
      + `See every reject with examples: npm run ingest -- --incident glasswing-2023`
  });
  assert.deepEqual(calls, ["glasswing-2023"]);
});

test("build: an input or config error is reported as such; other errors pass through; good data pass", async () => {
  const throwing = (error: Error) => async () => { throw error; };
  await assert.rejects(prepareData("x", throwing(new InputError("a.csv", 3, null, "contains NUL bytes")), () => {}),
    {message: `the data of incident "x" cannot be read: a.csv:3: contains NUL bytes`});
  await assert.rejects(prepareData("x", throwing(new ConfigError("data/incidents/x/incident.json", `"name" must be a non-empty string`)), () => {}),
    {message: `the data of incident "x" cannot be read: data/incidents/x/incident.json: "name" must be a non-empty string`});
  await assert.rejects(prepareData("x", throwing(new Error("disk full")), () => {}), {message: "disk full"});
  await prepareData("x", async () => ".cache/pipeline/x-0", () => {});
});
