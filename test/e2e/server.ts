// A small static server for the built site (dist/), on 127.0.0.1 only.
import {createReadStream} from "node:fs";
import {stat} from "node:fs/promises";
import {createServer, type Server} from "node:http";
import type {AddressInfo} from "node:net";
import {extname, join, normalize, resolve} from "node:path";

const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".csv": "text/csv; charset=utf-8",
  ".arrow": "application/vnd.apache.arrow.stream",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8"
};

export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}

/** Maps a URL path to a file, as a static host with clean URLs would. */
async function locate(root: string, pathname: string): Promise<string | null> {
  const relative = normalize(decodeURIComponent(pathname)).replace(/^(\.\.[/\\])+/, "");
  const base = join(root, relative);
  if (!base.startsWith(root)) return null;
  for (const candidate of [base, `${base}.html`, join(base, "index.html")]) {
    if (await isFile(candidate)) return candidate;
  }
  return null;
}

/** Serves `dir` on 127.0.0.1 at `port` (0 picks a free one). */
export async function serveStatic(dir: string, port = 0): Promise<StaticServer> {
  const root = resolve(dir);
  const server: Server = createServer(async (request, response) => {
    const {pathname} = new URL(request.url ?? "/", "http://127.0.0.1");
    const file = await locate(root, pathname);
    const status = file ? 200 : 404;
    const body = file ?? ((await isFile(join(root, "404.html"))) ? join(root, "404.html") : null);
    if (!body) {
      response.writeHead(404, {"content-type": "text/plain"}).end("not found");
      return;
    }
    response.writeHead(status, {
      "content-type": MIME[extname(body)] ?? "application/octet-stream",
      "cache-control": "no-store",
      // As static hosts such as GitHub Pages do: lets another site import the exported chart modules.
      "access-control-allow-origin": "*"
    });
    createReadStream(body).pipe(response);
  });
  await new Promise<void>((done) => server.listen(port, "127.0.0.1", done));
  const {port: actual} = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${actual}`,
    close: () => new Promise<void>((done) => server.close(() => done()))
  };
}
