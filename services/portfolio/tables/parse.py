"""Find every table in a message: Markdown (as data terminals print it), CSV/TSV, JSON arrays/objects, and
whitespace-aligned text; each with its caption (the line above it, e.g. "取数问句: …")."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

from services.portfolio.tables.cells import is_missing, parse_date, parse_num


@dataclass
class RawTable:
    header: list[str]
    rows: list[list[Any]]
    fmt: str  # markdown | csv | json | text
    caption: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


_MD_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_CAPTION = re.compile(r"^(?:#+\s*|\*\*|表\s*\d*[:：]|table\s*\d*[:：]|取数问句|问句|query|caption)", re.IGNORECASE)


def _md_cells(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return [c.strip().strip("*").strip() for c in s.split("|")]


_RESULT_LINE = re.compile(r"^(?:取数结果|查询结果)?\s*[:：]?\s*(?:为您找到\s*\d+\s*条数据)?\s*$")


def _caption_before(lines: list[str], start: int) -> str:
    """The line above a table; a query result line ("取数结果: 为您找到1条数据") is skipped for the query above it."""
    for j in range(start - 1, max(-1, start - 5), -1):
        text = lines[j].strip()
        if not text or _RESULT_LINE.match(text) or re.fullmatch(r"编号\s*[:：]\s*\d+", text):
            continue
        data_like = "|" in text or text[:1] in "[{]}" or text.count(",") + text.count("\t") >= 2
        return "" if data_like and not _CAPTION.match(text) else text.strip("#* ").strip()
    return ""


def _markdown(lines: list[str], i: int) -> tuple[RawTable | None, int]:
    j = i
    while j < len(lines) and lines[j].count("|") >= 1 and lines[j].strip():
        j += 1
    block = [ln for ln in lines[i:j] if not _MD_SEP.match(ln)]
    if j - i < 2 or len(block) < 2:
        return None, i + 1
    header = _md_cells(block[0])
    rows = [_md_cells(ln) for ln in block[1:]]
    width = len(header)
    rows = [(r + [""] * width)[:width] for r in rows if any(c for c in r)]
    return RawTable(header, rows, "markdown", _caption_before(lines, i)), j


def _delimited(lines: list[str], i: int) -> tuple[RawTable | None, int]:
    first = lines[i]
    delim = "\t" if "\t" in first else ("," if "," in first else None)
    if delim is None:
        return None, i + 1
    j = i
    while j < len(lines) and lines[j].strip() and delim in lines[j]:
        j += 1
    if j - i < 2:
        return None, i + 1
    parsed = list(csv.reader(io.StringIO("\n".join(lines[i:j])), delimiter=delim, skipinitialspace=True))
    width = len(parsed[0])
    if width < 2 or sum(len(r) == width for r in parsed) < max(2, len(parsed) - 1):
        return None, i + 1
    if not any(parse_num(c) is not None or parse_date(c) is not None for c in parsed[1]):
        return None, i + 1  # prose with commas, not a table
    rows = [(r + [""] * width)[:width] for r in parsed[1:]]
    return RawTable([c.strip() for c in parsed[0]], [[c.strip() for c in r] for r in rows], "csv",
                    _caption_before(lines, i)), j


def _aligned(lines: list[str], i: int, sep: str = r"\s{2,}") -> tuple[RawTable | None, int]:
    """Whitespace-aligned columns (two or more spaces between cells), as consoles print data frames; with
    a single-space separator, accepted only when every data row starts with a date."""
    split = [re.split(sep, ln.strip()) for ln in lines[i:]]
    width = len(split[0])
    j = 0
    while j < len(split) and len(split[j]) in (width, width + 1) and lines[i + j].strip():
        j += 1
    if width < 2 or j < 3:
        return None, i + 1
    body = [r[-width:] for r in split[1:j]]
    single = sep != r"\s{2,}"
    if not all((parse_date(r[0]) or (not single and (parse_date(r[-1]) or parse_num(r[-1]) is not None)))
               for r in body):
        return None, i + 1
    return RawTable(split[0], body, "text", _caption_before(lines, i)), i + j


def _json_tables(data: Any, caption: str) -> list[RawTable]:
    if isinstance(data, dict):
        for key in ("data", "rows", "records", "items", "result", "table"):
            if isinstance(data.get(key), list | dict):
                title = str(data.get("title") or data.get("name") or data.get("instrument") or caption)
                return _json_tables(data[key], title)
        lists = {k: v for k, v in data.items() if isinstance(v, list)}
        if lists and len({len(v) for v in lists.values()}) == 1:  # column-oriented {"date": [...], "close": [...]}
            names = list(lists)
            n = len(lists[names[0]])
            return [RawTable(names, [[lists[k][r] for k in names] for r in range(n)], "json", caption)]
        return []
    if not isinstance(data, list) or not data:
        return []
    if all(isinstance(r, dict) for r in data):
        keys: list[str] = []
        for r in data:
            keys += [k for k in r if k not in keys]
        return [RawTable(keys, [[r.get(k, "") for k in keys] for r in data], "json", caption)]
    if all(isinstance(r, list) for r in data) and len(data) >= 2:
        return [RawTable([str(c) for c in data[0]], [list(r) for r in data[1:]], "json", caption)]
    return []


def parse_tables(text: str) -> list[RawTable]:
    """Every table in the text, in order. Text that is none of the formats yields no table (never an error)."""
    if not text:
        return []
    tables: list[RawTable] = []
    text = text.replace("\r\n", "\n").replace("```json", "").replace("```csv", "").replace("```", "")
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        table: RawTable | None = None
        nxt = i + 1
        if line.startswith(("[", "{")):
            offset = sum(len(ln) + 1 for ln in lines[:i]) + lines[i].index(line[0])
            try:
                data, end = json.JSONDecoder().raw_decode(text, offset)
            except ValueError:
                data, end = None, offset + 1
            found = _json_tables(data, _caption_before(lines, i))
            if found:
                tables += found
                i = text.count("\n", 0, end) + 1
                continue
        elif line.count("|") >= 2:
            table, nxt = _markdown(lines, i)
        elif "," in line or "\t" in line:
            table, nxt = _delimited(lines, i)
        elif re.search(r"\S\s{2,}\S", line):
            table, nxt = _aligned(lines, i)
        elif re.search(r"\S\s\S", line) and i + 1 < len(lines) and parse_date(lines[i + 1].strip().split(" ")[0]):
            table, nxt = _aligned(lines, i, r"\s+")
        if table is not None and table.rows:
            tables.append(table)
        i = max(nxt, i + 1)
    return tables


def caption_lines(text: str) -> list[str]:
    """Lines that caption tables ("取数问句: …", "Table: …"), for matching an instrument named only there."""
    return [ln.strip() for ln in (text or "").splitlines() if _CAPTION.match(ln.strip())]


def blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and is_missing(cell))
