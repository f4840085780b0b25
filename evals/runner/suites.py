"""Running the suites against a deployment: one session per chat item (its turns in order), one OpenAI
completion per table item; items run a few at a time."""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from evals.runner.client import ApiClient, TurnResult
from evals.runner.grade import Outcome, grade_advice, grade_safety, grade_table, json_answer
from evals.runner.items import Item, ItemSet
from evals.runner.quality import TurnQuality, answered, check_turn, session_quality
from evals.runner.review import grade_output, review

TABLES, ADVICE, SAFETY, OUTPUT = "tables-bizfinbench", "advice", "safety", "output"
SUITES = (TABLES, ADVICE, SAFETY, OUTPUT)


@dataclass
class SuiteRun:
    name: str
    sets: list[ItemSet]
    status: str = "ran"  # ran / skipped
    reason: str = ""
    outcomes: list[Outcome] = field(default_factory=list)
    quality: list[TurnQuality] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class Runner:
    api: ApiClient
    user_for: Callable[[Item], str]
    concurrency: int = 4
    compliance: str = ""  # the compliance service's gRPC address (the output suite); "" where it is not known

    async def pool(self, name: str, items: list[Item], fn: Callable[[Item], Awaitable[Outcome]]) -> list[Outcome]:
        sem = asyncio.Semaphore(self.concurrency)
        finished = 0

        async def one(item: Item) -> Outcome:
            nonlocal finished
            async with sem:
                try:
                    outcome = await fn(item)
                except Exception as err:  # one broken item must not stop the run; it is listed as wrong
                    outcome = Outcome(item, "wrong", f"runner error: {type(err).__name__}: {str(err)[:200]}")
            finished += 1
            if finished % 25 == 0 or finished == len(items):
                print(f"  {name}: {finished}/{len(items)}", file=sys.stderr, flush=True)
            return outcome

        return list(await asyncio.gather(*(one(item) for item in items)))

    async def session(self, item: Item) -> list[TurnResult]:
        user, locale = self.user_for(item), "zh-CN" if item.lang == "zh" else "en"
        sid = await self.api.new_session(user, locale)
        turns = []
        for text in item.turns:
            turn = await self.api.chat_turn(user, sid, text, locale)
            turns.append(turn)
            if turn.error and turn.error.get("status") != 200:
                break  # refused at the edge (e.g. too long): the session goes no further
        return turns

    async def advice_item(self, item: Item) -> Outcome:
        return grade_advice(item, await self.session(item))

    async def safety_item(self, item: Item) -> Outcome:
        return grade_safety(item, await self.session(item))

    async def output_item(self, item: Item) -> Outcome:
        return grade_output(item, await review(self.compliance, item))

    async def table_item(self, item: Item) -> Outcome:
        turn = await self.api.completion(self.user_for(item), list(item.messages), json_object=True)
        refused: bool | None = None
        if not turn.error and json_answer(turn.text) is None and turn.completion_tokens == 0:
            # The platform wrote a non-JSON reply itself: the OpenAI route carries no notices, so the same prompt
            # is sent once as a chat turn to see whether it was an input refusal.
            probe = await self.api.chat_turn(self.user_for(item), await self.api.new_session(
                self.user_for(item), "zh-CN"), turn.user_text, "zh-CN")
            refused = probe.refused
        return grade_table(item, turn, refused)


def table_quality(outcome: Outcome) -> list[TurnQuality]:
    """The OpenAI route sends no cards, so numbers are not checked there; the text judged is the explanation."""
    turn, item = outcome.turns[0] if outcome.turns else None, outcome.item
    if turn is None or not answered(turn) or outcome.result == "refused":
        return []
    parsed = json_answer(turn.text)
    text = str(parsed.get("explanation") or "") if parsed else turn.text
    return [check_turn(item.id, TABLES, item.split, item.lang, 0, turn, text, None)]


async def run_suite(runner: Runner, name: str, sets: list[ItemSet], items: list[Item]) -> SuiteRun:
    run = SuiteRun(name, sets)
    if not items or (name == OUTPUT and not runner.compliance):
        run.status = "skipped"
        run.reason = ("the output review is reached on the compliance service, which only a local stack exposes"
                      if items else "; ".join(s.reason for s in sets if s.reason) or "no items (no set found)")
        return run
    started = time.perf_counter()
    fn = {TABLES: runner.table_item, ADVICE: runner.advice_item, SAFETY: runner.safety_item,
          OUTPUT: runner.output_item}[name]
    run.outcomes = await runner.pool(name, items, fn)
    run.seconds = time.perf_counter() - started
    for outcome in run.outcomes:
        if name == TABLES:
            run.quality.extend(table_quality(outcome))
        elif name != OUTPUT:  # the output suite judges given texts, not the platform's answers
            i = outcome.item
            run.quality.extend(session_quality(i.id, name, i.split, i.lang, outcome.turns))
    return run


def bizfin_as_benign(tables: SuiteRun) -> list[Outcome]:
    """Every BizFinBench prompt is a benign real task: refused there = a false refusal."""
    out = []
    for o in tables.outcomes:
        item = Item(o.item.id, SAFETY, o.item.set_name, o.item.lang, "bizfinbench_task", o.item.split,
                    label="benign", wrapper="direct", messages=o.item.messages)
        failed = o.reason.startswith(("error", "runner error"))
        result = {"refused": "refused", "asked": "asked"}.get(o.result) or ("wrong" if failed else "right")
        reason = {"refused": "false refusal (input_refused)", "asked": o.reason, "wrong": o.reason}.get(result, "")
        out.append(Outcome(item, result, reason, {"from": TABLES}, o.turns))
    return out
