"""PII detection and redaction: mainland resident ID numbers (GB 11643 check digit), bank cards (Luhn),
mainland mobile numbers and e-mail addresses. Runs before anything is logged, stored, audited or sent on."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# An ID may be written whole or in its three groups (region 6, birth date 8, sequence and check 4) with a space or
# a dash between them ("440305 19920730 0184"); the birth date and the check digit still have to be valid.
_ID_RE = re.compile(
    r"(?<![0-9A-Za-z])[1-9]\d{5}[ -]?(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[ -]?\d{3}[0-9Xx]"
    r"(?![0-9A-Za-z])"
)
# Full-width digits, letters X and separators ("４４０３０５…", "１３８－００１３－８０００") are read as ASCII: one
# character for one, so offsets in the text are unchanged.
_FOLD = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "Ｘ": "X", "ｘ": "x", "－": "-", "\u3000": " ",
                       "＋": "+", "‐": "-", "‑": "-", "–": "-"})
_CARD_RE = re.compile(r"(?<![0-9A-Za-z])\d(?:[ -]?\d){12,18}(?![0-9A-Za-z])")
_MOBILE_RE = re.compile(r"(?<![0-9A-Za-z+])(?:(?:\+|00)?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?![0-9A-Za-z])")
# Bounded as RFC 5321 bounds them (local part <= 64, label <= 63): an unbounded local part made every start
# position of a long run of letters rescan the run (quadratic: 64 KiB of "a" took 5 s).
_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,63}")

MASKS = {"cn_id": "[ID]", "bank_card": "[CARD]", "mobile": "[PHONE]", "email": "[EMAIL]"}


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int


def cn_id_valid(number: str) -> bool:
    """GB 11643-1999 check digit of an 18-character resident identity number."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17].upper()


def luhn_valid(digits: str) -> bool:
    if not digits.isdigit() or not 13 <= len(digits) <= 19:
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def find_pii(text: str) -> list[Finding]:
    """Non-overlapping findings in ``text``, in order. Cheap when the text has no digit and no '@'."""
    has_digit = any(c.isdigit() for c in text)
    if not has_digit and "@" not in text:
        return []
    text = text.translate(_FOLD)
    found: list[Finding] = []
    taken: list[tuple[int, int]] = []  # sorted, non-overlapping: a lookup is a bisection, not a scan of all

    def add(kind: str, s: int, e: int) -> None:
        i = bisect.bisect_left(taken, (s, e))
        if (i > 0 and taken[i - 1][1] > s) or (i < len(taken) and taken[i][0] < e):
            return
        found.append(Finding(kind, s, e))
        taken.insert(i, (s, e))

    for m in _EMAIL_RE.finditer(text):
        add("email", m.start(), m.end())
    if has_digit:
        for m in _ID_RE.finditer(text):
            if cn_id_valid(re.sub(r"[ -]", "", m.group(0))):
                add("cn_id", m.start(), m.end())
        for m in _CARD_RE.finditer(text):
            if luhn_valid(re.sub(r"[ -]", "", m.group(0))):
                add("bank_card", m.start(), m.end())
        for m in _MOBILE_RE.finditer(text):
            add("mobile", m.start(), m.end())
    return sorted(found, key=lambda f: f.start)


def redact(text: str) -> tuple[str, list[Finding]]:
    findings = find_pii(text)
    if not findings:
        return text, []
    parts: list[str] = []
    pos = 0
    for f in findings:
        parts.append(text[pos:f.start])
        parts.append(MASKS[f.kind])
        pos = f.end
    parts.append(text[pos:])
    return "".join(parts), findings
