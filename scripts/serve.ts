// `npm run serve -- [--port N] [--dir dist] [--host 127.0.0.1]`: serves the built site as a static host with clean
// URLs would (GitHub Pages, Netlify, …), which a plain file server does not: Framework links to /countries, the file
// is countries.html. One implementation, used by this command and by the browser tests (test/e2e/server.ts).
//   /                 → index.html          /countries → countries.html     /embed/ → embed/index.html
//   a missing path    → 404.html with status 404 (text "not found" if the build has none)
//   MIME types by extension (wasm as application/wasm, which WebAssembly.instantiateStreaming requires).
// Loopback only unless --host says otherwise; GET and HEAD only; no path may leave the served folder.
import {createReadStream} from "node:fs";
import {stat} from "node:fs/promises";
import {createServer, type Server} from "node:http";
import type {AddressInfo} from "node:net";
import {extname, join, resolve, sep} from "node:path";
import {parseArgs} from "node:util";

export const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".csv": "text/csv; charset=utf-8",
  ".tsv": "text/tab-separated-values; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".arrow": "application/vnd.apache.arrow.stream",
  ".parquet": "application/vnd.apache.parquet",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".zip": "application/zip"
};

export function contentType(path: string): string {
  return MIME[extname(path).toLowerCase()] ?? "application/octet-stream";
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}

/** The file a URL path maps to under root, as a static host with clean URLs would, or null. Never leaves root. */
export async function locate(root: string, pathname: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes("\0")) return null;
  const base = resolve(root, "." + (decoded.startsWith("/") ? decoded : `/${decoded}`));
  if (base !== root && !base.startsWith(root + sep)) return null;
  const candidates = decoded.endsWith("/") ? [join(base, "index.html")] : [base, `${base}.html`, join(base, "index.html")];
  for (const candidate of candidates) {
    if (await isFile(candidate)) return candidate;
  }
  return null;
}

export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

export interface ServeOptions {
  port?: number;
  host?: string;
}

/** Sent with every response: no caching (a rebuilt dist/ shows at once), and CORS as GitHub Pages sends it, so
 * another site can import the exported chart modules (docs/embedding.md). */
const HEADERS = {"cache-control": "no-store", "access-control-allow-origin": "*"};

/** Serves dir on host (default 127.0.0.1) at port (0 picks a free one). */
export async function serveStatic(dir: string, {port = 0, host = "127.0.0.1"}: ServeOptions = {}): Promise<StaticServer> {
  const root = resolve(dir);
  if (!(await stat(root).catch(() => null))?.isDirectory()) throw new Error(`${dir}: no such folder (run npm run build first)`);
  const server: Server = createServer(async (request, response) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, {allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8"}).end("method not allowed\n");
      return;
    }
    const {pathname} = new URL(request.url ?? "/", "http://localhost");
    const file = await locate(root, pathname);
    const body = file ?? ((await isFile(join(root, "404.html"))) ? join(root, "404.html") : null);
    if (!body) {
      response.writeHead(404, {"content-type": "text/plain; charset=utf-8", ...HEADERS}).end("not found\n");
      return;
    }
    const {size} = await stat(body);
    response.writeHead(file ? 200 : 404, {"content-type": contentType(body), "content-length": size, ...HEADERS});
    if (request.method === "HEAD") response.end();
    else createReadStream(body).pipe(response);
  });
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(port, host, done);
  });
  const {address, port: actual} = server.address() as AddressInfo;
  return {
    origin: `http://${address.includes(":") ? `[${address}]` : address}:${actual}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      })
  };
}

async function main(): Promise<void> {
  const {values} = parseArgs({
    options: {
      port: {type: "string", short: "p", default: "3000"},
      dir: {type: "string", short: "d", default: "dist"},
      host: {type: "string", default: "127.0.0.1"}
    }
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be an integer from 0 to 65535, got ${values.port}`);
  const server = await serveStatic(values.dir, {port, host: values.host});
  console.log(`serving ${values.dir}/ at ${server.origin}/ (Ctrl-C stops)`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(`serve: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
