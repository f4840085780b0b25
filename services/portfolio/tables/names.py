"""Whether the instrument a question names is the one its table holds. A 问财 query can return another stock than
the one asked (取数问句: 隆基股份… over a 隆达股份 row): computing on it would answer for the wrong company."""

from __future__ import annotations

import re

from services.portfolio.tables.model import Table

_QUERY = re.compile(r"取数问句\s*[:：]\s*([^/\n]+)")  # merged tables join their captions with " / "
_DATES = re.compile(r"\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?)?|\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?|"
                    r"\d{8}|[至到~]")
_GENERIC = {"financial", "financials", "group", "holdings", "holding", "bancorp", "bancshares", "bank", "banks", "inc",
            "inc.", "corp", "corp.", "corporation", "company", "co", "co.", "ltd", "ltd.", "plc", "the", "and", "&",
            "international", "technologies", "technology", "systems", "trust", "capital", "partners", "global", "one"}
_TICKER = re.compile(r"\s*[（(]\s*([A-Za-z]{1,5})(?:\.[A-Za-z]{1,2})?\s*[)）]")
_SUFFIX = re.compile(r"(?:科学|股份|集团|控股|有限公司|公司)$")
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
        if any(tok in low for tok in tokens(t)):
            continue  # the question names this table's instrument (蔚来 inside 蔚来汽车)
        held = " ".join(w for w in t.instrument.split() if not re.fullmatch(r"[\d.]+[A-Z]*|[A-Z]{1,5}(?:\.[A-Z])?", w))
        for asked in caption_subjects(t.caption):
            if held and asked.lower() in low and not _abbreviates(asked, held) and not _abbreviates(held, asked):
                return asked, held
    return None


def tokens(t: Table) -> list[str]:
    """The lower-case words a question may name the table's instrument by (code, code stem, name, name stem).
    Generic words of English company names (Financial, Bancorp) name no one: Home Bancshares is not Huntington
    Bancshares."""
    out = []
    for tok in t.instrument.split():
        if tok.lower() in _GENERIC:
            continue
        out.append(tok.lower())
        if "." in tok:
            out.append(tok.split(".")[0].lower())
        if "-" in tok and not tok.isascii():
            out.append(tok.split("-")[0].lower())  # 美团-W (a share-class suffix), 赛诺菲-安万特
        stem = _SUFFIX.sub("", tok)
        if stem != tok and len(stem) >= 3:
            out.append(stem.lower())  # 吉利德 for 吉利德科学
    return [x for x in out if len(x) >= 2]


def ticker_conflict(text: str, t: Table) -> str | None:
    """The ticker the question writes right after this table's name (Citizens Financial Group（CFG）) when it is not
    the table's code (CZFS.O): the name matched another company. None when they agree or either is absent."""
    codes = [w for w in t.instrument.split() if re.fullmatch(r"[A-Z]{1,5}(?:\.[A-Z]{1,2})?", w)]
    code = codes[0].split(".")[0] if codes else None
    if code is None:
        return None
    low = text.lower()
    for tok in tokens(t):
        for m in re.finditer(re.escape(tok), low):
            rest = text[m.end():]
            word_end = re.match(r"[A-Za-z \u4e00-\u9fff]{0,24}?(?=[（(])", rest)  # the rest of a longer name
            tick = _TICKER.match(rest[word_end.end():] if word_end else rest)
            if tick and tick.group(1).upper() != code:
                return tick.group(1).upper()
    return None
