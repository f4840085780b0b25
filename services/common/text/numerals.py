"""Numbers as people write them in Chinese and English chat: 2,000 / 1.5k / 3万 / 两千五 / 十年 / 百分之五."""

from __future__ import annotations

import re

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CN_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)

# An Arabic number with optional thousands separators and decimals (full-width digits are normalised first).
ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# A run of Chinese numeral characters that starts with a digit or 十 (so "万" alone is not a number).
CHINESE = rf"[{''.join(DIGITS)}十][{CN_CHARS}]*(?:点[{''.join(DIGITS)}]+)?"  # 三点五 = 3.5
# Scale words after a number: 3万, 1.5k, 2 million, 1亿.
SCALE = {
    "k": 1e3, "K": 1e3, "千": 1e3, "w": 1e4, "W": 1e4, "万": 1e4, "亿": 1e8, "m": 1e6, "M": 1e6,
    "million": 1e6, "mn": 1e6, "bn": 1e9, "billion": 1e9, "百万": 1e6, "千万": 1e7, "万亿": 1e12,
    "thousand": 1e3, "grand": 1e3, "mil": 1e6, "mill": 1e6,  # "40 thousand", "250 grand", "$1.5 mil", as said
}
SCALE_RE = r"(?:万亿|千万|百万|million|billion|thousand|grand|mill?(?![a-z])|mn|bn|[kKwWmM](?![a-zA-Z])|[千万亿])"

_FULLWIDTH = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)} | {"．": ".", "％": "%"})


def normalise_digits(text: str) -> str:
    """Full-width digits, dot and percent sign to ASCII (the rest of the text is left as written)."""
    return text.translate(_FULLWIDTH)


def parse_arabic(token: str) -> float:
    return float(token.replace(",", ""))


def parse_chinese(token: str) -> float:
    """Parse a Chinese numeral: 两千五百 = 2500, 十 = 10, 三万五 = 35000, 一亿二千万 = 120000000.

    A trailing digit after a unit takes the next smaller unit, as people say it: 两千五 = 2500, 三万五 = 35000.
    Decimals after 点 are digit by digit: 三点五 = 3.5, 四点零五 = 4.05.
    """
    if "点" in token:
        whole, _, frac = token.partition("点")
        return parse_chinese(whole) + float("0." + "".join(str(DIGITS[c]) for c in frac))
    total = 0.0
    section = 0.0  # the part below the current 万/亿
    number = 0.0
    last_unit = 1.0
    for ch in token:
        if ch in DIGITS:
            number = DIGITS[ch]
        elif ch in SMALL_UNITS:
            unit = SMALL_UNITS[ch]
            section += (number or 1) * unit  # 十 alone means 10
            number, last_unit = 0, unit
        elif ch in BIG_UNITS:
            unit = BIG_UNITS[ch]
            section += number
            total = (total + section) * unit if unit > 10_000 else total + section * unit
            section, number, last_unit = 0, 0, unit
        else:
            raise ValueError(f"not a Chinese numeral: {token!r}")
    if number and last_unit >= 10 and not token.endswith(("零", "〇")) and token[-2:-1] not in ("零", "〇"):
        number *= last_unit / 10  # 两千五 -> 2500, 三万五 -> 5000 of the 万 section
    return total + section + number


def parse_number(token: str) -> float:
    token = token.strip()
    if re.fullmatch(ARABIC, token):
        return parse_arabic(token)
    return parse_chinese(token)


def apply_scale(value: float, scale: str | None) -> float:
    return value * SCALE[scale] if scale else value
