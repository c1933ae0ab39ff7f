// Any chart of the report can be embedded as an iframe of its own page: opened with ?embed=<chart id>,
// the page shows that one figure alone (no sidebar, header, footer or other content; see figure.css),
// keeps reading its other URL parameters as selections, and reports its height to the host page.

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
  document.documentElement.classList.add("atlas-embed-mode");
  figure.classList.add("atlas-embed-target");
  reportHeight(figure, id, () => figure.getBoundingClientRect().height + 32);
}
