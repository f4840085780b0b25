// Cards: the tools' structured results (docs/api.md `card` events) rendered as an investor reads them.
import { lineChart } from "./charts.js";
import { getLang, t } from "./i18n.js";
import { loanYears } from "./schedule.js";

const numberLocale = () => (getLang() === "zh" ? "zh-CN" : "en-US");

export function money(value, currency) {
  const n = new Intl.NumberFormat(numberLocale(), { minimumFractionDigits: 2, maximumFractionDigits: 2 })
    .format(value);
  if (currency === "CNY") return getLang() === "zh" ? `${n} 元` : `¥${n}`;
  if (currency === "USD") return `$${n}`;
  return currency ? `${n} ${currency}` : n;
}

export function compact(value, currency) {
  const n = new Intl.NumberFormat(numberLocale(), { notation: "compact", maximumFractionDigits: 1 }).format(value);
  return currency === "USD" ? `$${n}` : currency === "CNY" && getLang() !== "zh" ? `¥${n}` : n;
}

export function pct(value, digits = 2) {
  const text = (value * 100).toFixed(digits);
  return `${Number(text) === 0 ? (0).toFixed(digits) : text}%`; // never "-0%"
}

export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "style") Object.assign(node.style, v); // CSSOM: allowed by the page's CSP, unlike style=""
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) node.append(c);
  return node;
}

function card(kind, title, ...body) {
  return h("section", { class: `card card-${kind}`, "data-kind": kind, "aria-label": title },
    h("h3", { class: "card-title" }, title), ...body);
}

/** A definition list of [label, value] pairs. */
function facts(pairs) {
  return h("dl", { class: "facts" }, pairs.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
}

function table(caption, head, rows) {
  return h("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": caption },
    h("table", {}, h("caption", {}, caption),
      h("thead", {}, h("tr", {}, head.map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, rows.map((r) => h("tr", {}, r.map((c, i) => (i === 0 ? h("th", { scope: "row" }, c) : h("td", {}, c))))))));
}

function loanCard(d) {
  const cur = d.currency;
  const title = t("loanTitle", { method: t(d.method) });
  const years = loanYears(d);
  const body = [facts([
    [t("principal"), money(d.principal, cur)],
    [t("rate"), pct(d.annual_rate)],
    [t("term"), d.months % 12 === 0 ? t("years", { n: d.months / 12 }) : t("months", { n: d.months })],
    [t("firstPayment"), money(d.first_payment, cur)],
    [t("lastPayment"), money(d.last_payment, cur)],
    [t("totalInterest"), money(d.total_interest, cur)],
    [t("totalPaid"), money(d.total_payment, cur)],
  ])];
  if (years) {
    const points = [[0, d.principal], ...years.map((y) => [y.year, y.balance])];
    body.push(lineChart({
      title: `${t("balanceChart")} (${t(d.method)})`,
      series: [{ name: t("balance"), points, cls: "s1", area: true }],
      yFormat: (v) => compact(v, cur), xFormat: (v) => String(v),
    }));
    body.push(h("details", {}, h("summary", {}, t("showTable")),
      table(t("yearlyTable"), [t("year"), t("paid"), t("interest"), t("principalPart"), t("balance")],
        years.map((y) => [String(y.year), money(y.paid, cur), money(y.interest, cur), money(y.principal, cur),
          money(y.balance, cur)])),
      h("p", { class: "note" }, t("derivedNote"))));
  } else {
    body.push(table(t("toolRowsNote"), [t("period"), t("payment"), t("interest"), t("principalPart"), t("balance")],
      (d.rows || []).map((r) => [String(r.period), money(r.payment, cur), money(r.interest, cur),
        money(r.principal, cur), money(r.balance, cur)])));
  }
  return card("loan_schedule", title, ...body);
}

function savingsCard(d) {
  const cur = d.currency || (d.request && d.request.currency) || "";
  if (Array.isArray(d.deterministic)) return projectionCard(d, cur);
  const pairs = [
    [t("finalValue"), money(d.final_value, cur)],
    [t("contributed"), money(d.total_contributed, cur)],
    [t("gain"), money(d.gain, cur)],
    [t("monthly"), money(d.monthly_amount, cur)],
    [t("term"), t("months", { n: d.months })],
    [t("annualReturn"), pct(d.annual_return)],
  ];
  const parts = [facts(pairs)];
  if (d.final_value > 0) {
    const bar = h("div", { class: "split-bar", role: "img",
      "aria-label": `${t("contributed")} ${money(d.total_contributed, cur)}, ${t("gain")} ${money(d.gain, cur)}` },
    h("span", { class: "split s1", style: { width: `${(100 * d.total_contributed / d.final_value).toFixed(1)}%` } }),
    h("span", { class: "split s2", style: { width: `${(100 * Math.max(0, d.gain) / d.final_value).toFixed(1)}%` } }));
    parts.push(bar, h("p", { class: "legend" },
      h("span", { class: "legend-item" }, h("span", { class: "key s1 key-band", "aria-hidden": "true" }), t("contributed")),
      h("span", { class: "legend-item" }, h("span", { class: "key s2 key-band", "aria-hidden": "true" }), t("gain"))));
  }
  return card("savings_projection", t("savingsTitle"), ...parts);
}

function projectionCard(d, cur) {
  const det = d.deterministic;
  const mc = d.monte_carlo;
  const last = det[det.length - 1];
  const series = [{ name: t("contributed"), points: [[0, d.request?.initial || 0], ...det.map((r) => [r.year, r.contributed])], cls: "s3" }];
  const bands = [];
  const pairs = [[t("contributed"), money(last.contributed, cur)], [t("term"), t("years", { n: last.year })]];
  let rows;
  if (mc && mc.bands && mc.bands.length) {
    const lv = mc.percentile_levels;
    const at = (b, p) => b.percentiles[lv.indexOf(p)];
    const start = d.request?.initial || 0;
    const pts = (p) => [[0, start], ...mc.bands.map((b) => [b.year, at(b, p)])];
    bands.push({ name: t("band5095"), lower: pts(5), upper: pts(95), cls: "b1" });
    bands.push({ name: t("band2575"), lower: pts(25), upper: pts(75), cls: "b2" });
    series.push({ name: t("median"), points: pts(50), cls: "s1" });
    const end = mc.bands[mc.bands.length - 1];
    pairs.unshift([`${t("finalValue")} (${t("median")})`, money(at(end, 50), cur)],
      [`${t("finalValue")} (5%–95%)`, `${money(at(end, 5), cur)} – ${money(at(end, 95), cur)}`]);
    rows = mc.bands.map((b, i) => [String(b.year), money(det[i]?.contributed ?? 0, cur), money(at(b, 5), cur),
      money(at(b, 50), cur), money(at(b, 95), cur)]);
    rows.head = [t("year"), t("contributed"), "5%", t("median"), "95%"];
  } else {
    series.push({ name: t("value"), points: [[0, d.request?.initial || 0], ...det.map((r) => [r.year, r.value])], cls: "s1" });
    pairs.unshift([t("finalValue"), money(last.value, cur)]);
    rows = det.map((r) => [String(r.year), money(r.contributed, cur), money(r.value, cur)]);
    rows.head = [t("year"), t("contributed"), t("value")];
  }
  const parts = [facts(pairs), lineChart({ title: t("savingsChart"), series, bands,
    yFormat: (v) => compact(v, cur), xFormat: (v) => String(v) })];
  if (d.request?.monte_carlo) {
    parts.push(h("p", { class: "note" }, t("bootstrapNote", { paths: d.request.monte_carlo.paths,
      instrument: d.request.monte_carlo.instrument })));
  }
  parts.push(h("details", {}, h("summary", {}, t("showTable")), table(t("savingsChart"), rows.head, rows)));
  return card("savings_projection", t("savingsTitle"), ...parts);
}

function metricValue(m) {
  if (m.unit === "fraction") return pct(m.value);
  if (m.unit === "days") return t("days", { n: Math.round(m.value) });
  return m.value.toFixed(2);
}

function drawdownChart(d) {
  const dd = d.drawdown;
  const w = d.window || {};
  const day = (s) => Date.parse(`${s}T00:00:00Z`) / 86400000;
  const pts = [];
  if (w.start && w.start < dd.peak_date) pts.push([day(w.start), 0]);
  pts.push([day(dd.peak_date), 0], [day(dd.trough_date), -dd.max_drawdown]);
  if (dd.recovery_date) pts.push([day(dd.recovery_date), 0]);
  if (w.end && (!dd.recovery_date || w.end > dd.recovery_date)) pts.push([day(w.end), dd.recovery_date ? 0 : -dd.max_drawdown]);
  const [y0, y1] = [pts[0][0], pts[pts.length - 1][0]].map((x) => new Date(x * 86400000).getUTCFullYear());
  const every = Math.max(1, Math.ceil((y1 - y0) / 6));
  const years = [];
  for (let y = y0; y <= y1 + 1; y += every) years.push(y);
  const title = t("drawdownChart", { peak: dd.peak_date, trough: dd.trough_date,
    recovery: dd.recovery_date || t("notRecovered") });
  return [lineChart({ title, series: [{ name: t("max_drawdown"), points: pts, cls: "s4", area: true }],
    yMax: 0, yFormat: (v) => pct(v, 0),
    xTicks: years.map((y) => Date.UTC(y, 0, 1) / 86400000).filter((x) => x >= pts[0][0] && x <= pts[pts.length - 1][0]),
    xFormat: (v) => String(new Date(v * 86400000).getUTCFullYear()) }),
  h("p", { class: "note" }, title, ". ", t("drawdownNote"))];
}

function portfolioCard(d) {
  const names = (d.holdings || []).map((x) => x.instrument + (x.weight !== undefined ? ` ${pct(x.weight, 0)}` : ""))
    .join(", ");
  const shown = (d.metrics || []).filter((m) => m.name !== "risk_free_rate");
  const parts = [facts(shown.map((m) => [t(m.name), metricValue(m)]))];
  if (d.drawdown && d.drawdown.peak_date) parts.push(...drawdownChart(d));
  const vars = (d.value_at_risk || []).filter((v) => v.method === "historical" || v.method === "gaussian");
  if (vars.length) {
    parts.push(table(t("varTitle", { c: "95% / 99%" }), ["", "95%", "99%"],
      [...new Set(vars.map((v) => v.method))].map((m) => [t(m),
        ...[0.95, 0.99].map((c) => { const v = vars.find((x) => x.method === m && x.confidence === c); return v ? pct(v.var) : "–"; })])));
  }
  const w = d.window || {};
  if (w.start) parts.push(h("p", { class: "note" }, t("dataWindow", { start: w.start, end: w.end, n: w.observations, source: w.source })));
  return card("portfolio_analysis", t("portfolioTitle", { names }), ...parts);
}

function suitabilityCard(d, actions) {
  const decision = ["allow", "warn", "refuse"].includes(d.decision) ? d.decision : "warn";
  const parts = [
    h("p", { class: `verdict verdict-${decision}`, role: "status" }, t(decision)),
    facts([[t("product"), d.product_name || d.product || "–"], [t("productRisk"), d.product_risk || "–"],
      [t("yourLevel"), d.investor_level || "–"]]),
    h("p", {}, d.message || ""),
  ];
  if (d.regulation) parts.push(h("p", { class: "note" }, d.regulation));
  if (d.requires_confirmation) {
    parts.push(h("button", { type: "button", class: "secondary", onclick: () => actions.send(t("confirmText")) },
      t("confirmButton")));
  }
  return card("suitability", t("suitabilityTitle"), ...parts);
}

function confirmationCard(d) {
  const when = new Date(Number(d.recorded_unix_ms)).toLocaleString(numberLocale());
  return card("suitability_confirmation", t("confirmedTitle"),
    h("p", {}, t("confirmedBody", { product: d.product, risk: d.product_risk, when, id: d.confirmation_id })));
}

function tableCard(d) {
  const parts = [h("p", { class: "big" }, d.formatted || String(d.value ?? "–"))];
  if (d.operation) parts.push(h("p", { class: "note" }, d.operation));
  return card("table_answer", t("tableTitle"), ...parts);
}

/** A definition from the curated knowledge base: the answer's text already shows it; the card names the source. */
function knowledgeCard(d) {
  return card("knowledge", d.title, h("p", { class: "card-source" }, t("knowledgeSource", { source: d.source })));
}

function genericCard(kind, data) {
  return card(kind, t("detailsTitle", { kind }),
    h("details", {}, h("summary", {}, kind), h("pre", {}, JSON.stringify(data, null, 2))));
}

/** The element for one card event; `actions` gives cards a way to act (send a message, show the questionnaire). */
export function renderCard(kind, data, actions) {
  try {
    switch (kind) {
      case "loan_schedule": return loanCard(data);
      case "savings_projection": return savingsCard(data);
      case "portfolio_analysis": return portfolioCard(data);
      case "suitability": return suitabilityCard(data, actions);
      case "suitability_confirmation": return confirmationCard(data);
      case "table_answer": return tableCard(data);
      case "knowledge": return knowledgeCard(data);
      case "risk_questionnaire": return actions.questionnaire(data);
      default: return genericCard(kind, data);
    }
  } catch (err) {
    console.error("card", kind, err);
    return genericCard(kind, data);
  }
}
