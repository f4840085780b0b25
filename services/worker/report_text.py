"""The words of a report in Chinese and English, and the disclaimers from the compliance texts (one source)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

TEXTS_YAML = Path(__file__).resolve().parents[1] / "compliance" / "rules" / "texts.yaml"

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "投资组合报告",
        "period": "报告期间",
        "as_of": "数据截至",
        "generated": "生成日期",
        "currency": "计价币种",
        "summary": "收益与风险",
        "growth": "累计收益走势",
        "drawdown": "最大回撤",
        "allocation": "资产配置与风险贡献",
        "benchmark": "与基准比较",
        "var": "单日风险价值（VaR）",
        "sources": "数据来源与方法",
        "disclaimer": "风险提示",
        "portfolio": "组合",
        "instrument": "标的",
        "weight": "权重",
        "risk_share": "风险贡献占比",
        "metric": "指标",
        "peak": "峰值日期",
        "trough": "谷底日期",
        "recovery": "恢复日期",
        "not_recovered": "期末尚未恢复",
        "duration": "持续天数",
        "method": "方法",
        "confidence": "置信度",
        "window": "计算区间",
        "observations": "观测数",
        "page": "第 {n} 页",
        "cumulative_return": "累计收益率",
        "cagr": "年化收益率",
        "annual_volatility": "年化波动率",
        "sharpe_ratio": "夏普比率",
        "sortino_ratio": "索提诺比率",
        "max_drawdown": "最大回撤",
        "calmar_ratio": "卡玛比率",
        "beta": "贝塔",
        "alpha": "阿尔法（年化）",
        "tracking_error": "跟踪误差",
        "information_ratio": "信息比率",
        "benchmark_correlation": "与基准相关系数",
        "historical": "历史模拟",
        "gaussian": "正态",
        "cornish_fisher": "Cornish-Fisher",
        "conventions": "约定",
    },
    "en": {
        "title": "Portfolio report",
        "period": "Period",
        "as_of": "Data as of",
        "generated": "Generated",
        "currency": "Currency",
        "summary": "Returns and risk",
        "growth": "Cumulative return",
        "drawdown": "Maximum drawdown",
        "allocation": "Allocation and risk contribution",
        "benchmark": "Against the benchmark",
        "var": "One-day value at risk (VaR)",
        "sources": "Sources and methods",
        "disclaimer": "Important information",
        "portfolio": "Portfolio",
        "instrument": "Instrument",
        "weight": "Weight",
        "risk_share": "Share of risk",
        "metric": "Metric",
        "peak": "Peak",
        "trough": "Trough",
        "recovery": "Recovery",
        "not_recovered": "not recovered by the period's end",
        "duration": "Duration (days)",
        "method": "Method",
        "confidence": "Confidence",
        "window": "Window",
        "observations": "Observations",
        "page": "Page {n}",
        "cumulative_return": "Cumulative return",
        "cagr": "Annualised return (CAGR)",
        "annual_volatility": "Annualised volatility",
        "sharpe_ratio": "Sharpe ratio",
        "sortino_ratio": "Sortino ratio",
        "max_drawdown": "Maximum drawdown",
        "calmar_ratio": "Calmar ratio",
        "beta": "Beta",
        "alpha": "Alpha (annual)",
        "tracking_error": "Tracking error",
        "information_ratio": "Information ratio",
        "benchmark_correlation": "Correlation with benchmark",
        "historical": "historical",
        "gaussian": "Gaussian",
        "cornish_fisher": "Cornish-Fisher",
        "conventions": "Conventions",
    },
}


@cache
def disclaimers(language: str) -> list[str]:
    """The general and the past-performance disclaimers of the compliance texts, in the report's language."""
    texts = yaml.safe_load(TEXTS_YAML.read_text(encoding="utf-8"))["disclaimers"][language]
    return [texts["general"], texts["product"]]
