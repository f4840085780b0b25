"""Text normalisation that defeats cheap evasion, built once into a ``str.translate`` table.

The *dense* view maps every character to at most one character (NFKC width folding, case folding,
traditional→simplified, homoglyphs) and deletes separators (whitespace, punctuation, zero-width marks), so
"保 本", "保-本", "ＧＵＡＲＡＮＴＥＥＤ", "穩賺" and "rіsk-frее" (Cyrillic і, е) all meet the same pattern.
``str.translate`` runs in C, which keeps per-chunk review in the tens of microseconds; the mapping back to
original offsets is only computed on the rare path where a rule actually hits.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import re
import unicodedata
import urllib.parse
from dataclasses import dataclass

# Latin/Greek/Cyrillic look-alikes that NFKC leaves alone.
_HOMOGLYPHS = {
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ɡ": "g", "ӏ": "l",
    "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u",
    "χ": "x", "ω": "w", "ℓ": "l", "ı": "i",
}
# Digits and symbols used as letters ("r1sk-fr3e", "l@under"); applied only in the aggressive input view.
LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"})
# Up to this length a text is read as leetspeak whole; a longer one only in its runs of mixed letters and digits.
WHOLE_TEXT_LEET = 600
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"


def _is_separator(ch: str) -> bool:
    if ch in ZERO_WIDTH or ch.isspace():
        return True
    cat = unicodedata.category(ch)
    return cat[0] in "PSZC" and ch not in "%$@.+"


def _build_table() -> dict[int, str | None]:
    import zhconv.zhconv as zc  # imported lazily: the dictionary load is done once, in build_table()

    zc.loaddict()
    t2s = {k: v for k, v in zc.getdict("zh-hans").items() if len(k) == 1 and len(v) == 1}
    table: dict[int, str | None] = {}
    for code in range(0x20000):
        ch = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        if _is_separator(ch):
            table[code] = None
            continue
        folded = unicodedata.normalize("NFKC", ch).casefold()
        folded = "".join(t2s.get(c, c) for c in folded)
        folded = "".join(_HOMOGLYPHS.get(c, c) for c in folded)
        if len(folded) != 1:
            # Keep one char per char so offsets stay simple; NFKC expansions ("㈱") are rare in this domain.
            folded = folded[:1] if folded else ch
        if folded != ch:
            table[code] = folded
    # "." and "+" are kept by _is_separator for e-mail/PII detection on the original text; in the dense view
    # they are separators like any other punctuation.
    table[ord(".")] = None
    table[ord("+")] = None
    return table


@dataclass(frozen=True)
class Normaliser:
    table: dict[int, str | None]

    @classmethod
    def build(cls) -> Normaliser:
        return cls(_build_table())

    def dense(self, text: str) -> str:
        return text.translate(self.table)

    def dense_with_offsets(self, text: str) -> tuple[str, list[int]]:
        """The dense view plus, for each of its characters, the index of the original character."""
        out: list[str] = []
        offsets: list[int] = []
        table = self.table
        for i, ch in enumerate(text):
            mapped = table.get(ord(ch), ch)
            if mapped is None:
                continue
            out.append(mapped)
            offsets.append(i)
        return "".join(out), offsets

    def variants(self, text: str) -> list[tuple[str, str]]:
        """Aggressive input-side views: (name, dense text). Reversed, leetspeak, ROT13 and decoded
        base64/hex payloads, so reversed or encoded requests meet the same rules as plain ones. The evasion
        views are made from the text without its tables' figures (``without_data``): reversed or leet-read
        figures are not words (and a long pasted table would be scanned four times for nothing)."""
        dense = self.dense(text)
        worded = without_data(text)
        evasive = dense if worded == text else self.dense(worded)
        views = [("plain", dense), ("reversed", evasive[::-1])]
        # A short text is read as leetspeak whole ("h 4 c k" too); a long one only in its mixed runs, where
        # leetspeak lives (read whole, every figure of a long message became letters, to be scanned again).
        leet = evasive.translate(LEET) if len(evasive) <= WHOLE_TEXT_LEET else self.dense(unleet(worded))
        if leet != evasive:
            views.append(("leet", leet))
        if any("a" <= c <= "z" for c in evasive):
            views.append(("rot13", codecs.decode(evasive, "rot13")))
        for payload in decode_payloads(worded):
            views.append(("decoded", self.dense(payload)))
        return views


def unleet(text: str) -> str:
    """Leetspeak read as letters where it lives: in runs of Latin letters mixed with digits or symbols ("h4ck",
    "l@under"), not in numbers ("$9,000", "2024年5月"). One character class: linear in the text."""
    return _LEET_RUN.sub(_unleet_run, text)


def _unleet_run(m: re.Match[str]) -> str:
    run = m.group(0)
    return run.translate(LEET) if _HAS_LETTER.search(run) and _LEET_SIGN.search(run) else run


_LEET_RUN = re.compile(r"[A-Za-z0-9@$!]+")
_HAS_LETTER = re.compile(r"[A-Za-z]")
_LEET_SIGN = re.compile(r"[0-9@$!]")


def without_data(text: str) -> str:
    """The text with the figures of its tables left out: in a row of cells ("|603259.SH|药明康德|55.04元|-1.89%|")
    a cell of figures (digits, signs, units, a short code) carries nothing a request could be written in, and a
    header repeated once per date ("涨跌幅[20230801]") is one word. A 4,000-character analyst prompt is mostly
    such cells; every other line, and every cell with words in it, is kept as written."""
    if "|" not in text and "\t" not in text:
        return text
    seen: set[str] = set()
    lines = []
    for line in text.split("\n"):
        cells = _CELL_SEP.split(line)
        if len(cells) < 4:  # not a table row
            lines.append(line)
            continue
        kept = []
        for cell in cells:
            cell = _DATED.sub("", cell).strip()
            if cell and cell not in seen and not _is_figure(cell):
                seen.add(cell)
                kept.append(cell)
        if kept:
            lines.append(" | ".join(kept))
    return "\n".join(lines)


def _is_figure(cell: str) -> bool:
    """Digits with at most a unit or a two-letter code around them ("55.04元", "-1.89%", "300033.SZ"), or
    nothing but separators ("---")."""
    rest = _DATA_CHARS.sub("", cell)
    return not rest or (len(rest) <= 2 and any(c.isdigit() for c in cell))


# A table row's cells: "|" (Markdown) or tab separated.
_CELL_SEP = re.compile(r"[|\t]")
# A date or period in a header cell: "[20230801]", "(2023-08-01)", "【2023年】".
# Neither class crosses a bracket, so the scan from each opening bracket ends at the next one (linear).
_DATED = re.compile(r"[\[(（【][^\[(（【\])）】\d]*\d[^\[(（【\])）】]*[\])）】]")
# What a cell of figures is made of: digits, signs, separators, units and scales.
_DATA_CHARS = re.compile(r"[\d\s.,:;%+\-−–/*_=~()（）\[\]元万亿千百港美股倍手次个月日年号]")


_B64_RE = re.compile(r"[A-Za-z0-9+/]{16,}={0,2}")
_HEX_RE = re.compile(r"(?:[0-9a-fA-F]{2}){8,}")
# Bytes written apart: fixed-width units, so a failed match gives up within eight of them (linear).
_SPACED_HEX_RE = re.compile(r"(?:[0-9a-fA-F]{2}[ :-]){7,}[0-9a-fA-F]{2}")
_HEX_SEPARATORS = re.compile(r"[ :-]")
_UESC_RE = re.compile(r"(?:\\u[0-9a-fA-F]{4}){2,}")
_UESC_ONE = re.compile(r"\\u([0-9a-fA-F]{4})")
# Percent-encoded (URL) text: a run of %XX escapes and the unreserved characters a URL leaves as they are (the two
# alternatives never overlap, so matching stays linear); decoded when it holds at least three escapes.
_PERCENT_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")
_URL_RE = re.compile(r"(?:%[0-9a-fA-F]{2}|[A-Za-z0-9._~+-])+")


def decode_payloads(text: str) -> list[str]:
    """Printable text hidden in base64, hex, \\uXXXX or percent (URL) escapes inside ``text``."""
    found: list[str] = []
    for m in _B64_RE.finditer(text):
        chunk = m.group(0)
        try:
            raw = base64.b64decode(chunk + "=" * (-len(chunk) % 4), validate=True)
        except (binascii.Error, ValueError):
            continue
        _keep_printable(raw, found)
    for m in _HEX_RE.finditer(text):
        _keep_printable(bytes.fromhex(m.group(0)), found)
    for m in _SPACED_HEX_RE.finditer(text):  # "48 6f 77 20 64 6f …", "48:6f:77…"
        _keep_printable(bytes.fromhex(_HEX_SEPARATORS.sub("", m.group(0))), found)
    for m in _UESC_RE.finditer(text):
        found.append(m.group(0).encode().decode("unicode_escape", errors="ignore"))
    if len(_UESC_ONE.findall(text)) >= 2:  # escapes with plain digits or words between them: the whole text, decoded
        whole = _UESC_ONE.sub(lambda e: chr(int(e.group(1), 16)), text)
        if whole not in found:
            found.append(whole)
    # runs of URL characters are everywhere in prose: look at them only when there are escapes to decode
    for m in _URL_RE.finditer(text) if len(_PERCENT_ESCAPE.findall(text)) >= 3 else ():
        if m.group(0).count("%") < 3:
            continue
        raw = urllib.parse.unquote_to_bytes(m.group(0).replace("+", " "))
        # a payload cut inside a multi-byte character still decodes up to the cut
        decoded = raw.decode("utf-8", errors="ignore")
        if decoded and sum(c.isprintable() for c in decoded) >= 0.9 * len(decoded):
            found.append(decoded)
    return found


def _keep_printable(raw: bytes, found: list[str]) -> None:
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError:
        return
    if decoded and sum(c.isprintable() for c in decoded) >= 0.9 * len(decoded):
        found.append(decoded)
