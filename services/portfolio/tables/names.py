"""Whether the instrument a question names is the one its table holds. A 问财 query can return another stock than
the one asked (取数问句: 隆基股份… over a 隆达股份 row): computing on it would answer for the wrong company."""

from __future__ import annotations

import re

from services.portfolio.tables.model import Table

_QUERY = re.compile(r"取数问句\s*[:：]\s*([^/\n]+)")  # merged tables join their captions with " / "
_DATES = re.compile(r"\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?)?|\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?|"
                    r"\d{8}|[至到~]")
_END = re.compile(r"的|每日|每天|近\d|最近|日行情|行情")


def caption_subjects(caption: str) -> list[str]:
    """The instruments 取数问句 captions asked for ("隆基股份2024年11月每日的收盘价" -> 隆基股份)."""
    out = []
    for m in _QUERY.finditer(caption or ""):
        text = _DATES.sub(" ", m.group(1))
        end = _END.search(text)
        subject = " ".join(text[:end.start()].split()) if end else ""
        if len(subject) >= 2 and not subject.isdigit():
            out.append(subject)
    return out


def _abbreviates(short: str, full: str) -> bool:
    """中石化 of 中国石化, 茅台 of 贵州茅台: the short name's characters in order inside the full one."""
    chars = iter(full.lower())
    return all(ch in chars for ch in short.lower().replace(" ", ""))


def substituted(text: str, tables: list[Table]) -> tuple[str, str] | None:
    """(asked, held) when the question names the instrument a caption asked for and the table under that caption
    holds another one; None otherwise (the question names the table's own instrument, or no caption says)."""
    low = text.lower()
    for t in tables:
        held = " ".join(w for w in t.instrument.split() if not re.fullmatch(r"[\d.]+[A-Z]*|[A-Z]{1,5}(?:\.[A-Z])?", w))
        for asked in caption_subjects(t.caption):
            if held and asked.lower() in low and not _abbreviates(asked, held):
                return asked, held
    return None
