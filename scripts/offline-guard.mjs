// Node preload (NODE_OPTIONS=--import ./scripts/offline-guard.mjs): any fetch to a
// host other than this machine throws, so a new network dependency of the build
// fails loudly instead of hanging. Telemetry is switched off as well.
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);
const realFetch = globalThis.fetch;

process.env.OBSERVABLE_TELEMETRY_DISABLE = "1";

globalThis.fetch = async function guardedFetch(input, init) {
  const href = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  const url = new URL(href, "http://localhost/");
  if (url.protocol !== "file:" && url.protocol !== "data:" && !LOCAL_HOSTS.has(url.hostname)) {
    const message = `offline guard: blocked a request to ${url.origin} (${href}). Incident Atlas builds with no network; see docs/architecture.md.`;
    console.error(message);
    throw new Error(message);
  }
  return realFetch(input, init);
};
