"""Deterministic answers for the simulator's "facts" mode: it phrases the tool facts it finds in the prompt.

The dialogue puts tool results into the system message as lines "- label: value unit (note)". A real model is
asked to phrase them; this mode does it the same way every time, quoting each value verbatim, so conversation
tests can check exactly what is said. With ``invent`` a sentence with a number no tool gave is added, which the
platform's numeric grounding must withhold.
"""

from __future__ import annotations

import re

_FACT = re.compile(r"^- (?P<label>[^:\n]+): (?P<value>-?[\d,]+(?:\.\d+)?) (?P<unit>\S+)", re.MULTILINE)
_SPLIT = re.compile(r"\s*\S+|\s+")  # words with their leading space: the pieces are streamed one per token

GENERAL = {
    "zh": "以下为一般性的投资知识介绍，仅供参考。分散投资、长期持有、量力而行。",
    "en": "Here is some general information for education only. Diversify, invest for the long term, and only take "
    "risks you can bear.",
}
INVENTED = {"zh": "历史上这类投资每年大约能赚 12.5% 左右。", "en": "Historically this earned about 12.5% a year."}


def _language(messages: list[dict[str, str]]) -> str:
    user = next((m["content"] for m in reversed(messages) if m["role"] == "user"), "")
    return "zh" if re.search(r"[\u4e00-\u9fff]", user) else "en"


def answer(messages: list[dict[str, str]], invent: bool = False) -> str:
    lang = _language(messages)
    system = "\n".join(m["content"] for m in messages if m["role"] == "system")
    facts = list(_FACT.finditer(system))
    if facts:
        head = "根据平台工具的计算：" if lang == "zh" else "According to the platform's tools: "
        parts = [f"{f['label']} {f['value']} {f['unit']}" for f in facts[:6]]
        text = head + ("；".join(parts) + "。" if lang == "zh" else "; ".join(parts) + ".")
    else:
        text = GENERAL[lang]
    if invent:
        text += " " + INVENTED[lang]
    return text


def pieces(text: str) -> list[str]:
    """The answer as streamed pieces: a word with its leading space, or one CJK character."""
    out: list[str] = []
    for chunk in _SPLIT.findall(text):
        if re.search(r"[\u4e00-\u9fff]", chunk):
            out += list(chunk)
        else:
            out.append(chunk)
    return out
