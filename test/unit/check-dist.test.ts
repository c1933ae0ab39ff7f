// scripts/csp.ts and scripts/check-dist.ts: the CSP step hashes exactly the inline scripts, and the dist check
// catches each kind of breakage it promises to catch (so `npm run check:dist` can fail).
import assert from "node:assert/strict";
import {mkdtempSync, mkdirSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {after, describe, test} from "node:test";
import {caseStudyProblems, checkDist} from "../../scripts/check-dist.ts";
import {pruneStrayCaseStudyFiles, strayCaseStudyFiles} from "../../scripts/postbuild.ts";
import {inlineScripts, parsePolicy, protectPage, scriptHash} from "../../scripts/csp.ts";

const POLICY = `default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; connect-src 'self'`;
const page = (body: string, head = "") =>
  `<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n<link rel="stylesheet" href="./style.css">\n${head}<meta http-equiv="Content-Security-Policy" content="${POLICY}">\n<script type="module">\nimport "./app.js";\n</script>\n</head>\n<body><main><h2 id="here">Here</h2>${body}</main><script>{const x = 1;}</script></body></html>\n`;

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, {recursive: true, force: true})));

function site(files: Record<string, string>, protect = true): string {
  const dir = mkdtempSync(join(tmpdir(), "atlas-dist-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), {recursive: true});
    writeFileSync(join(dir, name), protect && name.endsWith(".html") ? protectPage(text, name) : text);
  }
  return dir;
}

describe("scripts/csp.ts", () => {
  test("replaces 'unsafe-inline' by the hashes of exactly the page's inline scripts and moves the policy first", () => {
    const html = protectPage(page(""), "x.html");
    const policy = parsePolicy(/content="([^"]*)"/.exec(html)![1]!);
    assert.ok(!policy["script-src"]!.includes("'unsafe-inline'"));
    const scripts = inlineScripts(html);
    assert.equal(scripts.length, 2);
    for (const s of scripts) assert.ok(policy["script-src"]!.includes(scriptHash(s)));
    assert.equal(policy["script-src"]!.filter((v) => v.startsWith("'sha256-")).length, 2);
    assert.ok(html.indexOf("Content-Security-Policy") < html.indexOf("<link"), "policy precedes the first link");
    assert.equal(protectPage(html, "x.html"), html, "idempotent");
  });

  test("a hash matches the browser's: sha256 over the exact UTF-8 text, base64", () => {
    // echo -n 'alert(1)' | openssl sha256 -binary | base64
    assert.equal(scriptHash("alert(1)"), "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='");
  });

  test("refuses a page without a policy", () => {
    assert.throws(() => protectPage("<html><head><meta charset=\"utf-8\"></head></html>", "bare.html"), /bare\.html: no <meta/);
  });
});

describe("scripts/check-dist.ts", () => {
  const good = {
    "index.html": page('<a href="./other">other</a> <a href="./other#there">there</a> <a href="#here">here</a> <a href="https://example.org/source">a cited source</a>'),
    "other.html": page('<p id="there">There</p><img src="./_file/a.png" alt="">'),
    "style.css": "@import url('./font.css'); body { background: url(data:image/png;base64,AAAA); }",
    "font.css": "@font-face { src: url(./f.woff2); }",
    "f.woff2": "x",
    "app.js": 'import {x} from "./lib.js"; const y = await import("./lazy.js");',
    "lib.js": "export const x = 1;",
    "lazy.js": "export default 1;",
    "_file/a.png": "x"
  };

  test("a whole site passes", () => {
    assert.deepEqual(checkDist(site(good)).problems, []);
  });

  test("reports a broken page link, a broken fragment, a missing asset, a missing import and a third-party load", () => {
    const dir = site({
      ...good,
      "index.html": page('<a href="./nowhere">x</a> <a href="./other#gone">y</a> <img src="https://cdn.example.com/x.png" alt="">', '<script src="https://cdn.example.com/lib.js"></script>\n'),
      "font.css": "@font-face { src: url(https://fonts.example.com/f.woff2); }",
      "app.js": 'import {x} from "./lib.js"; import "./missing.js";',
      "other.html": page('<p id="there">There</p><img src="./_file/missing.png" alt="">')
    });
    const messages = checkDist(dir).problems.map((p) => `${p.file}: ${p.message}`);
    const expect = [
      /index\.html: broken link: \.\/nowhere/,
      /index\.html: broken link: \.\/other#gone/,
      /index\.html: loads a third-party URL \(img src\): https:\/\/cdn\.example\.com\/x\.png/,
      /index\.html: loads a third-party URL \(script src\)/,
      /font\.css: loads a third-party URL/,
      /app\.js: missing static import: \.\/missing\.js/,
      /other\.html: missing img src: \.\/_file\/missing\.png/
    ];
    for (const pattern of expect) assert.ok(messages.some((m) => pattern.test(m)), `expected ${pattern} among:\n${messages.join("\n")}`);
  });

  test("reports a page without a policy, with 'unsafe-inline', or with stale hashes", () => {
    const stale = protectPage(page(""), "stale.html").replace("{const x = 1;}", "{const x = 2;}");
    const dir = site({...good, "index.html": page(""), "stale.html": stale}, false);
    const messages = checkDist(dir).problems.map((p) => `${p.file}: ${p.message}`);
    assert.ok(messages.some((m) => /index\.html: script-src allows 'unsafe-inline'/.test(m)), messages.join("\n"));
    assert.ok(messages.some((m) => /other\.html: script-src allows 'unsafe-inline'/.test(m)));
    assert.ok(messages.some((m) => /stale\.html: an inline script's hash .* is missing/.test(m)));
    assert.ok(messages.some((m) => /stale\.html: script-src lists .* which matches no inline script/.test(m)));
  });
});

describe("scripts/check-determinism.ts", () => {
  test("compareDirs reports a differing file and a file only one build produced", async () => {
    const {compareDirs} = await import("../../scripts/check-determinism.ts");
    const one = site({"a.arrow": "same", "b.json": '{"x":1}', "c.arrow": "only here"}, false);
    const two = site({"a.arrow": "same", "b.json": '{"x":2}'}, false);
    assert.deepEqual(compareDirs(one, two).map((d) => d.file), ["b.json", "c.arrow"]);
    assert.match(compareDirs(one, two)[0]!.message, /first difference at byte 5/);
    assert.deepEqual(compareDirs(one, one), []);
  });
});

describe("a case-study dataset ships only with its page", () => {
  const datasets = [{name: "hourly"}, {name: "proof-detections", caseStudy: "/proof"}];
  const build = (withPage: boolean, registered: boolean): string => {
    const dir = mkdtempSync(join(tmpdir(), "atlas-case-"));
    dirs.push(dir);
    mkdirSync(join(dir, "_file", "data"), {recursive: true});
    writeFileSync(join(dir, "_file", "data", "hourly.0123abcd.arrow"), "");
    writeFileSync(join(dir, "_file", "data", "proof-detections.cd50cbc5.arrow"), "");
    writeFileSync(join(dir, "data.html"), registered ? `registerFile("./data/proof-detections.arrow", {"path":"./_file/data/proof-detections.cd50cbc5.arrow"});` : "");
    if (withPage) writeFileSync(join(dir, "proof.html"), `registerFile("./data/proof-detections.arrow", {});`);
    return dir;
  };

  test("with the page: nothing is stray", () => {
    const dir = build(true, true);
    assert.deepEqual(strayCaseStudyFiles(dir, datasets), []);
    assert.deepEqual(caseStudyProblems(dir, datasets), []);
  });

  test("without the page: its dataset's file and any page registering it are problems; postbuild removes the file", async () => {
    const dir = build(false, true);
    assert.deepEqual(strayCaseStudyFiles(dir, datasets), [join("_file", "data", "proof-detections.cd50cbc5.arrow")]);
    assert.deepEqual(caseStudyProblems(dir, datasets).map((p) => p.file), [join("_file", "data", "proof-detections.cd50cbc5.arrow"), "data.html"]);
    assert.deepEqual(await pruneStrayCaseStudyFiles(dir), [join("_file", "data", "proof-detections.cd50cbc5.arrow")]);
    assert.deepEqual(strayCaseStudyFiles(dir, datasets), []);
    assert.match(caseStudyProblems(dir, datasets)[0]!.message, /registers or attaches data\/proof-detections\.arrow, a dataset of \/proof/);
  });
});
