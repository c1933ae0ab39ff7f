// scripts/serve.ts (npm run serve, and the browser tests' server): clean URLs, 404 page, MIME types, loopback,
// no way out of the served folder. Also the dev policy of scripts/csp.ts and the dist swap of scripts/build.ts.
import assert from "node:assert/strict";
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {request} from "node:http";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {after, before, test} from "node:test";
import {serveStatic, type StaticServer} from "../../scripts/serve.ts";
import {commandPolicy, parsePolicy, previewPolicy, protectPage} from "../../scripts/csp.ts";

const temp = mkdtempSync(join(tmpdir(), "atlas-serve-"));
const root = join(temp, "dist");
let server: StaticServer;

function write(path: string, text: string | Uint8Array): void {
  mkdirSync(join(path, ".."), {recursive: true});
  writeFileSync(path, text);
}

before(async () => {
  write(join(root, "index.html"), "home");
  write(join(root, "countries.html"), "countries");
  write(join(root, "embed", "index.html"), "embed index");
  write(join(root, "embed", "countries.html"), "embed countries");
  write(join(root, "404.html"), "missing page");
  write(join(root, "_npm", "duckdb.wasm"), new Uint8Array([0, 97, 115, 109]));
  write(join(root, "_file", "data", "countries.1234abcd.arrow"), "arrow");
  write(join(root, "a b.csv"), "x\n");
  write(join(temp, "secret.txt"), "secret");
  write(join(temp, "dist-other", "index.html"), "other");
  server = await serveStatic(root);
});
after(async () => {
  await server?.close();
  rmSync(temp, {recursive: true, force: true});
});

/** A raw GET (fetch would normalise "..", which an attacker's client need not). */
function get(path: string, method = "GET"): Promise<{status: number; type: string; body: string}> {
  const url = new URL(server.origin);
  return new Promise((done, fail) => {
    const req = request({host: url.hostname, port: url.port, path, method}, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => done({status: res.statusCode ?? 0, type: String(res.headers["content-type"]), body: Buffer.concat(chunks).toString()}));
    });
    req.on("error", fail);
    req.end();
  });
}

test("serve: listens on 127.0.0.1 only by default", () => {
  assert.match(server.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
});

test("serve: clean URLs, directory index and the build's 404 page", async () => {
  const cases: [string, number, string][] = [
    ["/", 200, "home"],
    ["/index", 200, "home"],
    ["/countries", 200, "countries"],
    ["/countries.html", 200, "countries"],
    ["/countries?x=1#y", 200, "countries"],
    ["/embed/", 200, "embed index"],
    ["/embed", 200, "embed index"],
    ["/embed/countries", 200, "embed countries"],
    ["/a%20b.csv", 200, "x\n"],
    ["/nowhere", 404, "missing page"],
    ["/countries/", 404, "missing page"]
  ];
  for (const [path, status, body] of cases) {
    const res = await get(path);
    assert.equal(res.status, status, path);
    assert.equal(res.body, body, path);
  }
});

test("serve: MIME types (wasm as application/wasm, Arrow, HTML with charset)", async () => {
  assert.equal((await get("/_npm/duckdb.wasm")).type, "application/wasm");
  assert.equal((await get("/_file/data/countries.1234abcd.arrow")).type, "application/vnd.apache.arrow.stream");
  assert.equal((await get("/countries")).type, "text/html; charset=utf-8");
  assert.equal((await get("/nowhere")).type, "text/html; charset=utf-8");
  const head = await get("/countries", "HEAD");
  assert.equal(head.status, 200);
  assert.equal(head.body, "");
  assert.equal((await get("/countries", "POST")).status, 405);
});

test("serve: no path leaves the served folder", async () => {
  for (const path of ["/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/%2e%2e%2f%2e%2e%2fsecret.txt", "/../dist-other/index.html", "/%00", "/%E0%A4%A"]) {
    const res = await get(path);
    assert.equal(res.status, 404, path);
    assert.notEqual(res.body, "secret", path);
    assert.notEqual(res.body, "other", path);
  }
});

test("serve: a folder that does not exist is a clear error", async () => {
  await assert.rejects(serveStatic(join(temp, "no-such-dist")), /no such folder/);
});

test("dev policy: observable preview allows eval and the reload socket; the build keeps the strict policy", () => {
  const strict = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'unsafe-inline'; connect-src 'self'";
  assert.equal(commandPolicy(["node", "observable", "build"], strict), strict);
  const dev = parsePolicy(commandPolicy(["node", "observable", "preview", "--port", "3123"], strict));
  assert.ok(dev["script-src"]?.includes("'unsafe-eval'"));
  assert.ok(dev["connect-src"]?.includes("'self'"));
  assert.ok(dev["connect-src"]?.some((v) => v.startsWith("ws://127.0.0.1")));
  assert.equal(previewPolicy(previewPolicy(strict)), previewPolicy(strict), "idempotent");
  // The dev policy can never reach dist/: the post-build step rejects 'unsafe-eval'.
  const page = `<html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${previewPolicy(strict)}"></head></html>`;
  assert.throws(() => protectPage(page, "dev.html"), /unsafe-eval/);
});
