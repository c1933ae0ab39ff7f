// A figure as one image that stands alone on a slide: title, subtitle, "modelled" label, the chart and its legends,
// the figure's own key (e.g. the numbered event list) and the source line, drawn into one SVG (and rasterised to PNG).
// The chart is drawn off screen in a stage with the image's theme (light, or "dark slide": light text on a
// transparent background); the image's size is then computed from the bounding boxes of everything drawn, so no
// text is clipped at its edges.

export type ImageTheme = "light" | "dark";

export interface ImageMeta {
  title: string;
  subtitle?: string;
  source: string;
  modelled: boolean;
  /** The label drawn for modelled figures. */
  modelledLabel: string;
}

export interface ChartImage {
  svg: string;
  /** CSS pixels; the PNG is twice this. */
  width: number;
  height: number;
  theme: ImageTheme;
}

const SVG_NS = "http://www.w3.org/2000/svg";
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
const PAD = 6;

/** The theme variables the charts paint with, per image theme (so an image looks the same whatever the site's theme). */
const THEMES: Record<ImageTheme, {ink: string; muted: string; background: string | null; vars: Record<string, string>}> = {
  light: {
    ink: "#1b1e23",
    muted: "#555b66",
    background: "#ffffff",
    vars: {"--theme-foreground": "#1b1e23", "--theme-foreground-alt": "#2f343c", "--theme-foreground-muted": "#555b66", "--theme-foreground-faint": "#b8bcc2",
      "--theme-foreground-fainter": "#d4d7db", "--theme-foreground-faintest": "#eceef0", "--theme-background": "#ffffff", "--theme-background-alt": "#f5f6f7", "--plot-background": "#ffffff"}
  },
  dark: {
    ink: "#f2f4f7",
    muted: "#c9ced6",
    background: null,
    vars: {"--theme-foreground": "#f2f4f7", "--theme-foreground-alt": "#dde1e6", "--theme-foreground-muted": "#c9ced6", "--theme-foreground-faint": "#6b727c",
      "--theme-foreground-fainter": "#474d55", "--theme-foreground-faintest": "#30353b", "--theme-background": "#15181d", "--theme-background-alt": "#1f2329", "--plot-background": "#15181d"}
  }
};

const STYLE_PROPERTIES = [
  "fill", "fill-opacity", "stroke", "stroke-opacity", "stroke-width", "stroke-dasharray", "stroke-linecap", "stroke-linejoin", "opacity",
  "font-family", "font-size", "font-weight", "font-style", "font-variant-numeric", "text-anchor", "dominant-baseline", "paint-order",
  "visibility", "display", "mix-blend-mode"
];

export function escapeXml(text: string): string {
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
    copy.setAttribute("style", STYLE_PROPERTIES.map((p) => `${p}:${computed.getPropertyValue(p)}`).join(";"));
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

function textBlock(lines: string[], {size, weight = 400, color, lineHeight = 1.3, gap = 0, role}: {size: number; weight?: number; color: string; lineHeight?: number; gap?: number; role: string}): Block {
  const step = size * lineHeight;
  return {
    height: lines.length * step + gap,
    markup: (y) =>
      lines
        .map((line, i) => `<text data-role="${role}" x="0" y="${(y + size + i * step).toFixed(1)}" font-family="${escapeXml(FONT)}" font-size="${size}" font-weight="${weight}" fill="${color}">${escapeXml(line)}</text>`)
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
            `<text data-role="legend" x="${p.x + 16}" y="${y + p.row * 18 + 13}" font-family="${escapeXml(FONT)}" font-size="12" fill="${color}">${escapeXml(p.label)}</text>`
        )
        .join("")
  };
}

/** The lines of a key (an ordered list is numbered as on the chart's markers); links to the sources page are left out. */
export function legendLines(legend: Element): string[] {
  const copy = legend.cloneNode(true) as Element;
  copy.querySelectorAll("a.atlas-footnote-marker, button, input, select").forEach((n) => n.remove());
  const items = [...copy.querySelectorAll("li")];
  const clean = (s: string | null) => (s ?? "").replace(/\s+/g, " ").trim();
  if (items.length === 0) return [clean(copy.textContent)].filter(Boolean);
  const numbered = copy.matches("ol") || copy.querySelector("ol") !== null;
  return items.map((li, i) => `${numbered ? `${i + 1}. ` : "• "}${clean(li.textContent)}`);
}

/** An off-screen stage in the image's theme, attached to the document so the chart can be laid out and measured. */
function stage(theme: ImageTheme, width: number): HTMLElement {
  const node = document.createElement("div");
  node.className = "atlas-figure atlas-export-stage";
  node.setAttribute("aria-hidden", "true");
  const {vars, ink} = THEMES[theme];
  node.style.cssText = `position:fixed;left:-100000px;top:0;width:${width}px;color:${ink};background:${vars["--theme-background"]};`;
  for (const [k, v] of Object.entries(vars)) node.style.setProperty(k, v);
  document.body.append(node);
  return node;
}

/**
 * The figure as one standalone SVG. `chart` is the chart drawn for the image (not on the page: it is laid out in an
 * off-screen stage and removed afterwards); `legend` is the figure's key, drawn as text under the chart.
 */
export function figureImage(chart: Element, legend: Element | null, meta: ImageMeta, {theme = "light", width: wanted}: {theme?: ImageTheme; width?: number} = {}): ChartImage {
  const {ink, muted, background} = THEMES[theme];
  const holder = stage(theme, Math.max(320, Math.round(wanted ?? 640)));
  try {
    holder.append(chart);
    const svgs = [...holder.querySelectorAll<SVGSVGElement>("svg")].filter((s) => !s.parentElement?.closest("svg") && !s.closest("[class*='-swatch']"));
    const boxes = svgs.map((s) => s.getBoundingClientRect());
    const width = Math.max(320, Math.round(Math.max(wanted ?? 0, ...boxes.map((b) => b.width))));

    const blocks: Block[] = [];
    blocks.push(textBlock(wrapText(meta.title, width, `700 17px ${FONT}`), {size: 17, weight: 700, color: ink, gap: 4, role: "title"}));
    if (meta.subtitle) blocks.push(textBlock(wrapText(meta.subtitle, width, `13px ${FONT}`), {size: 13, color: muted, gap: 4, role: "subtitle"}));
    if (meta.modelled) {
      // The box is fitted to the label's measured bounding box once drawn (fitLabels).
      blocks.push({
        height: 28,
        markup: (y) =>
          `<rect data-fit="modelled" x="0.5" y="${y + 2.5}" width="10" height="20" rx="4" fill="none" stroke="${muted}" stroke-dasharray="3 2"/>` +
          `<text data-role="modelled" x="7" y="${y + 16.5}" font-family="${escapeXml(FONT)}" font-size="11" font-weight="600" fill="${muted}">${escapeXml(meta.modelledLabel.toUpperCase())}</text>`
      });
    }
    const swatches = swatchBlock(holder, width, ink);
    if (swatches) blocks.push(swatches);
    svgs.forEach((svg, i) => {
      const box = boxes[i]!;
      const h = Math.round(box.height);
      const w = Math.round(box.width);
      const copy = inlineStyles(svg);
      copy.setAttribute("width", String(w));
      copy.setAttribute("height", String(h));
      // Text a chart draws past its own frame (an axis's last tick label, a marker's number) stays visible; the
      // image's size below takes it in.
      copy.setAttribute("overflow", "visible");
      if (!copy.getAttribute("viewBox")) copy.setAttribute("viewBox", `0 0 ${w} ${h}`);
      copy.removeAttribute("class");
      const markup = new XMLSerializer().serializeToString(copy);
      blocks.push({height: h + 6, markup: (y) => markup.replace(/^<svg/, `<svg x="0" y="${y}"`)});
    });
    if (legend) {
      const lines = legendLines(legend).flatMap((line) => wrapText(line, width, `12px ${FONT}`));
      if (lines.length) blocks.push(textBlock(lines, {size: 12, color: ink, gap: 6, role: "legend"}));
    }
    blocks.push(textBlock(wrapText(`Source: ${meta.source}`, width, `12px ${FONT}`), {size: 12, color: muted, gap: 6, role: "source"}));

    let y = 8;
    const parts: string[] = [];
    for (const block of blocks) {
      parts.push(block.markup(y));
      y += block.height;
    }
    const height = Math.ceil(y + 4);
    const markup =
      `<svg xmlns="${SVG_NS}" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" data-theme="${theme}">` +
      `<title>${escapeXml(meta.title)}</title><desc>${escapeXml(`modelled: ${meta.modelled}; source: ${meta.source}`)}</desc>${parts.join("")}</svg>`;
    return fitToContent(markup, holder, background, theme);
  } finally {
    holder.remove();
  }
}

/** Draws the composed image in the stage, fits each label's box to its text, and grows the image to every box drawn. */
function fitToContent(markup: string, holder: HTMLElement, background: string | null, theme: ImageTheme): ChartImage {
  const doc = new DOMParser().parseFromString(markup, "image/svg+xml");
  const root = document.importNode(doc.documentElement, true) as unknown as SVGSVGElement;
  holder.replaceChildren(root);
  for (const rect of root.querySelectorAll<SVGRectElement>("rect[data-fit]")) {
    const text = root.querySelector<SVGTextElement>(`text[data-role="${rect.dataset.fit}"]`);
    if (!text) continue;
    const b = text.getBBox();
    rect.setAttribute("x", (b.x - 6).toFixed(1));
    rect.setAttribute("y", (b.y - 3).toFixed(1));
    rect.setAttribute("width", (b.width + 12).toFixed(1));
    rect.setAttribute("height", (b.height + 6).toFixed(1));
  }
  const origin = root.getBoundingClientRect();
  const width0 = Number(root.getAttribute("width"));
  const height0 = Number(root.getAttribute("height"));
  let [x0, y0, x1, y1] = [0, 0, width0, height0];
  for (const node of root.querySelectorAll<SVGGraphicsElement>("text, rect, svg")) {
    const b = node.getBoundingClientRect();
    if (b.width === 0 && b.height === 0) continue;
    x0 = Math.min(x0, b.left - origin.left - PAD);
    y0 = Math.min(y0, b.top - origin.top - PAD);
    x1 = Math.max(x1, b.right - origin.left + PAD);
    y1 = Math.max(y1, b.bottom - origin.top + PAD);
  }
  x0 = Math.floor(x0);
  y0 = Math.floor(y0);
  const width = Math.ceil(x1 - x0);
  const height = Math.ceil(y1 - y0);
  root.setAttribute("width", String(width));
  root.setAttribute("height", String(height));
  root.setAttribute("viewBox", `${x0} ${y0} ${width} ${height}`);
  if (background) {
    const fill = document.createElementNS(SVG_NS, "rect");
    for (const [k, v] of Object.entries({x: x0, y: y0, width, height, fill: background})) fill.setAttribute(k, String(v));
    root.querySelector("desc")!.after(fill);
  }
  root.querySelectorAll("[data-fit]").forEach((n) => n.removeAttribute("data-fit"));
  return {svg: new XMLSerializer().serializeToString(root), width, height, theme};
}

/** Rasterises a standalone SVG at `scale` × its CSS size (the light image on white, the dark one on transparent). */
export async function imageToPng({svg, width, height, theme}: ChartImage, {scale = 2}: {scale?: number} = {}): Promise<Blob> {
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
    const background = THEMES[theme].background;
    if (background) {
      context.fillStyle = background;
      context.fillRect(0, 0, canvas.width, canvas.height);
    }
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("PNG encoding failed"))), "image/png"));
  } finally {
    URL.revokeObjectURL(url);
  }
}
