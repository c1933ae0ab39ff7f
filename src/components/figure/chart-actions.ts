// "Download SVG", "Download PNG" and "Copy embed code" under every chartFigure.
// The downloaded image carries the chart's title, its "modelled" label and its source line drawn
// into the picture, so a chart pasted into a slide still says what it shows and where it came from.
import {EMBED_CHARTS} from "./embed-ids.js";
import {EMBED_PARAM} from "./embed-mode.js";
import {downloadName, isoDate, saveBlob} from "./download.js";

export interface ChartMeta {
  id: string;
  title: string;
  subtitle?: string;
  source: string;
  modelled: boolean;
  /** The label drawn for modelled charts (figure.ts's MODELLED_LABEL). */
  modelledLabel: string;
}

export type Background = "white" | "transparent";

export interface ChartImage {
  svg: string;
  /** CSS pixels; the PNG is twice this. */
  width: number;
  height: number;
}

const SVG_NS = "http://www.w3.org/2000/svg";
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
const STYLE_PROPERTIES = [
  "fill",
  "fill-opacity",
  "stroke",
  "stroke-opacity",
  "stroke-width",
  "stroke-dasharray",
  "stroke-linecap",
  "stroke-linejoin",
  "opacity",
  "font-family",
  "font-size",
  "font-weight",
  "font-style",
  "font-variant-numeric",
  "text-anchor",
  "dominant-baseline",
  "paint-order",
  "visibility",
  "display",
  "mix-blend-mode"
];

/** The site's root URL, from this module's own address (served under <root>/_import/components/figure/). */
export function siteRoot(): string {
  return new URL("../../../", import.meta.url).href;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;"})[c]!);
}

let measurer: CanvasRenderingContext2D | null = null;
function textWidth(text: string, font: string): number {
  measurer ??= document.createElement("canvas").getContext("2d");
  if (!measurer) return text.length * 7;
  measurer.font = font;
  return measurer.measureText(text).width;
}

/** Greedy word wrap to `width` CSS pixels. */
export function wrapText(text: string, width: number, font: string): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && textWidth(candidate, font) > width) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}

/** A copy of `svg` with every computed paint and font written inline (CSS variables and currentColor resolved). */
function inlineStyles(svg: SVGSVGElement): SVGSVGElement {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const originals = [svg, ...svg.querySelectorAll("*")];
  const copies = [clone, ...clone.querySelectorAll("*")];
  originals.forEach((node, i) => {
    const copy = copies[i] as SVGElement | undefined;
    if (!copy || node instanceof SVGStyleElement) return;
    const computed = getComputedStyle(node);
    const style = STYLE_PROPERTIES.map((p) => `${p}:${computed.getPropertyValue(p)}`).join(";");
    copy.setAttribute("style", style);
    for (const attribute of ["fill", "stroke", "color"]) {
      const value = copy.getAttribute(attribute);
      if (value && /var\(|currentColor/i.test(value)) copy.removeAttribute(attribute);
    }
  });
  clone.querySelectorAll("style").forEach((s) => s.remove());
  return clone;
}

interface Block {
  height: number;
  markup: (y: number) => string;
}

function textBlock(lines: string[], {size, weight = 400, color, lineHeight = 1.3, gap = 0}: {size: number; weight?: number; color: string; lineHeight?: number; gap?: number}): Block {
  const step = size * lineHeight;
  return {
    height: lines.length * step + gap,
    markup: (y) =>
      lines
        .map((line, i) => `<text x="0" y="${(y + size + i * step).toFixed(1)}" font-family="${escapeXml(FONT)}" font-size="${size}" font-weight="${weight}" fill="${color}">${escapeXml(line)}</text>`)
        .join("")
  };
}

/** Swatch legends that Plot writes as HTML: each swatch's colour and label, drawn as SVG. */
function swatchBlock(body: Element, width: number, color: string): Block | null {
  const swatches = [...body.querySelectorAll<HTMLElement>("[class*='-swatch']")].filter((s) => !s.matches("[class*='-swatches']"));
  if (swatches.length === 0) return null;
  const items = swatches.map((swatch) => {
    const shape = swatch.querySelector("rect, circle, path, line");
    const paint = shape ? getComputedStyle(shape) : null;
    const fill = paint ? (paint.fill !== "none" ? paint.fill : paint.stroke) : color;
    return {fill, label: swatch.textContent?.trim() ?? ""};
  });
  const font = `12px ${FONT}`;
  let x = 0;
  let row = 0;
  const placed = items.map((item) => {
    const w = 18 + textWidth(item.label, font) + 14;
    if (x > 0 && x + w > width) (x = 0), ++row;
    const at = {x, row, ...item};
    x += w;
    return at;
  });
  return {
    height: (row + 1) * 18 + 6,
    markup: (y) =>
      placed
        .map(
          (p) =>
            `<rect x="${p.x}" y="${y + p.row * 18 + 3}" width="12" height="12" fill="${escapeXml(p.fill)}"/>` +
            `<text x="${p.x + 16}" y="${y + p.row * 18 + 13}" font-family="${escapeXml(FONT)}" font-size="12" fill="${color}">${escapeXml(p.label)}</text>`
        )
        .join("")
  };
}

/** The figure as one standalone SVG: title, subtitle, modelled label, chart (and legends), source line. */
export function figureImage(figure: Element, meta: ChartMeta, {background = "white"}: {background?: Background} = {}): ChartImage {
  const body = figure.querySelector(".atlas-figure-chart") ?? figure;
  const svgs = [...body.querySelectorAll<SVGSVGElement>("svg")].filter((s) => !s.parentElement?.closest("svg") && !s.closest("[class*='-swatch']"));
  const boxes = svgs.map((s) => s.getBoundingClientRect());
  const width = Math.max(320, Math.round(Math.max(0, ...boxes.map((b) => b.width))));
  const dark = background === "transparent" && matchMedia?.("(prefers-color-scheme: dark)").matches;
  const ink = dark ? "#e8e8e8" : "#1b1e23";
  const muted = dark ? "#a8a8a8" : "#555b66";

  const blocks: Block[] = [];
  blocks.push(textBlock(wrapText(meta.title, width, `700 17px ${FONT}`), {size: 17, weight: 700, color: ink, gap: 4}));
  if (meta.subtitle) blocks.push(textBlock(wrapText(meta.subtitle, width, `13px ${FONT}`), {size: 13, color: muted, gap: 4}));
  if (meta.modelled) {
    const label = meta.modelledLabel.toUpperCase();
    const w = textWidth(label, `600 11px ${FONT}`) + 0.3 * label.length + 14; // + the letter-spacing, or the text overflows its box
    blocks.push({
      height: 26,
      markup: (y) =>
        `<rect x="0.5" y="${y + 2.5}" width="${w.toFixed(1)}" height="18" rx="4" fill="none" stroke="${muted}" stroke-dasharray="3 2"/>` +
        `<text x="7" y="${y + 15.5}" font-family="${escapeXml(FONT)}" font-size="11" font-weight="600" letter-spacing="0.3" fill="${muted}">${escapeXml(label)}</text>`
    });
  }
  const swatches = swatchBlock(body, width, ink);
  if (swatches) blocks.push(swatches);
  svgs.forEach((svg, i) => {
    const box = boxes[i]!;
    const h = Math.round(box.height);
    const w = Math.round(box.width);
    const copy = inlineStyles(svg);
    copy.setAttribute("width", String(w));
    copy.setAttribute("height", String(h));
    if (!copy.getAttribute("viewBox")) copy.setAttribute("viewBox", `0 0 ${w} ${h}`);
    copy.removeAttribute("class");
    const markup = new XMLSerializer().serializeToString(copy);
    blocks.push({height: h + 6, markup: (y) => markup.replace(/^<svg/, `<svg x="0" y="${y}"`)});
  });
  blocks.push(textBlock(wrapText(`Source: ${meta.source}`, width, `12px ${FONT}`), {size: 12, color: muted, gap: 6}));

  let y = 8;
  const parts: string[] = [];
  for (const block of blocks) {
    parts.push(block.markup(y));
    y += block.height;
  }
  const height = Math.ceil(y + 4);
  const fill = background === "white" ? `<rect width="100%" height="100%" fill="#ffffff"/>` : "";
  const svg =
    `<svg xmlns="${SVG_NS}" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">` +
    `<title>${escapeXml(meta.title)}</title><desc>${escapeXml(`modelled: ${meta.modelled}; source: ${meta.source}`)}</desc>${fill}${parts.join("")}</svg>`;
  return {svg, width, height};
}

/** Rasterises a standalone SVG at `scale` × its CSS size. */
export async function imageToPng({svg, width, height}: ChartImage, {scale = 2, background = "white"}: {scale?: number; background?: Background} = {}): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], {type: "image/svg+xml;charset=utf-8"}));
  try {
    const image = new Image(width, height);
    image.src = url;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const context = canvas.getContext("2d");
    if (!context) throw new Error("no 2D canvas");
    if (background === "white") {
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, canvas.width, canvas.height);
    }
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("PNG encoding failed"))), "image/png"));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/**
 * The selections to embed with a figure: those a page set on it (figure.dataset.embedParams, a query
 * string), else the page's own URL state, keeping only the parameters the chart accepts.
 */
export function embedParams(figure: HTMLElement, names: readonly string[]): URLSearchParams {
  const from = new URLSearchParams(figure.dataset.embedParams ?? location.search);
  const out = new URLSearchParams();
  for (const name of names) {
    const value = from.get(name);
    if (value !== null && value !== "") out.set(name, value);
  }
  return out;
}

/** Sets the selections the embed code should carry, e.g. {country: "GB"} (empty values are dropped). */
export function setEmbedParams(figure: HTMLElement, params: Record<string, string | number | null | undefined>): void {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v != null && v !== "") search.set(k, String(v));
  figure.dataset.embedParams = search.toString();
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

/**
 * The iframe snippet for any chart of the report: its own page opened with ?embed=<id>, which shows that
 * chart alone (see EMBED_PARAM in figure.ts), with the page's current selections.
 */
export function pageEmbedSnippet(id: string, title: string, href = location.href): {iframe: string; url: string} {
  const url = new URL(href);
  url.hash = "";
  url.searchParams.delete(EMBED_PARAM);
  url.searchParams.set(EMBED_PARAM, id);
  return {iframe: iframeSnippet(url.href, title, url.origin), url: url.href};
}

/** The iframe snippet (with its height listener) and the module snippet for chart `id`. */
export function embedSnippets(id: string, title: string, params: URLSearchParams, root = siteRoot()): EmbedSnippets {
  const query = params.toString();
  const url = new URL(`embed/${id}${query ? `?${query}` : ""}`, root).href;
  const options = JSON.stringify(Object.fromEntries(params));
  const iframe = iframeSnippet(url, title, new URL(root).origin);
  const target = `atlas-${id}`;
  const module =
    `<div id="${target}"></div>\n` +
    `<script type="module">\n` +
    `import {render} from ${JSON.stringify(new URL("embed/charts.js", root).href)};\n` +
    `document.getElementById(${JSON.stringify(target)}).append(await render(${JSON.stringify(id)}, ${options}));\n` +
    `</script>`;
  return {iframe, module, url};
}

function button(label: string, action: string): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = label;
  b.dataset.action = action;
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

/** Adds the actions bar to a chartFigure. */
export function attachChartActions(figure: HTMLElement, meta: ChartMeta): HTMLElement {
  const bar = document.createElement("div");
  bar.className = "atlas-chart-actions";
  bar.setAttribute("role", "group");
  bar.setAttribute("aria-label", `Download or embed: ${meta.title}`);
  const svgButton = button("Download SVG", "svg");
  const pngButton = button("Download PNG", "png");
  const transparentLabel = document.createElement("label");
  const transparent = document.createElement("input");
  transparent.type = "checkbox";
  transparent.name = "transparent";
  transparentLabel.append(transparent, " transparent background");
  const background = (): Background => (transparent.checked ? "transparent" : "white");
  const date = isoDate(Date.now());
  svgButton.addEventListener("click", () => {
    const image = figureImage(figure, meta, {background: background()});
    saveBlob(new Blob([image.svg], {type: "image/svg+xml;charset=utf-8"}), downloadName(meta.id, date, "svg"));
  });
  pngButton.addEventListener("click", async () => {
    pngButton.disabled = true;
    try {
      const image = figureImage(figure, meta, {background: background()});
      saveBlob(await imageToPng(image, {background: background()}), downloadName(meta.id, date, "png"));
    } finally {
      pngButton.disabled = false;
    }
  });
  bar.append(svgButton, pngButton, transparentLabel);

  const names: readonly string[] | undefined = (EMBED_CHARTS as Record<string, readonly string[]>)[meta.id];
  {
    const embedButton = button("Copy embed code", "embed");
    embedButton.setAttribute("aria-expanded", "false");
    const panel = document.createElement("div");
    panel.className = "atlas-embed-panel";
    panel.hidden = true;
    panel.id = `figure-${meta.id}-embed`;
    embedButton.setAttribute("aria-controls", panel.id);
    embedButton.addEventListener("click", () => {
      const open = panel.hidden;
      panel.hidden = !open;
      embedButton.setAttribute("aria-expanded", String(open));
      if (!open) return;
      // Charts with an /embed/<id> page also have a module export; every other chart embeds as its own page.
      const snippets: {iframe: string; module?: string} = names
        ? embedSnippets(meta.id, meta.title, embedParams(figure, names))
        : pageEmbedSnippet(meta.id, meta.title);
      const note = document.createElement("p");
      note.className = "atlas-embed-note";
      note.setAttribute("role", "status");
      const section = (heading: string, kind: string, text: string) => {
        const wrap = document.createElement("div");
        const label = document.createElement("label");
        label.textContent = heading;
        const area = document.createElement("textarea");
        area.readOnly = true;
        area.rows = text.split("\n").length;
        area.value = text;
        area.dataset.snippet = kind;
        label.append(area);
        const copyButton = button(`Copy ${kind} code`, `copy-${kind}`);
        copyButton.addEventListener("click", () => copy(text, area, note));
        wrap.append(label, copyButton);
        return wrap;
      };
      panel.replaceChildren(
        section("As an iframe (resizes itself)", "iframe", snippets.iframe),
        ...(snippets.module ? [section("As a JavaScript module (the host page draws the chart)", "module", snippets.module)] : []),
        note
      );
      void copy(snippets.iframe, panel.querySelector("textarea")!, note);
    });
    bar.append(embedButton);
    figure.append(bar, panel);
  }
  return bar;
}
