"""Compiled matchers: one Aho-Corasick automaton per scope over the dense view, plus a few regexes.

Rule literals and cue words live in the same automaton, so one pass over the text yields both the candidate
rule hits and the cue groups (intent, defensive, ...) that decide whether a candidate counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import ahocorasick
import regex

from services.compliance.normalize import Normaliser
from services.compliance.rules import Rule, RuleSet


@dataclass(frozen=True)
class Hit:
    rule: Rule
    start: int  # offsets in the dense view that was scanned
    end: int
    view: str = "plain"
    layer: str = "rule"


class Matcher:
    def __init__(self, ruleset: RuleSet, normaliser: Normaliser, scope: str) -> None:
        self.rules = tuple(r for r in ruleset.rules if scope in r.scope)
        self._normaliser = normaliser
        entries: dict[str, tuple[list[int], set[str]]] = {}
        for idx, rule in enumerate(self.rules):
            for literal in rule.literals:
                key = normaliser.dense(literal)
                if key:
                    entries.setdefault(key, ([], set()))[0].append(idx)
        used_cues = {g for r in self.rules for g in (*r.requires, *r.requires_all, *r.unless)}
        if "defensive" in used_cues:
            used_cues |= {"definitional", "intent"}
        if any(r.strong_overrides for r in self.rules):
            used_cues.add("strong")
        for group in used_cues:
            for word in ruleset.cues.get(group, ()):
                key = normaliser.dense(word)
                if key:
                    entries.setdefault(key, ([], set()))[1].add(group)
        neutral = {k for k in (normaliser.dense(t) for t in ruleset.neutral_terms) if k}
        for key in neutral:
            entries.setdefault(key, ([], set()))
        self._automaton = ahocorasick.Automaton()
        for key, (idxs, groups) in entries.items():
            self._automaton.add_word(key, (len(key), tuple(idxs), frozenset(groups), key in neutral))
        self._automaton.make_automaton()
        self._regexes = [(idx, re.compile(p)) for idx, r in enumerate(self.rules) for p in r.regex]
        self.max_literal = max((len(k) for k, (idxs, _) in entries.items() if idxs), default=1)
        # For the streaming review's hold-back: what a text's end could still grow into. Proper prefixes of every
        # rule literal and neutral term (a neutral term decides whether a hit inside it counts), and each regex in
        # the third-party ``regex`` module, whose partial matching finds where a match could still begin.
        self.prefixes = frozenset(k[:i] for k, (idxs, _) in entries.items() if idxs or k in neutral
                                  for i in range(1, len(k)))
        self.partials = [regex.compile(p) for r in self.rules for p in r.regex]
        # A rule whose cue words may stand anywhere in the text needs the fixed window: text released early would
        # take its cues out of the scan.
        self.needs_window = any(r.requires or r.requires_all or r.unless for r in self.rules)

    def scan(self, dense: str, view: str = "plain", original: str | None = None) -> list[Hit]:
        """Rule hits in ``dense`` that pass their cue conditions. With ``original`` (the text ``dense`` was made
        from), a hit inside a neutral term ("risk-free rate") is dropped when the term is written without a
        clause break in the original ("risk free, rated" still counts)."""
        if not dense:
            return []
        raw: list[tuple[int, int, int]] = []
        cues: set[str] = set()
        neutral: list[tuple[int, int]] = []
        for end, (length, idxs, groups, is_neutral) in self._automaton.iter(dense):
            if groups:
                if "intent" in groups and _told_not(dense, end + 1 - length):
                    groups = groups - {"intent"}
                cues |= groups
            if is_neutral:
                neutral.append((end + 1 - length, end + 1))
            for idx in idxs:
                raw.append((idx, end + 1 - length, end + 1))
        for idx, pattern in self._regexes:
            m = pattern.search(dense)
            if m:
                raw.append((idx, m.start(), m.end()))
        if neutral and original is not None:
            neutral = self._unbroken(original, neutral)
            raw = [(i, s, e) for i, s, e in raw if not any(ns <= s and e <= ne for ns, ne in neutral)]
        if not raw:
            return []
        return [Hit(self.rules[i], s, e, view) for i, s, e in raw if cue_ok(self.rules[i], cues)]

    def _unbroken(self, original: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The spans whose original text has no clause break inside (rare path: only when a term matched)."""
        _, offsets = self._normaliser.dense_with_offsets(original)
        return [(s, e) for s, e in spans if not _CLAUSE_END.search(original, offsets[s], offsets[e - 1])]


def _told_not(dense: str, start: int) -> bool:
    """An ask stated as not made: "他没告诉我任何内部消息" reports, it does not ask. Only the past negations
    (没, 没有, 未): "别告诉我风险，告诉我哪只会涨" still asks."""
    return dense.endswith(("没", "未"), max(0, start - 2), start) or dense.endswith("没有", 0, start)


def cue_ok(rule: Rule, cues: set[str]) -> bool:
    """Whether a candidate hit counts, given the cue groups present in the same text.

    One of the ``requires`` groups and all ``requires_all`` groups must be present; ``unless`` groups cancel the
    hit, except when a strong cue ("without
    getting caught", "具体步骤") is present and the rule allows it to override. A definitional question
    ("what is ...") cancels only when the text shows no request intent.
    """
    if rule.requires and not any(g in cues for g in rule.requires):
        return False
    if rule.requires_all and not all(g in cues for g in rule.requires_all):
        return False
    if not rule.unless:
        return True
    if rule.strong_overrides and "strong" in cues:
        return True
    if any(g in cues for g in rule.unless):
        return False
    return not ("defensive" in rule.unless and "definitional" in cues and "intent" not in cues)


_CLAUSE_END = re.compile(r"[，。；！？,.;!?\n：:]")
_ZH_NEGATIONS = (
    "不", "非", "无", "没", "未", "别", "勿", "杜绝", "禁止", "严禁", "警惕", "谨防", "所谓", "难以", "否认",
)
_ZH_NOT_NEGATION = (
    "不仅", "不但", "不只", "不光", "无论", "不用担心", "不必担心", "不错", "不少", "毫无疑问", "没问题",
)
_EN_NEGATIONS = frozenset((
    "not", "no", "never", "cannot", "can't", "cant", "isn't", "aren't", "don't", "doesn't", "won't",
    "nothing", "beware", "so-called", "neither", "nor", "avoid", "claims", "claim", "promise", "promises", "promising",
    "unrealistic",
))


def negated(text: str, start: int) -> bool:
    """Whether the phrase starting at ``start`` in ``text`` is negated within its own clause
    ("不保本", "no investment is risk-free"), so that warnings are not taken for promises."""
    head = text[max(0, start - 24):start]
    parts = _CLAUSE_END.split(head)
    clause = parts[-1].lower() if parts else ""
    zh_clause = _A_NOT_A.sub("", clause)[-8:]  # "有没有/是不是/能不能" ask, they do not negate
    for phrase in _ZH_NOT_NEGATION:
        zh_clause = zh_clause.replace(phrase, "")
    if any(n in zh_clause for n in _ZH_NEGATIONS):
        return True
    words = re.findall(r"[a-z'-]+", clause)[-5:]
    return any(w in _EN_NEGATIONS for w in words)


_POST_NEGATIONS = (
    "不可能", "不现实", "不存在", "是骗局", "骗人", "不可信", "不靠谱", "是陷阱", "要警惕", "需警惕", "是谎言",
    "是误导",
    "isamyth", "isaredflag", "arearedflag", "doesntexist", "dontexist", "doesnotexist", "donotexist", "isimpossible",
    "areimpossible", "isascam", "areascam", "arescams", "isnotrealistic", "areunrealistic", "isunrealistic",
    "shouldbeavoided", "arealie", "isalie",
)


def negated_after(text: str, end: int, final: bool) -> bool | None:
    """Whether the rest of the phrase's clause disowns it ("稳赚不赔是不可能的", "guaranteed returns are a red flag").
    ``None`` when the clause has not ended yet and more text may come."""
    m = _CLAUSE_END.search(text, end)
    if m is None and not final:
        return None
    tail = _letters(text[end:m.start() if m else len(text)])[:24]
    if any(p in tail for p in _POST_NEGATIONS):
        return True
    if m is None or m.group(0) not in "？?":
        return False
    # A question ("有没有办法做到稳赚不赔？") is answered by the clause after it: "没有，……" disowns the promise,
    # "当然有" makes it.
    answer_end = _CLAUSE_END.search(text, m.end())
    if answer_end is None and not final:
        return None
    answer = _letters(text[m.end():answer_end.start() if answer_end else len(text)])
    if not answer and answer_end is None:
        return False  # the text ends with the question: nothing disowns it
    return answer.startswith(_NEGATIVE_ANSWERS) or any(p in answer[:24] for p in _POST_NEGATIONS)


def _letters(text: str) -> str:
    return re.sub(r"[^0-9a-z\u4e00-\u9fff]", "", text.lower())


# How an answer to a yes/no question begins when it says no.
_NEGATIVE_ANSWERS = ("没有", "没", "不", "并没有", "当然没有", "当然不", "绝对不", "no", "not", "never", "nope")
# A-not-A questions: "有没有", "是不是", "能不能", "会不会", "要不要", "可不可(以)".
_A_NOT_A = re.compile(r"([\u4e00-\u9fff])[不没]\1")
