// Any chart of the report can be embedded as an iframe of its own page: opened with ?embed=<chart id>,
// the page shows that one figure alone (no sidebar, header, footer or other content; see figure.css),
// keeps reading its other URL parameters as selections, and reports its height to the host page. A figure this page
// cannot show (not in this build, on another page, no data for the selections) gets a short note instead of the page.
import {el, siteRoot} from "../facts/facts.js";

export const EMBED_PARAM = "embed";

/** The chart id this page was opened to embed, if any. */
export function embeddedChartId(): string | null {
  return new URLSearchParams(location.search).get(EMBED_PARAM);
}

/**
 * Tells the host page (when framed) the height `measure()` gives whenever `element` resizes, as the
 * `incident-atlas:height` message that the embed snippets listen for. Returns a function that stops it.
 */
export function reportHeight(element: Element, chart: string, measure: () => number, extra: Record<string, unknown> = {}): () => void {
  if (window.parent === window) return () => {};
  let reported = 0;
  const observer = new ResizeObserver(() => {
    const height = Math.ceil(measure());
    if (height === reported || !element.isConnected) return;
    reported = height;
    window.parent.postMessage({type: "incident-atlas:height", chart, ...extra, height}, "*");
  });
  observer.observe(element);
  return () => observer.disconnect();
}

/** Shows `figure` alone and keeps the host page told of its height. */
export function enterEmbedMode(figure: HTMLElement, id: string): void {
  document.querySelector(".atlas-embed-missing")?.remove();
  document.documentElement.classList.add("atlas-embed-mode");
  figure.classList.add("atlas-embed-target");
  reportHeight(figure, id, () => figure.getBoundingClientRect().height + 32);
}

/** This page's path on the atlas ("/", "/timeline"), or null when the document is not an atlas report page. */
function atlasPage(): string | null {
  const root = new URL(siteRoot());
  if (location.origin !== root.origin || !location.pathname.startsWith(root.pathname)) return null;
  const path = `/${location.pathname.slice(root.pathname.length)}`.replace(/\.html$/, "").replace(/\/index$/, "/");
  return path.startsWith("/embed/") ? null : path;
}

/**
 * The ?embed=<id> view of a report page: the page is hidden at once (figure.css; only the figure will show), and when
 * the module export (src/embed/charts.js) says this page cannot show the figure, a note says why, with a link to the
 * atlas.
 */
async function embedView(id: string, page: string): Promise<void> {
  document.documentElement.classList.add("atlas-embed-pending");
  const [{unavailable}, {isFigurePage}] = await Promise.all([import("../../embed/charts.js"), import("../../figures/index.js")]);
  // A page with charts of its own (Explore) is left to show them as it did before.
  if (!isFigurePage(page)) return void document.documentElement.classList.remove("atlas-embed-pending");
  const reason = await unavailable(id, new URLSearchParams(location.search), page);
  const main = document.getElementById("observablehq-main");
  if (!reason || !main || document.querySelector(".atlas-embed-target")) return;
  const note = el("div", "atlas-embed-target atlas-embed-missing");
  note.setAttribute("role", "status");
  const link = el("a", undefined, "Open Incident Atlas");
  link.href = siteRoot();
  link.target = "_blank";
  link.rel = "noopener";
  const more = el("p");
  more.append(link);
  note.append(el("p", undefined, reason), more);
  main.prepend(note);
  document.documentElement.classList.add("atlas-embed-mode");
  reportHeight(note, id, () => note.getBoundingClientRect().height + 32);
}

const requested = typeof location === "undefined" ? null : embeddedChartId();
const onPage = requested === null ? null : atlasPage();
if (requested !== null && onPage !== null) void embedView(requested, onPage).catch((error: unknown) => console.error(error));
