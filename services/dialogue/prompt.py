"""The compose step: the answer the platform writes itself when the model is not needed, or what the model is
given: the advisor persona, as much recent history as fits (or the client's own messages on the OpenAI-compatible
path), and the tool facts in the system message."""

from __future__ import annotations

from collections.abc import Sequence

import orjson

from services.common.errors import InvalidArgument
from services.common.locale import is_zh
from services.dialogue.knowledge import Match
from services.dialogue.models import ChatMessage, Turn
from services.dialogue.planning.plan import Plan
from services.dialogue.tool_round import ToolRound, failure_text

ROLES = {"system", "user", "assistant"}

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


def normalise_locale(locale: str) -> str:
    return "zh-CN" if is_zh(locale) else "en"


# The system message's budget in the engine's own tokens (SmolLM2's tokenizer spends ~1.7 tokens on a Chinese
# character): the persona alone, and the persona with the largest reference a turn adds (a knowledge entry or the
# tool facts), leaving most of the 2,048-token context to the conversation. tests/e2e checks both on the engine.
PERSONA_TOKENS = 160
# An institution's persona after the platform's: its length is capped at load (tenants/model.py PERSONA_CHARS) to
# fit; the e2e tier checks the shipped tenants in the engine's own tokens.
TENANT_PERSONA_TOKENS = 128
SYSTEM_TOKENS = 768


def persona_for(locale: str) -> str:
    return PERSONA["zh"] if is_zh(locale) else PERSONA["en"]


SUMMARY_TURNS = 6
SUMMARY_CHARS = 80


def summarise(turns: Sequence[Turn], locale: str) -> str:
    """A short, deterministic summary of turns that no longer fit: what the user asked, newest last.

    Only the user's own words are kept (trimmed), never earlier answers, so no unverified figure re-enters.
    """
    asked = [t.user_text.strip().replace("\n", " ")[:SUMMARY_CHARS] for t in turns[-SUMMARY_TURNS:]]
    zh = is_zh(locale)
    head = "此前对话摘要（用户曾问）：" if zh else "Earlier in this conversation the user asked: "
    return head + " | ".join(asked)


def build_messages(
    locale: str,
    history: Sequence[Turn],
    user_text: str,
    *,
    max_turns: int,
    max_chars: int,
    persona: str = "",
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
    system = persona_for(locale) + (f"\n{persona}" if persona else "")  # a tenant's persona after the platform's
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


def written_answer(plan: Plan | None, tools: ToolRound, locale: str, response_format: str) -> str:
    """The turn's whole answer when the model is not needed: a refusal, a question, or what the tools wrote."""
    if plan is None:
        return ""
    if plan.refuse or plan.clarify or plan.reply:
        return plan.refuse or plan.clarify or plan.reply
    written = [o for o in tools.outcomes if o.ok and o.answer]
    if written:
        if response_format == "json_object":  # the OpenAI-compatible client asked for JSON
            return "\n".join(orjson.dumps(o.remember.get("openai_json", {})).decode() for o in written)
        return "\n".join(o.answer for o in written)
    if plan.calls and tools.outcomes and not any(o.ok for o in tools.outcomes):
        return failure_text(tools, locale)
    return ""


def client_prompt(messages: Sequence[ChatMessage], locale: str, persona: str = "") -> list[ChatMessage]:
    """An OpenAI-compatible client's messages, checked, with the persona (and the institution's, ``persona``)
    first unless the client sent its own system message. The last message is the user's new one (its length is
    checked by the caller)."""
    if not messages:
        raise InvalidArgument("messages must not be empty", code="empty_messages")
    for m in messages:
        if m.role not in ROLES:
            raise InvalidArgument(f"unknown role {m.role!r}", code="invalid_role")
    if messages[-1].role != "user":
        raise InvalidArgument("the last message must come from the user", code="invalid_messages")
    prompt = list(messages)
    if prompt[0].role != "system":
        own = persona_for(normalise_locale(locale))
        prompt.insert(0, ChatMessage("system", f"{own}\n{persona}" if persona else own))
    return prompt


def with_facts(prompt: list[ChatMessage], plan: Plan | None, tools: ToolRound, locale: str) -> list[ChatMessage]:
    """Give the model the tool facts (see with_reference)."""
    if plan is None or not tools.outcomes:
        return prompt
    return with_reference(prompt, facts_message(plan, tools, locale))


def with_reference(prompt: list[ChatMessage], text: str) -> list[ChatMessage]:
    """This turn's reference (tool facts, a knowledge entry) as a system message after the user's new one, the
    last thing the model reads. Everything before it (persona, history, the question) is what the next turn's
    prompt starts with too, so the engine's prefix cache serves it again; inside the first system message it
    would change every turn and nothing after the persona could be reused."""
    return [*prompt, ChatMessage("system", text)]


def entry_message(entry: Match) -> str:
    """The knowledge-base entry the user was shown, as the only ground for the model's short explanation."""
    if is_zh(entry.locale):
        return (f"用户已看到以下释义（来源：{entry.source}）：{entry.answer}\n"
                "请只依据这段释义，用一两句话补充说明，不要引入新的数字或事实。")
    return (f"The user has been shown this definition (source: {entry.source}): {entry.answer}\n"
            "Using only this definition, add one or two short sentences; introduce no new figures or facts.")


def _fmt(value: float) -> str:
    if abs(value) >= 1000:
        return f"{value:,.2f}"
    return f"{value:.4g}" if abs(value) < 1 else f"{value:.2f}"


def facts_message(plan: Plan, tools: ToolRound, locale: str) -> str:
    """The text that carries tool results into the prompt, in the user's language."""
    zh = is_zh(locale)
    lines = [
        "以下是工具计算出的事实，用户已经看到了这些数字。请用一两句话解释它们的含义，不要重复或计算任何数字。"
        if zh
        else "Facts computed by the platform's tools follow; the user has already been shown these figures. In one "
        "or two short sentences, explain what they mean; do not repeat or compute any number."
    ]
    for outcome in tools.outcomes:
        if outcome.ok:
            for f in outcome.facts:
                note = f" ({f.note})" if f.note else ""
                lines.append(f"- {f.label}: {_fmt(f.value)} {f.unit}{note}")
        else:
            lines.append(
                f"- {outcome.call.tool}: 无法计算（{outcome.message or outcome.status}）"
                if zh
                else f"- {outcome.call.tool}: could not be computed ({outcome.message or outcome.status})"
            )
    if plan.assumptions:
        lines.append(("假设：" if zh else "Assumptions: ") + "; ".join(plan.assumptions))
    return "\n".join(lines)
