// CSV downloads: formula prefixes neutralised, quotes escaped, values written as text a parser reads back.
import assert from "node:assert/strict";
import {test} from "node:test";
import {csvParse} from "d3-dsv";
import {cellText, csvField, toCsv} from "../../src/components/figure/csv.ts";

test("cells starting with = + - @ tab or CR get a leading single quote", () => {
  assert.equal(csvField("=1+1"), "'=1+1");
  assert.equal(csvField("+cmd"), "'+cmd");
  assert.equal(csvField("-2+3"), "'-2+3");
  assert.equal(csvField("@SUM(A1)"), "'@SUM(A1)");
  assert.equal(csvField("\tx"), "'\tx");
  assert.equal(csvField("\rx"), "\"'\rx\"");
  assert.equal(csvField('=HYPERLINK("http://x","y")'), `"'=HYPERLINK(""http://x"",""y"")"`);
});

test("a formula after leading white space or a line break is neutralised too", () => {
  assert.equal(csvField("\n=1+2"), "\"'\n=1+2\"");
  assert.equal(csvField("\r\n@SUM(A1)"), "\"'\r\n@SUM(A1)\"");
  assert.equal(csvField("  =1+2"), "'  =1+2");
  assert.equal(csvField("\u0000+cmd"), "'\u0000+cmd");
  assert.equal(csvField(" -3"), "' -3", "a padded number is text, not a number");
  assert.equal(csvField("\nplain"), "\"'\nplain\"");
  assert.equal(csvField("a\n=b"), '"a\n=b"', "a formula sign after the first line is not a formula");
});

test("numbers keep their sign and ordinary text is untouched", () => {
  assert.equal(csvField(-3), "-3");
  assert.equal(csvField("-3.5"), "-3.5");
  assert.equal(csvField(12n), "12");
  assert.equal(csvField("GB"), "GB");
  assert.equal(csvField("a=b"), "a=b");
});

test("quotes, commas and line breaks are quoted and escaped", () => {
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField("a,b"), '"a,b"');
  assert.equal(csvField("a\nb"), '"a\nb"');
});

test("dates are ISO 8601, missing values empty", () => {
  assert.equal(cellText(new Date(Date.UTC(2017, 4, 12, 15))), "2017-05-12T15:00:00.000Z");
  assert.equal(cellText(null), "");
  assert.equal(cellText(undefined), "");
  assert.equal(cellText(Number.NaN), "");
  assert.equal(cellText(true), "true");
});

test("a table round-trips through a CSV parser, formulas arriving as quoted text", () => {
  const rows = [
    {country: "GB", note: "=cmd|' /C calc'!A0", hits: 12},
    {country: "US", note: 'he said "stop", then left', hits: -1},
    {country: "FR", note: null, hits: 0}
  ];
  const text = toCsv(rows, ["country", "note", "hits"]);
  assert.ok(text.startsWith("country,note,hits\r\n"));
  const parsed = csvParse(text);
  assert.deepEqual(parsed.columns, ["country", "note", "hits"]);
  assert.deepEqual(
    parsed.map((d) => ({...d})),
    [
      {country: "GB", note: "'=cmd|' /C calc'!A0", hits: "12"},
      {country: "US", note: 'he said "stop", then left', hits: "-1"},
      {country: "FR", note: "", hits: "0"}
    ]
  );
});
