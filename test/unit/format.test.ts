// Time formats shared by the report pages (src/components/facts/format.ts): a window across two years says its years.
import assert from "node:assert/strict";
import {test} from "node:test";
import {crossesYear, formatUtcHour, formatUtcRange, utcTickFormat, yearLine} from "../../src/components/facts/format.ts";

const at = (iso: string) => new Date(iso);

test("formatUtcRange: no year within one year; both ends with their year when the ends fall in different years", () => {
  assert.equal(formatUtcRange(at("2017-05-12T14:00Z"), at("2017-05-13T02:00Z")), "12 May 14:00 – 13 May 02:00 UTC");
  assert.equal(formatUtcRange(at("2016-09-01T00:00Z"), at("2017-09-01T00:00Z")), "1 Sep 2016 00:00 – 1 Sep 2017 00:00 UTC");
  assert.equal(formatUtcRange(+at("2016-12-31T23:00Z"), +at("2017-01-01T01:00Z")), "31 Dec 2016 23:00 – 1 Jan 2017 01:00 UTC");
  assert.ok(crossesYear("2016-12-31T23:59Z", "2017-01-01T00:00Z"));
  assert.ok(!crossesYear("2017-01-01T00:00Z", "2017-12-31T23:00Z"));
});

test("formatUtcHour: the year only when asked for", () => {
  assert.equal(formatUtcHour(at("2017-05-12T14:00Z")), "12 May 14:00 UTC");
  assert.equal(formatUtcHour(at("2016-12-26T08:00Z"), {year: true}), "26 Dec 2016 08:00 UTC");
});

test("utcTickFormat: days at midnight, hours otherwise; the year on the first tick and on 1 January when the domain crosses a year", () => {
  const short = utcTickFormat([at("2017-05-12T00:00Z"), at("2017-05-30T00:00Z")]);
  assert.deepEqual([at("2017-05-14T00:00Z"), at("2017-05-14T06:00Z")].map(short), ["14 May", "06:00"]);
  const year = utcTickFormat([at("2016-09-01T00:00Z"), at("2017-09-01T00:00Z")]);
  const ticks = ["2016-09-01", "2016-11-01", "2017-01-01", "2017-03-01"].map((d) => at(`${d}T00:00Z`));
  assert.deepEqual(ticks.map(year), ["1 Sep\n2016", "1 Nov", "1 Jan\n2017", "1 Mar"]);
  const twoLines = utcTickFormat([at("2016-12-30T00:00Z"), at("2017-01-03T00:00Z")], {twoLines: true});
  assert.deepEqual([at("2016-12-30T00:00Z"), at("2016-12-31T12:00Z"), at("2017-01-01T00:00Z")].map(twoLines), ["30 Dec\n00:00\n2016", "31 Dec\n12:00", "1 Jan\n00:00\n2017"]);
  assert.equal(utcTickFormat([at("2017-05-12T00:00Z"), at("2017-05-30T00:00Z")], {twoLines: true})(at("2017-05-14T06:00Z"), 0), "14 May\n06:00");
  assert.equal(year(at("2016-12-30T12:00Z"), 0), "30 Dec 12:00\n2016", "a first tick that is not at midnight");
  assert.deepEqual([yearLine([at("2017-05-12T00:00Z"), at("2017-05-30T00:00Z")]), yearLine([at("2016-09-01T00:00Z"), at("2017-09-01T00:00Z")])], [0, 12]);
});
