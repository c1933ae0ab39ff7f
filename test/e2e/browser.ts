// Headless Chromium for the browser tests, driven by playwright-core.
import {existsSync} from "node:fs";
import {chromium, type Browser, type BrowserContext, type Page} from "playwright-core";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  // Any host but this machine fails to resolve, so a third-party request fails visibly.
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
];

/** The browser binary: $CHROMIUM_PATH, else a system Chromium or Chrome; never silently skipped. */
export function chromiumPath(): string {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH=${configured} does not exist.`);
    return configured;
  }
  const found = CANDIDATES.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      "No Chromium or Chrome found for the browser tests. Install one (Debian/Ubuntu: `sudo apt-get install -y chromium`) " +
        "or set CHROMIUM_PATH to its binary. `npx playwright install` is not needed."
    );
  }
  return found;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({executablePath: chromiumPath(), args: CHROMIUM_FLAGS, headless: true});
}

export function isLocalUrl(href: string): boolean {
  const url = new URL(href);
  return url.protocol === "data:" || url.protocol === "blob:" || url.hostname === "127.0.0.1";
}

/** What a page did over the network and in its console while it was open. */
export interface PageRecord {
  consoleErrors: string[];
  failedRequests: string[];
  thirdPartyRequests: string[];
  requests: {url: string; bytes: number; at: number}[];
  /** Every request the context started (also those that end aborted, which `requests` does not list). */
  started: string[];
}

/** Starts recording a context's requests and a page's console; `at` is ms since the call. */
export function record(context: BrowserContext, page: Page): PageRecord {
  const start = Date.now();
  const log: PageRecord = {consoleErrors: [], failedRequests: [], thirdPartyRequests: [], requests: [], started: []};
  page.on("console", (message) => {
    if (message.type() === "error") log.consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => log.consoleErrors.push(`uncaught: ${error.message}`));
  context.on("request", (request) => {
    log.started.push(request.url());
    if (!isLocalUrl(request.url())) log.thirdPartyRequests.push(request.url());
  });
  context.on("requestfailed", async (request) => {
    // A download the page itself aborts after reading what it needs is not a failure of the site.
    const failure = request.failure()?.errorText ?? "failed";
    // Chromium compiles DuckDB's .wasm while it streams in and, once the module is complete, may cancel
    // the body before the network layer reports its end: logged as ERR_ABORTED after a 200 response
    // (seen intermittently while the engine then starts fine). Any other abort still counts.
    if (failure === "net::ERR_ABORTED" && /\.wasm$/.test(new URL(request.url()).pathname)) {
      const response = await request.response().catch(() => null);
      if (response?.status() === 200) return;
    }
    log.failedRequests.push(`${request.url()} (${failure})`);
  });
  context.on("response", (response) => {
    if (response.status() >= 400) log.failedRequests.push(`${response.url()} (HTTP ${response.status()})`);
  });
  context.on("requestfinished", async (request) => {
    const at = Date.now() - start;
    const sizes = await request.sizes().catch(() => null);
    log.requests.push({url: request.url(), bytes: sizes ? sizes.responseBodySize + sizes.responseHeadersSize : 0, at});
  });
  return log;
}
