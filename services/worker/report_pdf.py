"""Render a report (:class:`ReportData`) as a PDF with reportlab: tables, a growth line chart and an allocation
pie drawn as vector graphics, as-of dates and sources, and the disclaimers; Chinese text in the CJK font
(embedded, subset), English in Helvetica."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from typing import Any

from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from services.worker.report_data import ReportData
from services.worker.report_text import LABELS, disclaimers

PALETTE = [colors.HexColor(c) for c in ("#1f5fa8", "#e07b22", "#2e9e5b", "#c23b3b", "#7b5ea7", "#8c6d46",
                                         "#d36fb0", "#6f6f6f", "#b5b82c", "#27a8b8")]
SUMMARY = ("cumulative_return", "cagr", "annual_volatility", "sharpe_ratio", "sortino_ratio", "max_drawdown",
           "calmar_ratio")
RELATIVE = ("beta", "alpha", "tracking_error", "information_ratio", "benchmark_correlation")


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    return f"{value * 100:.2f}%" if unit == "fraction" else f"{value:.2f}"


class _Doc:
    def __init__(self, language: str, font: str) -> None:
        self.t = LABELS[language]
        self.language = language
        self.font = font
        self.bold = font if language == "zh" else "Helvetica-Bold"
        self.body = ParagraphStyle("body", fontName=font, fontSize=9.5, leading=14, wordWrap="CJK")
        self.small = ParagraphStyle("small", parent=self.body, fontSize=8, leading=11, textColor=colors.grey)
        self.h1 = ParagraphStyle("h1", fontName=self.bold, fontSize=20, leading=26, spaceAfter=4)
        self.h2 = ParagraphStyle("h2", fontName=self.bold, fontSize=12.5, leading=18, spaceBefore=10,
                                 spaceAfter=4, textColor=PALETTE[0])

    def table(self, rows: list[list[str]], widths: list[float]) -> Table:
        table = Table(rows, colWidths=widths, hAlign="LEFT")
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), self.font), ("FONTSIZE", (0, 0), (-1, -1), 9),
            ("FONTNAME", (0, 0), (-1, 0), self.bold), ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef6")),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#c8d2de")),
            ("ALIGN", (1, 1), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]))
        return table

    def name(self, data: ReportData, instrument: str) -> str:
        info = data.instruments.get(instrument, {})
        label = (info.get("name_zh") if self.language == "zh" else "") or info.get("name") or instrument
        return f"{label} ({instrument})" if label != instrument else instrument


def _growth_chart(doc: _Doc, data: ReportData) -> Drawing:
    drawing = Drawing(170 * mm, 62 * mm)
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 14 * mm, 10 * mm, 150 * mm, 46 * mm
    points = [(date.fromisoformat(d).toordinal(), p * 100, b) for d, p, b in data.growth]
    lines = [[(x, p) for x, p, _ in points]]
    if data.body.benchmark:
        lines.append([(x, b * 100) for x, _, b in points if b is not None])
    plot.data = lines
    for i in range(len(lines)):
        plot.lines[i].strokeColor = PALETTE[i]
        plot.lines[i].strokeWidth = 1.6
    plot.xValueAxis.labelTextFormat = lambda x: date.fromordinal(int(x)).isoformat()
    plot.xValueAxis.valueSteps = [points[0][0], points[len(points) // 2][0], points[-1][0]]
    plot.yValueAxis.labelTextFormat = "%.0f%%"
    for axis in (plot.xValueAxis, plot.yValueAxis):
        axis.labels.fontName, axis.labels.fontSize = doc.font, 7
    drawing.add(plot)
    legend = Legend()
    legend.x, legend.y, legend.fontName, legend.fontSize = 16 * mm, 60 * mm, doc.font, 8
    legend.alignment, legend.columnMaximum = "right", 1
    names = [doc.t["portfolio"]] + ([doc.name(data, data.body.benchmark)] if data.body.benchmark else [])
    legend.colorNamePairs = list(zip(PALETTE, names, strict=False))
    drawing.add(legend)
    return drawing


def _allocation_pie(doc: _Doc, data: ReportData) -> Drawing:
    drawing = Drawing(60 * mm, 50 * mm)
    pie = Pie()
    pie.x, pie.y, pie.width, pie.height = 8 * mm, 4 * mm, 42 * mm, 42 * mm
    weights = data.analysis.get("weights", [])
    pie.data = [max(w["weight"], 1e-9) for w in weights]
    pie.labels = [w["instrument"] for w in weights]
    pie.sideLabels = False
    pie.slices.fontName, pie.slices.fontSize, pie.slices.strokeColor = doc.font, 7, colors.white
    for i in range(len(weights)):
        pie.slices[i].fillColor = PALETTE[i % len(PALETTE)]
    drawing.add(pie)
    return drawing


def _header(doc: _Doc, data: ReportData, generated: str) -> list[Any]:
    t, w = doc.t, data.analysis["window"]
    return [
        Paragraph(t["title"], doc.h1),
        Paragraph(f"{t['period']}: {w['start']} — {w['end']} &nbsp; | &nbsp; {t['as_of']}: {data.data_as_of} "
                  f"&nbsp; | &nbsp; {t['generated']}: {generated}", doc.body),
        Paragraph(f"{t['currency']}: {w.get('currency') or '-'}", doc.small),
    ]


def _summary(doc: _Doc, data: ReportData) -> list[Any]:
    t = doc.t
    by_name = {m["name"]: m for m in data.analysis["metrics"]}
    head = [t["metric"], t["portfolio"]] + ([doc.name(data, data.body.benchmark)] if data.benchmark else [])
    rows = [head]
    for name in SUMMARY:
        if name in by_name:
            unit = by_name[name]["unit"]
            row = [t[name], _fmt(by_name[name]["value"], unit)]
            if data.benchmark:
                row.append(_fmt(data.metric(name, "benchmark"), unit))
            rows.append(row)
    widths = [60 * mm, 40 * mm] + ([60 * mm] if data.benchmark else [])
    return [Paragraph(t["summary"], doc.h2), doc.table(rows, widths)]


def _drawdown(doc: _Doc, data: ReportData) -> list[Any]:
    t, dd = doc.t, data.analysis["drawdown"]
    rows = [[t["max_drawdown"], t["peak"], t["trough"], t["recovery"], t["duration"]],
            [_fmt(dd["max_drawdown"], "fraction"), dd["peak_date"], dd["trough_date"],
             dd["recovery_date"] or t["not_recovered"], str(dd["duration_days"])]]
    return [Paragraph(t["drawdown"], doc.h2), doc.table(rows, [30 * mm, 28 * mm, 28 * mm, 48 * mm, 28 * mm])]


def _allocation(doc: _Doc, data: ReportData) -> list[Any]:
    t = doc.t
    shares = {r["instrument"]: r["share"] for r in data.analysis.get("risk_contributions", [])}
    rows = [[t["instrument"], t["weight"], t["risk_share"]]]
    for w in data.analysis.get("weights", []):
        rows.append([doc.name(data, w["instrument"]), _fmt(w["weight"], "fraction"),
                     _fmt(shares.get(w["instrument"]), "fraction")])
    side = Table([[doc.table(rows, [55 * mm, 22 * mm, 28 * mm]), _allocation_pie(doc, data)]],
                 colWidths=[110 * mm, 62 * mm], hAlign="LEFT")
    side.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [Paragraph(t["allocation"], doc.h2), side]


def _relative(doc: _Doc, data: ReportData) -> list[Any]:
    t = doc.t
    by_name = {m["name"]: m for m in data.analysis["metrics"]}
    rows = [[t["metric"], t["portfolio"]]]
    rows += [[t[n], _fmt(by_name[n]["value"], by_name[n]["unit"])] for n in RELATIVE if n in by_name]
    if len(rows) == 1:
        return []
    return [Paragraph(t["benchmark"], doc.h2), doc.table(rows, [60 * mm, 40 * mm])]


def _var(doc: _Doc, data: ReportData) -> list[Any]:
    t = doc.t
    rows = [[t["method"], t["confidence"], "VaR", "CVaR"]]
    for v in data.analysis.get("value_at_risk", []):
        rows.append([t.get(v["method"], v["method"]), f"{v['confidence'] * 100:.0f}%", _fmt(v["var"], "fraction"),
                     _fmt(v["cvar"], "fraction")])
    return [Paragraph(t["var"], doc.h2), doc.table(rows, [45 * mm, 25 * mm, 30 * mm, 30 * mm])]


def _sources(doc: _Doc, data: ReportData) -> list[Any]:
    t, w = doc.t, data.analysis["window"]
    used = [h.instrument.upper() for h in data.body.holdings] + ([data.body.benchmark.upper()]
                                                                 if data.body.benchmark else [])
    lines = [f"{t['window']}: {w['start']} — {w['end']}, {t['observations']}: {w['observations']}, "
             f"{t['as_of']}: {w.get('as_of', data.data_as_of)}"]
    for inst in dict.fromkeys(used):
        info = data.instruments.get(inst, {})
        lines.append(f"{doc.name(data, inst)}: {info.get('start', '')} — {info.get('end', '')}; "
                     f"{info.get('source', '')}")
    conv = data.analysis.get("conventions", {})
    lines.append(f"{t['conventions']}: {conv.get('returns', '')}; {conv.get('compounding', '')}; "
                 f"{data.analysis.get('portfolio_method', '')}")
    lines += data.analysis.get("notes", [])
    return [Paragraph(t["sources"], doc.h2), *[Paragraph(_escape(line), doc.small) for line in lines]]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_pdf(data: ReportData, font: str, generated: datetime | None = None) -> bytes:
    """The report as PDF bytes; ``font`` is the registered font for the report's language."""
    doc = _Doc(data.body.language, font)
    when = (generated or datetime.now(UTC)).date().isoformat()
    sections = [_summary(doc, data), [Paragraph(doc.t["growth"], doc.h2), _growth_chart(doc, data)],
                _drawdown(doc, data), _allocation(doc, data), _relative(doc, data), _var(doc, data),
                _sources(doc, data),
                [Spacer(1, 6 * mm), Paragraph(doc.t["disclaimer"], doc.h2),
                 *[Paragraph(_escape(text), doc.body) for text in disclaimers(data.body.language)]]]
    # A heading never ends a page without its section.
    story: list[Any] = _header(doc, data, when) + [KeepTogether(s) for s in sections if s]

    def footer(canvas: Any, template: Any) -> None:
        canvas.saveState()
        canvas.setFont(font, 7.5)
        canvas.setFillColor(colors.grey)
        canvas.drawString(18 * mm, 10 * mm, f"{doc.t['title']} · {doc.t['as_of']} {data.data_as_of}")
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, doc.t["page"].format(n=canvas.getPageNumber()))
        canvas.restoreState()

    out = io.BytesIO()
    pdf = SimpleDocTemplate(out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                            bottomMargin=18 * mm, title=doc.t["title"], author="advisor platform",
                            invariant=True)
    pdf.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()

