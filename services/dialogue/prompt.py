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
    messages = [ChatMessage("system", persona_for(locale))]
    for turn in reversed(kept):
        messages.append(ChatMessage("user", turn.user_text))
        messages.append(ChatMessage("assistant", turn.assistant_text))
    messages.append(ChatMessage("user", user_text))
    return messages
