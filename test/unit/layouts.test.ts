// Layout detection by header name, and pre-flight messages for hostile files.
import {test} from "node:test";
import assert from "node:assert/strict";
import {detectLayout} from "../../loaders/layouts.ts";
import {preflight, splitCsvLine} from "../../loaders/preflight.ts";

const hostile = (name: string) => `test/fixtures/hostile/${name}`;

test("layouts: detected by header names in any order, extra columns ignored", () => {
  assert.equal(detectLayout(["timestamp", "protocol", "src_ip", "src_geo", "src_naics", "infection", "family", "new_2024"], "f").id, "shadowserver-event-sinkhole");
  assert.equal(detectLayout(["ip", "timestamp", "extra", "geo", "infection", "naics", "sic", "sector"], "f").id, "shadowserver-drone-legacy");
  assert.equal(detectLayout(["timestamp", "src_ip", "country", "naics", "sector", "family", "hits"], "f").id, "normalised-events");
  assert.equal(preflight("test/fixtures/drone-known.csv").layout.id, "shadowserver-drone-legacy");
  assert.equal(preflight("test/fixtures/event4-small.csv").layout.id, "shadowserver-event-sinkhole");
});

test("layouts: every supported Shadowserver report by its published header", () => {
  const expected: Array<[string, string]> = [
    ["event4_sinkhole.csv", "shadowserver-event-sinkhole"], ["event6_sinkhole.csv", "shadowserver-event-sinkhole"],
    ["event4_microsoft_sinkhole.csv", "shadowserver-event-sinkhole"], ["event4_sinkhole_http.csv", "shadowserver-event-sinkhole-http"],
    ["event6_sinkhole_http.csv", "shadowserver-event-sinkhole-http"], ["event4_microsoft_sinkhole_http.csv", "shadowserver-event-sinkhole-http"],
    ["botnet_drone.csv", "shadowserver-drone-legacy"], ["sinkhole_http_drone.csv", "shadowserver-sinkhole-http-legacy"],
    ["microsoft_sinkhole.csv", "shadowserver-sinkhole-http-legacy"]
  ];
  for (const [file, id] of expected) assert.equal(preflight(`test/fixtures/shadowserver/${file}`).layout.id, id, file);
  // Reordered columns, upper case and an added column still work: names, never positions.
  assert.equal(detectLayout(["TYPE", "http_host", "new_2026", "Geo", "ip", "timestamp"], "f").id, "shadowserver-sinkhole-http-legacy");
  assert.equal(detectLayout(["ip", "timestamp", "geo", "type", "http_host", "infection"], "f").id, "shadowserver-drone-legacy");
  assert.deepEqual(detectLayout(["timestamp", "ip", "geo", "type", "http_host"], "f").familyFields, ["type"]);
  assert.deepEqual(detectLayout(["timestamp", "ip", "geo", "type", "infection"], "f").familyFields, ["infection", "family", "tag"]);
  assert.throws(() => detectLayout(["ip", "geo", "type", "http_host"], "x.csv"), {
    message: 'x.csv:1 field "timestamp": missing required column(s) timestamp for layout shadowserver-sinkhole-http-legacy (sinkhole_http_drone, microsoft_sinkhole)'
  });
});

test("layouts: wrong report type names the layouts it expected", () => {
  assert.throws(() => detectLayout(["date", "open", "close"], "prices.csv"), {
    message: "prices.csv:1: wrong report type: the header matches no supported layout; expected the columns of one of: shadowserver-event-sinkhole-http (src_ip, src_geo, http_url, timestamp, infection/family/tag); shadowserver-event-sinkhole (src_ip, src_geo, timestamp, infection/family/tag); shadowserver-sinkhole-http-legacy (ip, geo, http_host, timestamp, type); shadowserver-drone-legacy (ip, geo, timestamp, infection/family/tag); normalised-events (src_ip, country, hits, timestamp, family)"
  });
  assert.throws(() => detectLayout(["src_ip", "src_geo", "infection"], "x.csv"), {
    message: 'x.csv:1 field "timestamp": missing required column(s) timestamp for layout shadowserver-event-sinkhole (event4_sinkhole, event6_sinkhole, event4_microsoft_sinkhole)'
  });
});

test("layouts: a report with a column dropped names the column; the family may be in any of its layout's family columns", () => {
  const event4 = ["timestamp", "protocol", "src_ip", "src_port", "src_asn", "src_geo", "src_region", "src_city", "src_hostname", "src_naics", "src_sector",
    "dst_ip", "dst_port", "dst_asn", "dst_geo", "public_source", "infection", "family", "tag", "application", "version", "event_id"];
  const without = (headers: string[], ...names: string[]) => headers.filter((h) => !names.includes(h));
  // Shadowserver documents infection, family and tag; a file with only `family` (or only `tag`) is still an event report.
  assert.equal(detectLayout(without(event4, "infection"), "f").id, "shadowserver-event-sinkhole");
  assert.equal(detectLayout(without(event4, "infection", "family"), "f").id, "shadowserver-event-sinkhole");
  assert.equal(detectLayout(["timestamp", "ip", "geo", "family", "count"], "f").id, "shadowserver-drone-legacy");
  assert.throws(() => detectLayout(without(event4, "src_geo"), "e.csv"), {
    message: 'e.csv:1 field "src_geo": missing required column(s) src_geo for layout shadowserver-event-sinkhole (event4_sinkhole, event6_sinkhole, event4_microsoft_sinkhole)'
  });
  assert.throws(() => detectLayout(without(event4, "src_ip"), "e.csv"), {message: /^e\.csv:1 field "src_ip": missing required column\(s\) src_ip for layout shadowserver-event-sinkhole /});
  assert.throws(() => detectLayout(without(event4, "infection", "family", "tag"), "e.csv"), {
    message: 'e.csv:1 field "infection": missing required column(s) one of infection, family, tag for layout shadowserver-event-sinkhole (event4_sinkhole, event6_sinkhole, event4_microsoft_sinkhole)'
  });
  assert.throws(() => detectLayout(["timestamp", "ip", "port", "asn", "region", "city", "type", "infection", "count", "naics"], "d.csv"), {
    message: 'd.csv:1 field "geo": missing required column(s) geo for layout shadowserver-drone-legacy (botnet_drone)'
  });
});

test("preflight: BOM and CRLF are handled and noted", () => {
  const p = preflight("test/fixtures/drone-bom-crlf.csv");
  assert.equal(p.bom, true);
  assert.equal(p.crlf, true);
  assert.equal(p.headers[0], "ip");
  assert.deepEqual(p.notes, ["UTF-8 byte-order mark removed", "CRLF line endings"]);
});

test("preflight: hostile files fail with exact messages", () => {
  const cases: Array<[string, string]> = [
    ["empty.csv", "empty.csv: empty file (0 bytes): expected a header line and data rows"],
    ["no-header.csv", "no-header.csv:1: missing header: the first line looks like data (a timestamp or IP address)"],
    ["blank-header.csv", "blank-header.csv:1: missing header: the first line is empty"],
    ["semicolon.csv", 'semicolon.csv:1: wrong delimiter: the header is separated by ";", expected ","'],
    ["semicolon-quoted.csv", 'semicolon-quoted.csv:1: wrong delimiter: the header is separated by ";", expected ","'],
    ["bad-header-quote.csv", "bad-header-quote.csv:1: malformed header: unterminated quoted field"],
    ["nul.csv", "nul.csv:2: contains NUL bytes: not a text CSV file"],
    ["utf16.csv", "utf16.csv:1: file is UTF-16 encoded; save it as UTF-8"],
    ["archive.zip", "archive.zip: a ZIP archive, not a CSV file: unzip it and give the CSV files inside (a gzip-compressed .csv.gz is read as it is)"],
    ["wrong-type.csv", "wrong-type.csv:1: wrong report type: the header matches no supported layout; expected the columns of one of: shadowserver-event-sinkhole-http (src_ip, src_geo, http_url, timestamp, infection/family/tag); shadowserver-event-sinkhole (src_ip, src_geo, timestamp, infection/family/tag); shadowserver-sinkhole-http-legacy (ip, geo, http_host, timestamp, type); shadowserver-drone-legacy (ip, geo, timestamp, infection/family/tag); normalised-events (src_ip, country, hits, timestamp, family)"]
  ];
  for (const [file, message] of cases) assert.throws(() => preflight(hostile(file)), {name: "InputError", message}, file);
  assert.throws(() => preflight(hostile("does-not-exist.csv")), {message: "does-not-exist.csv: file not found or not readable"});
});

test("splitCsvLine: RFC 4180 quoting", () => {
  assert.deepEqual(splitCsvLine('a,"b,c","d""e",'), ["a", "b,c", 'd"e', ""]);
  assert.equal(splitCsvLine('a,"b'), "unterminated quoted field");
  assert.equal(splitCsvLine('a,"b"c'), "text after a closing quote");
});

test("layouts: Shadowserver's reports that are not about infected machines are refused by name, even with every sinkhole column", () => {
  // Headers as Shadowserver's report schema documents them (The-Shadowserver-Foundation/report_schema, reports.json).
  const event4 = ["timestamp", "protocol", "src_ip", "src_port", "src_asn", "src_geo", "src_region", "src_city", "src_hostname", "src_naics", "src_sector",
    "device_vendor", "device_type", "device_model", "severity", "dst_ip", "dst_port", "dst_asn", "dst_geo", "dst_region", "dst_city", "dst_hostname",
    "dst_naics", "dst_sector", "public_source", "infection", "family", "tag", "application", "version", "event_id"];
  const refused: Record<string, [string[], RegExp]> = {
    event4_honeypot_smb_scan: [[...event4, "vulnerability_enum", "vulnerability_id", "vulnerability_class", "threat_framework", "target_vendor", "target_product",
      "target_class", "command", "flags", "supported_protocols", "session_tags"], /event4_honeypot_\*_scan/],
    event4_honeypot_ics_scan: [[...event4, "state", "sensor_id", "slave_id", "function_code", "request", "response"], /event4_honeypot_ics_scan/],
    event4_ddos_participant: [[...event4, "domain_source", "dst_network", "dst_netmask", "attack", "duration", "attack_src_ip"], /event4_ddos_participant/],
    event4_sinkhole_dns: [[...event4.slice(0, 14), "severity", "infection", "family", "tag", "query_type", "query", "count"], /event4_sinkhole_dns report .*resolver/],
    blocklist: [["timestamp", "severity", "ip", "hostname", "source", "reason", "asn", "geo", "region", "city", "naics", "sector", "tag"], /blocklist/],
    spam_url: [["timestamp", "url", "hostname", "ip", "asn", "geo", "region", "city", "naics", "sector", "severity", "port", "tag", "source", "sender", "subject",
      "src_ip", "src_asn", "src_geo", "src_region", "src_city", "src_naics", "src_sector"], /spam_url/],
    ransomware_victim: [["timestamp", "entity_name", "website", "geo", "region", "sector", "date_published", "ransomware", "leak_site_url", "severity"], /leak sites/],
    scan_smb: [["timestamp", "severity", "ip", "protocol", "port", "hostname", "tag", "asn", "geo", "region", "city", "naics", "hostname_source", "sector", "arch",
      "key", "smb_major_number", "smb_minor_number", "smb_revision", "smb_version_string"], /scan_\*/],
    compromised_iot: [["timestamp", "severity", "ip", "protocol", "port", "hostname", "tag", "asn", "geo", "region", "city", "naics", "hostname_source", "sector",
      "source_type", "category", "family", "status", "detail", "public_source", "account"], /compromised_iot/],
    drone_brute_force: [["timestamp", "ip", "port", "asn", "geo", "region", "city", "hostname", "dest_ip", "dest_port", "service", "naics", "sic", "sector",
      "public_source", "start_time", "end_time", "client_version", "username", "password"], /drone_brute_force/]
  };
  for (const [report, [headers, name]] of Object.entries(refused)) {
    assert.throws(() => detectLayout(headers, `${report}.csv`), (e: Error) => {
      assert.match(e.message, new RegExp(`^${report}\\.csv:1: wrong report type: looks like a Shadowserver .*not infected machines`), report);
      assert.match(e.message, name, report);
      return true;
    });
  }
  // The infection reports themselves, with every column Shadowserver documents today (severity, ssl_*) still pass.
  assert.equal(detectLayout([...event4, "ssl_cipher", "ssl_servername"], "f").id, "shadowserver-event-sinkhole");
  assert.equal(detectLayout([...event4, "http_url", "http_host", "http_agent", "forwarded_by", "ssl_cipher", "http_referer", "ssl_servername", "machine_name"], "f").id,
    "shadowserver-event-sinkhole-http");
});
