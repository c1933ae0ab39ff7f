// Any chart of the report can be embedded as an iframe of its own page: opened with ?embed=<chart id>,
// the page shows that one figure alone (no sidebar, header, footer or other content; see figure.css),
// keeps reading its other URL parameters as selections, and reports its height to the host page.

export const EMBED_PARAM = "embed";

/** The chart id this page was opened to embed, if any. */
export function embeddedChartId(): string | null {
  return new URLSearchParams(location.search).get(EMBED_PARAM);
}

/** Shows `figure` alone and keeps the host page told of its height. */
export function enterEmbedMode(figure: HTMLElement, id: string): void {
  document.documentElement.classList.add("atlas-embed-mode");
  figure.classList.add("atlas-embed-target");
  if (window.parent === window) return;
  let reported = 0;
  const report = () => {
    const height = Math.ceil(figure.getBoundingClientRect().height + 32);
    if (height === reported || !figure.isConnected) return;
    reported = height;
    window.parent.postMessage({type: "incident-atlas:height", chart: id, height}, "*");
  };
  new ResizeObserver(report).observe(figure);
}
