// The figure panel's Download and Embed tabs. Download: the image (PNG, SVG; light, or "dark slide" with light text
// on a transparent background), the displayed-data CSV, the full CSV and the metadata JSON, each from the same
// Figure the panel shows. Embed: the iframe snippet and the JavaScript-module snippet.
import {siteRoot} from "../facts/facts.js";
import {EMBED_IDS} from "./embed-ids.js";
import {EMBED_PARAM} from "./embed-mode.js";
import {isPanelState} from "./panel.js";
import {downloadName, isoDate, saveBlob} from "./download.js";
import {figureCsv, figureMetadata, type FigureContext, type FigureData} from "./figure-data.js";
import {figureImage, imageToPng, escapeXml, type ImageTheme} from "./image.js";

/** What the Download and Embed tabs need of a figure: its data, and the chart and key drawn for an image. */
export interface PanelFigure extends FigureData {
  /** The chart and its key drawn for an image: standalone (no page instructions or controls), not on the page. */
  imageParts(): {chart: Element; legend: Element | null};
  /** The width the chart is drawn at on the page (the image's width). */
  width: number;
  modelledLabel: string;
}

/** The selections to embed: the parameters the figure declares (its registry params), as the page's URL sets them. */
export function embedParams(search: URLSearchParams, names: readonly string[]): URLSearchParams {
  const out = new URLSearchParams();
  for (const name of names) {
    const value = search.get(name);
    if (value !== null && value !== "") out.set(name, value);
  }
  return out;
}

export interface EmbedSnippets {
  iframe: string;
  module: string;
  url: string;
}

/** An iframe of `url`, with the listener that resizes it to the height its page reports. */
function iframeSnippet(url: string, title: string, origin: string): string {
  return (
    `<iframe src="${escapeXml(url)}" title="${escapeXml(title)}" data-atlas-embed style="width:100%;height:480px;border:0" loading="lazy"></iframe>\n` +
    `<script>\n` +
    `// Resize Incident Atlas iframes to the height their page reports.\n` +
    `addEventListener("message", (event) => {\n` +
    `  if (event.origin !== ${JSON.stringify(origin)} || event.data?.type !== "incident-atlas:height") return;\n` +
    `  for (const frame of document.querySelectorAll("iframe[data-atlas-embed]")) {\n` +
    `    if (frame.contentWindow === event.source) frame.style.height = event.data.height + "px";\n` +
    `  }\n` +
    `});\n` +
    `</script>`
  );
}

/** The page URL with its selections only: no fragment, no ?embed=, no panel state (an open tab, a table's sort). */
function selectionsOnly(href: string): URL {
  const url = new URL(href);
  url.hash = "";
  for (const name of [...url.searchParams.keys()]) if (name === EMBED_PARAM || isPanelState(name)) url.searchParams.delete(name);
  return url;
}

/**
 * The iframe snippet for any chart of the report: its own page opened with ?embed=<id>, which shows that
 * chart alone (see EMBED_PARAM in figure.ts), with the page's current selections.
 */
export function pageEmbedSnippet(id: string, title: string, href = location.href): {iframe: string; url: string} {
  const url = selectionsOnly(href);
  url.searchParams.set(EMBED_PARAM, id);
  return {iframe: iframeSnippet(url.href, title, url.origin), url: url.href};
}

/** The module snippet for figure `id` (every figure of the registry has one: src/embed/charts.js). */
export function moduleSnippet(id: string, params: URLSearchParams, root = siteRoot()): string {
  const options = JSON.stringify(Object.fromEntries(params));
  const target = `atlas-${id}`;
  return (
    `<div id="${target}"></div>\n` +
    `<script type="module">\n` +
    `import {render} from ${JSON.stringify(new URL("embed/charts.js", root).href)};\n` +
    `document.getElementById(${JSON.stringify(target)}).append(await render(${JSON.stringify(id)}, ${options}));\n` +
    `</script>`
  );
}

/** The iframe snippet (with its height listener) and the module snippet for a chart with an /embed/<id> page. */
export function embedSnippets(id: string, title: string, params: URLSearchParams, root = siteRoot()): EmbedSnippets {
  const query = params.toString();
  const url = new URL(`embed/${id}${query ? `?${query}` : ""}`, root).href;
  const iframe = iframeSnippet(url, title, new URL(root).origin);
  return {iframe, module: moduleSnippet(id, params, root), url};
}

/**
 * The embed code of figure `id` on the page at `href`: both snippets carry every selection the figure declares
 * (`names`, its registry params; none for a figure outside the registry). A figure with an /embed/<id> page embeds
 * it; every other figure embeds its own page (?embed=<id>, with the page's selections).
 */
export function figureEmbedCode(id: string, title: string, names: readonly string[], href: string, root = siteRoot()): EmbedSnippets {
  const params = embedParams(new URL(href).searchParams, names);
  return (EMBED_IDS as readonly string[]).includes(id) ? embedSnippets(id, title, params, root)
    : {...pageEmbedSnippet(id, title, href), module: moduleSnippet(id, params, root)};
}

function button(label: string, action: string, name = label): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = label;
  b.dataset.action = action;
  if (name !== label) b.setAttribute("aria-label", name);
  return b;
}

async function copy(text: string, area: HTMLTextAreaElement, note: HTMLElement): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    note.textContent = "Copied.";
  } catch {
    area.focus();
    area.select();
    note.textContent = "Selected: press Ctrl+C (⌘C) to copy.";
  }
}

/** The Download tab's note on images: it names the modelled label only for a figure that draws one (modelled data). */
export function imageNote(modelled: boolean): string {
  return `Title, subtitle, ${modelled ? "modelled label, " : ""}key and source line are drawn into the image. Dark-slide images have light text on a transparent background.`;
}

/** The figure's data downloads, by the `download=` value of their stable URL (?figure=<id>&download=…). */
export const DATA_DOWNLOADS = ["csv", "csv-full", "json"] as const;
export type DataDownload = (typeof DATA_DOWNLOADS)[number];

/** Saves one of the figure's data files (see DATA_DOWNLOADS). */
export function saveFigureData(figure: PanelFigure, kind: DataDownload, context: FigureContext): void {
  const date = context.built;
  if (kind === "json") {
    const json = JSON.stringify(figureMetadata(figure, context), null, 2) + "\n";
    saveBlob(new Blob([json], {type: "application/json"}), downloadName(figure.id, date, "json"));
  } else {
    const full = kind === "csv-full";
    saveBlob(new Blob([figureCsv(figure, context, full ? "full" : "displayed")], {type: "text/csv;charset=utf-8"}), downloadName(full ? `${figure.id}-full` : figure.id, date, "csv"));
  }
}

/** The stable URL of one of the figure's data files: the page it is on, opened with ?figure=<id>&download=<kind>. */
export function dataUrl(id: string, kind: DataDownload, href = location.href): string {
  const url = selectionsOnly(href);
  url.searchParams.set("figure", id);
  url.searchParams.set("download", kind);
  return url.href;
}

/** The Download tab: images (light and dark slide; PNG and SVG) and data (CSV displayed, CSV full, metadata JSON). */
export function downloadTab(figure: PanelFigure, context: () => Promise<FigureContext>): HTMLElement {
  const root = document.createElement("div");
  root.className = "atlas-download-tab";
  const date = isoDate(Date.now());
  const image = (theme: ImageTheme) => {
    const {chart, legend} = figure.imageParts();
    return figureImage(chart, legend, figure, {theme, width: figure.width});
  };
  const group = (heading: string, buttons: HTMLButtonElement[], note?: string) => {
    const wrap = document.createElement("div");
    wrap.className = "atlas-download-group";
    wrap.setAttribute("role", "group");
    const h = document.createElement("p");
    h.className = "atlas-download-heading";
    h.id = `figure-${figure.id}-dl-${heading.toLowerCase().replace(/[^a-z]+/g, "-")}`;
    h.textContent = heading;
    wrap.setAttribute("aria-labelledby", h.id);
    wrap.append(h, ...buttons);
    if (note) {
      const p = document.createElement("p");
      p.className = "atlas-download-note";
      p.textContent = note;
      wrap.append(p);
    }
    return wrap;
  };
  const imageButtons = ([["PNG", "png", "light"], ["SVG", "svg", "light"], ["PNG for dark slides", "png-dark", "dark"], ["SVG for dark slides", "svg-dark", "dark"]] as const).map(([label, action, theme]) => {
    const b = button(label, action, `Download ${figure.title} as ${label}`);
    b.addEventListener("click", async () => {
      b.disabled = true;
      try {
        const drawn = image(theme);
        const name = downloadName(theme === "dark" ? `${figure.id}-dark` : figure.id, date, action.startsWith("png") ? "png" : "svg");
        saveBlob(action.startsWith("png") ? await imageToPng(drawn) : new Blob([drawn.svg], {type: "image/svg+xml;charset=utf-8"}), name);
      } finally {
        b.disabled = false;
      }
    });
    return b;
  });
  const hasData = figure.columns.length > 0;
  const dataButtons = ([["CSV, displayed data", "csv"], ["CSV, full data", "csv-full"], ["Metadata (JSON)", "json"]] as const).map(([label, kind]) => {
    const b = button(label, kind, `Download ${figure.title}: ${label}`);
    if (!hasData && kind !== "json") {
      b.disabled = true;
      b.title = "This figure does not expose its data as a table yet";
    }
    b.addEventListener("click", async () => saveFigureData(figure, kind, await context()));
    return b;
  });
  root.append(
    group("Image", imageButtons, imageNote(figure.modelled)),
    group("Data", dataButtons, hasData ? `Stable links: ${dataUrl(figure.id, "csv")} (CSV), ${dataUrl(figure.id, "json")} (metadata).` : "This figure does not expose its data as a table yet; the metadata describes it.")
  );
  return root;
}

/** The Embed tab's content, built when the tab is first shown (the snippets carry the page's current selections). */
export function embedTab(meta: {id: string; title: string}, names: readonly string[]): HTMLElement {
  const panel = document.createElement("div");
  panel.className = "atlas-embed-panel";
  const snippets = figureEmbedCode(meta.id, meta.title, names, location.href);
  const note = document.createElement("p");
  note.className = "atlas-embed-note";
  note.setAttribute("role", "status");
  const section = (heading: string, kind: string, text: string) => {
    const wrap = document.createElement("div");
    const label = document.createElement("label");
    label.textContent = heading;
    const area = document.createElement("textarea");
    area.readOnly = true;
    area.rows = Math.min(12, text.split("\n").length);
    area.value = text;
    area.dataset.snippet = kind;
    label.append(area);
    const copyButton = button(`Copy ${kind} code`, `copy-${kind}`);
    copyButton.addEventListener("click", () => copy(text, area, note));
    wrap.append(label, copyButton);
    return wrap;
  };
  panel.append(section("As an iframe (resizes itself)", "iframe", snippets.iframe));
  panel.append(section("As a JavaScript module (the host page draws the figure)", "module", snippets.module));
  panel.append(note);
  return panel;
}
