// Pure rules: timestamps, IPs, countries, sectors.
import {test} from "node:test";
import assert from "node:assert/strict";
import {isIP} from "node:net";
import {parseTimestamp} from "../../loaders/timestamp.ts";
import {canonicalIp, ipVersion} from "../../loaders/ip.ts";
import {countryCodeCandidates, normaliseCountry, UNKNOWN_COUNTRY} from "../../loaders/country.ts";
import {normaliseSector, sectorLabel} from "../../loaders/sector.ts";

test("timestamp: accepts the Shadowserver form and ISO 8601 with Z, as UTC", () => {
  assert.deepEqual(parseTimestamp("2017-05-12 07:44:00"), {ok: true, ms: Date.UTC(2017, 4, 12, 7, 44, 0)});
  assert.deepEqual(parseTimestamp("2017-05-12T07:44:00Z"), {ok: true, ms: Date.UTC(2017, 4, 12, 7, 44, 0)});
  assert.deepEqual(parseTimestamp("2017-05-12T07:44:00.250Z"), {ok: true, ms: Date.UTC(2017, 4, 12, 7, 44, 0) + 250});
});

test("timestamp: rejects ambiguous or zoned forms and impossible dates", () => {
  for (const bad of ["12/05/2017 10:00", "2017-05-12 10:00", "2017-05-12T10:00:00", "2017-05-12T10:00:00+00:00",
    "2017-05-12 10:00:00Z", "2017-5-12 10:00:00", " 2017-05-12 10:00:00", "2017-02-30 12:00:00", "2017-05-12 24:00:00", "1494575040"]) {
    assert.equal(parseTimestamp(bad).ok, false, bad);
  }
  assert.deepEqual(parseTimestamp(""), {ok: false, reason: "missing"});
  assert.deepEqual(parseTimestamp("2017-02-30 12:00:00"), {ok: false, reason: "not a real calendar date or time"});
});

test("ip: IPv4 and IPv6 agree with node:net, no leading zeros or zone ids", () => {
  const cases = ["192.0.2.1", "0.0.0.0", "255.255.255.255", "256.1.1.1", "01.2.3.4", "1.2.3", "1.2.3.4.5", "::", "::1",
    "2001:db8::1", "2001:db8:0:0:0:0:2:1", "fe80::1%eth0", "::ffff:192.0.2.1", "2001:db8::g", "1:2:3:4:5:6:7:8:9", "", "=1+1", "1.2.3.4 ",
    // An IPv4 part after a "::" between groups (RFC 4291 2.2(3)), and the forms with too many groups.
    "2001:db8::ffff:192.0.2.1", "1::2:3:4:5:1.2.3.4", "1:2::3:4:5:1.2.3.4", "1:2:3:4::5:1.2.3.4", "1::2:3:4:5:6:1.2.3.4",
    "1:2:3:4:5::6:1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4"];
  for (const c of cases) {
    const expected = isIP(c) === 0 || c.includes("%") ? null : isIP(c);
    assert.equal(ipVersion(c), expected, c);
  }
  assert.equal(ipVersion("192.0.2.1"), 4);
  assert.equal(ipVersion("2001:db8::1"), 6);
});

test("ip: one text per address (RFC 5952), so unique IPs count addresses, not spellings", () => {
  const cases: Array<[string, string]> = [
    ["2001:DB8::1", "2001:db8::1"], ["2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
    ["2001:db8:0:0:1::5", "2001:db8::1:0:0:5"], ["2001:0:0:1:0:0:0:1", "2001:0:0:1::1"], ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"],
    ["::FFFF:C000:0201", "::ffff:192.0.2.1"], ["::ffff:192.0.2.1", "::ffff:192.0.2.1"], ["::192.0.2.1", "::c000:201"],
    ["::", "::"], ["1::", "1::"], ["192.0.2.1", "192.0.2.1"], ["not an address", "not an address"]
  ];
  for (const [text, canonical] of cases) assert.equal(canonicalIp(text), canonical, text);
});

test("country: ISO codes, UK→GB, alpha-3, unknown bucket, rejects unrecognised", () => {
  assert.deepEqual(normaliseCountry("UK"), {iso2: "GB", iso3: "GBR", isoNumeric: "826", name: "United Kingdom"});
  assert.deepEqual(normaliseCountry(" gb "), normaliseCountry("GB"));
  assert.equal(normaliseCountry("DEU")?.iso2, "DE");
  assert.equal(normaliseCountry("AF")?.isoNumeric, "004");
  for (const code of ["**", "", "ZZ", "EU", "AP", "A1", "A2"]) assert.deepEqual(normaliseCountry(code), UNKNOWN_COUNTRY, code);
  assert.equal(normaliseCountry("QQ"), null);
  assert.equal(normaliseCountry("=HYPERLINK(1)"), null);
});

test("sector: longest NAICS prefix from data/naics-sectors.csv, label fallback, unknown", () => {
  assert.deepEqual(normaliseSector("622110", "Healthcare"), {ok: true, sector: "health", naics2: "62"});
  assert.deepEqual(normaliseSector("517311", ""), {ok: true, sector: "residential", naics2: "51"});
  assert.deepEqual(normaliseSector("517919", ""), {ok: true, sector: "telecom", naics2: "51"});
  assert.deepEqual(normaliseSector("511110", ""), {ok: true, sector: "other_business", naics2: "51"});
  assert.deepEqual(normaliseSector("336111", ""), {ok: true, sector: "manufacturing", naics2: "33"});
  assert.deepEqual(normaliseSector("92", ""), {ok: true, sector: "government", naics2: "92"});
  assert.deepEqual(normaliseSector("99", ""), {ok: true, sector: "unknown", naics2: "99"});
  assert.deepEqual(normaliseSector("", "Education"), {ok: true, sector: "education", naics2: ""});
  // Shadowserver's own label for ISPs and hosting (src_sector of event4 reports), read when the NAICS code is empty.
  assert.deepEqual(normaliseSector("", "Communications, Service Provider, and Hosting Service"), {ok: true, sector: "telecom", naics2: ""});
  assert.deepEqual(normaliseSector("0", "something else"), {ok: true, sector: "unknown", naics2: ""});
  assert.equal(normaliseSector("12ab", "").ok, false);
  assert.equal(sectorLabel("residential"), "Residential / ISP subscriber");
});

test("country: every code of two or three letters the rule accepts is one of its candidates (the SQL form is built from them)", () => {
  const candidates = new Set(countryCodeCandidates().map((c) => c.trim().toUpperCase()));
  const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  const accepted: string[] = [];
  for (const a of letters) for (const b of letters) {
    for (const code of [a + b, ...[...letters].map((c) => a + b + c)]) if (normaliseCountry(code) !== null) accepted.push(code);
  }
  assert.deepEqual(accepted.filter((code) => !candidates.has(code)), []);
  assert.ok(accepted.length > 400, `${accepted.length} codes accepted`);
});
