// The JavaScript module export of every figure (docs/embedding.md), driven by the figure registry
// (src/figures/index.ts): this file only loads the tables a figure lists and puts the figure in a
// self-contained element. It composes no figure itself.
//
//   import {render} from "https://atlas.example.org/embed/charts.js";
//   document.body.append(await render("timeline-hourly", {from: "2017-05-12T10:00Z", to: "2017-05-12T18:00Z"}));
//   await render("countries-map", document.getElementById("map"), {metric: "hits", region: "europe"});
//
// Files are resolved against this module's own URL (Framework bakes them in at build time), so the
// module works from any origin that may fetch from the site (CORS; see docs/embedding.md).
import {FileAttachment} from "observablehq:stdlib";
import {loadArrow} from "../components/state/arrow.js";
import {datasetFiles} from "../components/explore/dataset-files.js";
import {factsOf} from "../components/state/report-data.js";
import {FIGURE_IDS, figureEntry, figureMissing, figureSelections, noDataMessage} from "../figures/index.js";
import {figureChrome} from "../figures/render.js";

// Each table once per page, however many figures are drawn.
const once = (f) => {
  let p;
  return () => (p ??= f());
};
const TABLES = {
  countries: once(() => loadArrow(FileAttachment("../data/countries.arrow"))),
  reference: once(() => loadArrow(FileAttachment("../data/country-reference.arrow"))),
  hourly: once(() => loadArrow(FileAttachment("../data/hourly.arrow"))),
  sectors: once(() => loadArrow(FileAttachment("../data/sectors.arrow"))),
  countrySectors: once(() => loadArrow(FileAttachment("../data/country-sectors.arrow"))),
  world: once(() => FileAttachment("../data/world-110m.json").json()),
  validation: once(() => FileAttachment("../data/validation.json").json()),
  facts: once(async () => factsOf(await FileAttachment("../data/published.json").json())),
  // A case-study table: its file ships only with its page (dataset-files.js); render() asks for it only then.
  proofDetections: once(async () => loadArrow((await datasetFiles("name", ["/proof"]))["proof-detections"])),
  hourlyBuilt: once(async () => FileAttachment("../data/hourly.arrow").lastModified ?? Date.now())
};
const incidentJson = once(() => FileAttachment("../data/incident.json").json());

/** The ids of every figure (a case-study figure renders only for the incident that has its page). */
export const charts = FIGURE_IDS;

/** The valid selections for figure `id` from an options object or URLSearchParams. */
export const selections = figureSelections;

// A few scoped styles, so the figure reads well on a plain page; the chart marks carry their own colours.
const STYLE = `
.atlas-embed{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;max-width:100%;color:var(--theme-foreground,#1b1e23);background:var(--theme-background,#fff)}
.atlas-embed .atlas-figure{margin:0}
.atlas-embed .atlas-figure-title{margin:0 0 .25rem;font-size:1rem}
.atlas-embed .atlas-figure-subtitle,.atlas-embed .atlas-figure-source{margin:.25rem 0;font-size:.8rem;color:var(--theme-foreground-muted,#55585d)}
.atlas-embed .atlas-figure-summary{margin:.5rem 0 0;font-size:.85rem}
.atlas-embed .atlas-modelled{display:inline-block;margin:0 0 .5rem;padding:.1rem .5rem;border:1px dashed currentColor;border-radius:4px;font:600 .75rem/1.4 system-ui,sans-serif;text-transform:uppercase}
.atlas-embed .atlas-event-key{font-size:.8rem;margin:.5rem 0 0;padding-left:1.5rem}
.atlas-embed svg{max-width:100%;height:auto}`;

function injectStyle() {
  if (document.getElementById("atlas-embed-style")) return;
  const style = document.createElement("style");
  style.id = "atlas-embed-style";
  style.textContent = STYLE;
  document.head.append(style);
}

/** Figure `id` built from its tables with these selections, or null when the incident has no data for it. */
async function build(id, options, incident) {
  const entry = figureEntry(id);
  const tables = Object.fromEntries(await Promise.all(entry.tables.map(async (name) => [name, await TABLES[name]()])));
  return entry.build(tables, figureSelections(id, options), incident);
}

/**
 * Why figure `id` cannot be shown with these selections (on `page` of the site, when given), or null when it can:
 * the words the ?embed=<id> view shows instead of the page (src/components/figure/embed-mode.ts).
 */
export async function unavailable(id, options = {}, page) {
  const incident = await incidentJson();
  return figureMissing(id, incident, page) ?? ((await build(id, options, incident)) ? null : noDataMessage(id, incident));
}

/** Redraws `draw(width)` whenever the element's width changes; labels each drawing for screen readers. */
function responsive(draw, initialWidth, label) {
  const holder = document.createElement("div");
  holder.className = "atlas-embed-chart";
  let last = -1;
  const paint = (width) => {
    width = Math.max(280, Math.floor(width));
    if (width === last) return;
    last = width;
    const chart = draw(width);
    const svg = chart instanceof SVGSVGElement ? chart : chart.querySelector('svg:not([class*="-ramp"]):not([class*="-swatch"])');
    if (svg) svg.setAttribute("role", "img"), svg.setAttribute("aria-label", label);
    // Plot's per-mark names ("geo", "bar") are never read inside role="img"; axe flags them on role-less <g>s.
    chart.querySelectorAll?.("svg g[aria-label]").forEach((g) => g.removeAttribute("aria-label"));
    holder.replaceChildren(chart);
  };
  paint(initialWidth);
  new ResizeObserver(([entry]) => entry.contentRect.width > 0 && paint(entry.contentRect.width)).observe(holder);
  return holder;
}

/**
 * Draws figure `id` with the given selections; resolves to a `div.atlas-embed` holding the chart with its
 * title, "modelled" label, text summary and source line. Called as render(id, options) it returns the new
 * element; as render(id, element, options) it also puts it into `element`. Options: the figure's selections,
 * and `width` (initial width in px before the element is laid out; it then follows its container).
 */
export async function render(id, element, options) {
  if (!(element instanceof Element)) [element, options] = [null, element];
  options ??= {};
  figureEntry(id); // an unknown id throws, naming the ids there are
  const incident = await incidentJson();
  const missing = figureMissing(id, incident);
  if (missing) throw new Error(missing);
  const figure = await build(id, options, incident);
  injectStyle();
  const root = document.createElement("div");
  root.className = "atlas-embed";
  root.dataset.chart = id;
  if (!figure) {
    const note = document.createElement("p");
    note.textContent = noDataMessage(id, incident);
    root.append(note);
  } else {
    const width = Number(options instanceof URLSearchParams ? options.get("width") : options.width) || 640;
    const chrome = figureChrome(figure, responsive((w) => figure.draw(w), width, `${figure.title}. ${figure.summary}`));
    chrome.querySelectorAll(".atlas-chart-actions, .atlas-embed-panel").forEach((node) => node.remove());
    root.append(chrome);
  }
  element?.replaceChildren(root);
  return root;
}
