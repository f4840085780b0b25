"""The platform's two languages, read from a locale tag ("zh-CN", "zh-HK", "en", "en-US"): anything that is not
Chinese is answered in English."""

from __future__ import annotations

from typing import Literal


def is_zh(locale: str) -> bool:
    return locale.lower().startswith("zh")


def lang(locale: str) -> Literal["zh", "en"]:
    return "zh" if is_zh(locale) else "en"
