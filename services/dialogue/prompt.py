"""Prompt construction: the advisor persona plus as much recent history as fits."""

from __future__ import annotations

from collections.abc import Sequence

from services.dialogue.models import ChatMessage, Turn

PERSONA = {
    "en": (
        "You are a careful investment-education assistant for retail investors. Explain clearly and briefly. "
        "Never promise returns, never tell the user to buy or sell a specific security, and never invent numbers: "
        "only use figures given to you in the conversation. Remind the user that investing involves risk."
    ),
    "zh": (
        "你是一名面向个人投资者的审慎的投资者教育助手。请用简洁清楚的中文回答。"
        "不得承诺收益，不得建议买卖具体证券，不得编造数字：只能使用对话中提供给你的数据。"
        "请提示投资有风险。"
    ),
}


def persona_for(locale: str) -> str:
    return PERSONA["zh"] if locale.lower().startswith("zh") else PERSONA["en"]


SUMMARY_TURNS = 6
SUMMARY_CHARS = 80


def summarise(turns: Sequence[Turn], locale: str) -> str:
    """A short, deterministic summary of turns that no longer fit: what the user asked, newest last.

    Only the user's own words are kept (trimmed), never earlier answers, so no unverified figure re-enters.
    """
    asked = [t.user_text.strip().replace("\n", " ")[:SUMMARY_CHARS] for t in turns[-SUMMARY_TURNS:]]
    zh = locale.lower().startswith("zh")
    head = "此前对话摘要（用户曾问）：" if zh else "Earlier in this conversation the user asked: "
    return head + " | ".join(asked)


def build_messages(
    locale: str,
    history: Sequence[Turn],
    user_text: str,
    *,
    max_turns: int,
    max_chars: int,
) -> list[ChatMessage]:
    """System persona, the newest completed turns that fit ``max_chars``, then the new message.

    Cancelled or failed turns are left out of the prompt: their answers are partial and would confuse the model.
    """
    kept: list[Turn] = []
    budget = max_chars - len(user_text)
    for turn in reversed(history):
        if len(kept) >= max_turns:
            break
        if turn.status != "completed":
            continue
        cost = len(turn.user_text) + len(turn.assistant_text)
        if cost > budget:
            break
        budget -= cost
        kept.append(turn)
    system = persona_for(locale)
    completed = [t for t in history if t.status == "completed"]
    older = completed[: len(completed) - len(kept)]
    if older:
        system += "\n\n" + summarise(older, locale)
    messages = [ChatMessage("system", system)]
    for turn in reversed(kept):
        messages.append(ChatMessage("user", turn.user_text))
        messages.append(ChatMessage("assistant", turn.assistant_text))
    messages.append(ChatMessage("user", user_text))
    return messages
