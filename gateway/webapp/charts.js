// Small inline-SVG charts: lines, shaded bands and areas on linear axes. No library.
const NS = "http://www.w3.org/2000/svg";
const W = 340;
const H = 200;
const PAD = { left: 56, right: 12, top: 12, bottom: 30 };

function el(name, attrs = {}, parent = null) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (parent) parent.appendChild(node);
  return node;
}

/** About `count` round tick values from at or below `lo` to at or above `hi`. */
export function ticks(lo, hi, count = 4) {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) || raw;
  const out = [];
  const last = Math.ceil(hi / step - 1e-9) * step;
  for (let v = Math.floor(lo / step + 1e-9) * step; v <= last + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

let chartCount = 0;

/**
 * spec: {title, xFormat(x), yFormat(y), series: [{name, points: [[x, y]], cls, area}],
 *        bands: [{name, lower: [[x, y]], upper: [[x, y]], cls}], yMin, yMax}
 * Returns a <figure> with the SVG (role img, titled) and a legend.
 */
export function lineChart(spec) {
  const series = spec.series || [];
  const bands = spec.bands || [];
  const all = [...series.flatMap((s) => s.points), ...bands.flatMap((b) => [...b.lower, ...b.upper])];
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  let y0 = spec.yMin ?? Math.min(0, ...ys);
  let y1 = spec.yMax ?? Math.max(...ys);
  if (y1 === y0) { y1 = y0 + 1; }
  const yt = ticks(y0, y1);
  y0 = Math.min(y0, yt[0]);
  y1 = Math.max(y1, yt[yt.length - 1]);
  const sx = (x) => PAD.left + ((x - x0) / (x1 - x0 || 1)) * (W - PAD.left - PAD.right);
  const sy = (y) => H - PAD.bottom - ((y - y0) / (y1 - y0)) * (H - PAD.top - PAD.bottom);
  const id = `chart-${++chartCount}`;

  const figure = document.createElement("figure");
  figure.className = "chart";
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-labelledby": `${id}-t`, class: "chart-svg" });
  el("title", { id: `${id}-t` }, svg).textContent = spec.title;
  const grid = el("g", { class: "grid" }, svg);
  for (const v of yt) {
    el("line", { x1: PAD.left, x2: W - PAD.right, y1: sy(v), y2: sy(v) }, grid);
    el("text", { x: PAD.left - 6, y: sy(v) + 4, "text-anchor": "end", class: "tick" }, grid).textContent =
      spec.yFormat ? spec.yFormat(v) : String(v);
  }
  const xt = (spec.xTicks || ticks(x0, x1, 4)).filter((v) => v >= x0 - 1e-9 && v <= x1 + 1e-9);
  for (const v of xt) {
    el("text", { x: sx(v), y: H - PAD.bottom + 16, "text-anchor": "middle", class: "tick" }, grid).textContent =
      spec.xFormat ? spec.xFormat(v) : String(v);
  }
  const path = (pts) => pts.map((p, i) => `${i ? "L" : "M"}${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`).join("");
  for (const b of bands) {
    const d = path(b.upper) + b.lower.slice().reverse().map((p) => `L${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`)
      .join("") + "Z";
    el("path", { d, class: `band ${b.cls || ""}` }, svg);
  }
  for (const s of series) {
    if (s.area) {
      const base = sy(Math.max(y0, Math.min(0, y1)));
      const pts = s.points;
      const d = `${path(pts)}L${sx(pts[pts.length - 1][0]).toFixed(1)},${base}L${sx(pts[0][0]).toFixed(1)},${base}Z`;
      el("path", { d, class: `area ${s.cls || ""}` }, svg);
    }
    el("path", { d: path(s.points), class: `line ${s.cls || ""}` }, svg);
  }
  figure.appendChild(svg);
  const legend = document.createElement("figcaption");
  legend.className = "legend";
  for (const item of [...bands, ...series]) {
    const key = document.createElement("span");
    key.className = `key ${item.cls || ""} ${item.lower ? "key-band" : "key-line"}`;
    key.setAttribute("aria-hidden", "true");
    const label = document.createElement("span");
    label.className = "legend-item";
    label.append(key, item.name);
    legend.appendChild(label);
  }
  figure.appendChild(legend);
  return figure;
}
