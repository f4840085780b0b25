"""The texts the intent model scores: the message as written and the views that undo cheap evasion.

Every view is a *spaced* text: the compliance normaliser's folding (width, case, traditional→simplified,
homoglyphs) with separators turned into single spaces, so English words stay words; character n-grams see it
with the spaces removed, which rejoins "laun-der" and "洗 钱". A view other than the plain text is scored only
when it reads more fluently than the text as written (``LanguageModel``), so reversing or "decoding" an
ordinary message never invents a new one.
"""

from __future__ import annotations

import codecs
import math
import re
from collections import Counter
from dataclasses import dataclass
from itertools import repeat
from operator import add

from services.compliance.normalize import WHOLE_TEXT_LEET, ZERO_WIDTH, Normaliser, decode_payloads, unleet, without_data


class LanguageModel:
    """Character-bigram fluency and English word frequencies, fitted on the corpus. Fluency decides whether an
    evasion view is worth scoring: reversed text, leetspeak or ROT13 counts only when it reads more like the
    corpus than the text as written (reversing an ordinary Chinese question gives the same characters in an
    order no one writes, which the classifier must not take for a new text). Word frequencies re-segment
    letter-spaced English ("h o w  d o  I ...") so its words are words again."""

    def __init__(self, bigrams: dict[str, float], unseen: float, words: dict[str, float]) -> None:
        self._bigrams = bigrams
        self._unseen = unseen
        self._words = words

    @classmethod
    def fit(cls, texts: list[str]) -> LanguageModel:
        pairs: Counter[str] = Counter()
        words: Counter[str] = Counter()
        for t in texts:
            pairs.update(t[i:i + 2] for i in range(len(t) - 1))
            words.update(w for w in t.split() if w.isascii() and w.isalpha())
        total = sum(pairs.values()) + len(pairs) + 1
        n_words = sum(words.values()) + 1
        return cls({p: math.log((n + 1) / total) for p, n in pairs.items()}, math.log(1 / total),
                   {w: math.log(n / n_words) for w, n in words.items()})

    def fluency(self, text: str) -> float:
        """Mean log-probability of the text's bigrams."""
        if len(text) < 2:
            return self._unseen
        return sum(map(self._bigrams.get, map(add, text, text[1:]), repeat(self._unseen))) / (len(text) - 1)

    def segment(self, letters: str) -> str:
        """The most probable split of ``letters`` into corpus words (unknown letters cost dearly)."""
        n = len(letters)
        best: list[tuple[float, int]] = [(0.0, 0)] + [(-math.inf, 0)] * n
        for end in range(1, n + 1):
            for start in range(max(0, end - 18), end):
                word = letters[start:end]
                cost = self._words.get(word, -25.0 * len(word))
                if best[start][0] + cost > best[end][0]:
                    best[end] = (best[start][0] + cost, start)
        out: list[str] = []
        end = n
        while end > 0:
            start = best[end][1]
            out.append(letters[start:end])
            end = start
        return " ".join(reversed(out))


_LETTER_RUN = re.compile(r"(?:\b[a-z]\b ?){4,}")


class Views:
    """The texts the features are computed on, from the compliance normaliser's folding table (width, case,
    traditional→simplified, homoglyphs). Separators become single spaces, so English words stay words; the
    dense form (spaces removed) is what character n-grams see, which rejoins "laun-der" and "洗 钱"."""

    def __init__(self, normaliser: Normaliser) -> None:
        self._table = {k: (None if v is None and chr(k) in ZERO_WIDTH else " " if v is None else v)
                       for k, v in normaliser.table.items()}

    def spaced(self, text: str) -> str:
        return " ".join(text.translate(self._table).split())

    def evasion_views(self, text: str, lm: LanguageModel) -> list[tuple[str, str]]:
        """(name, spaced text) of every view (``views``)."""
        return [(v.name, v.text) for v in self.views(text, lm)]

    def views(self, text: str, lm: LanguageModel) -> list[View]:
        """The plain text, then the views that undo cheap evasion, each only when it reads more fluently than
        what was written: leetspeak, ROT13, and clauses read backwards (an instruction in plain words may precede
        a reversed request); decoded base64/hex/\\u payloads always; each sentence of a text of several.
        Pasted tables are read without their figures (``without_data``), and material quoted to be judged
        without the quotation (``without_quoted_for_review``)."""
        text = without_quoted_for_review(without_data(text))
        spaced = self.spaced(text)
        views = [View("plain", spaced, (0, len(spaced) - spaced.count(" ")))]
        sentences = self._sentences(text)
        fluency = lm.fluency(spaced)
        candidates = []
        if len(spaced) <= WHOLE_TEXT_LEET:
            candidates.append(View("leet", unleet(spaced)))
        else:  # a long text: its sentences that leetspeak changes, each on its own (not a second pass over it all)
            views.extend(View("leet", leet) for leet, written in ((unleet(v.text), v.text) for v in sentences)
                         if leet != written and lm.fluency(leet) > lm.fluency(written))
        if len(spaced) <= WHOLE_TEXT_LEET and any("a" <= c <= "z" for c in spaced):  # longer: clause by clause
            candidates.append(View("rot13", codecs.decode(spaced, "rot13")))
        views.extend(v for v in candidates if v.text != spaced and lm.fluency(v.text) > fluency)
        clauses = [(c, lm.fluency(c)) for c in (self.spaced(c) for c in _CLAUSES.split(text)) if _wordy(c)]
        flipped = [c[::-1] for c, fluent in clauses if len(c) > 3 and lm.fluency(c[::-1]) > fluent]
        if flipped:  # the reversed clauses alone: the instruction around them ("reverse and answer") is noise
            views.append(View("reversed", " ".join(flipped)))
            if len(flipped) > 1:  # a text reversed as a whole also reverses the order of its clauses
                views.append(View("reversed", " ".join(reversed(flipped))))
        if len(clauses) > 1:  # likewise the ROT13 clauses alone ("decode my friend's message and answer: Ubj qb V…")
            rotated = [r for r, fluent in ((codecs.decode(c, "rot13"), f) for c, f in clauses if _LATIN.search(c))
                       if lm.fluency(r) > fluent]
            if rotated:
                views.append(View("rot13", " ".join(rotated)))
        views.extend(View("decoded", self.spaced(payload)) for payload in decode_payloads(text))
        if len(sentences) > 1:  # a harmful ask buried among ordinary sentences is diluted in the whole
            views.extend(v for v in sentences if not (_NO_HOWTO.search(v.text) or _STATED.search(v.text)))
        if _LETTER_RUN.search(spaced):  # "h o w  d o  I": the dense text is intact, the words are not
            views.append(View("joined", _LETTER_RUN.sub(lambda m: lm.segment(m.group(0).replace(" ", "")) + " ",
                                                        spaced)))
        return views

    def _sentences(self, text: str) -> list[View]:
        """The substantial sentences, each with the span of its dense form in the dense form of ``text`` (the
        dense form of a concatenation is the concatenation of the dense forms)."""
        out: list[View] = []
        at = 0  # offset in the dense text
        start = 0
        for m in [*_SENTENCES.finditer(text), None]:
            piece = self.spaced(text[start:m.start() if m else len(text)])
            length = len(piece) - piece.count(" ")
            if _substantial(piece):
                out.append(View("sentence", piece, (at, at + length)))
            at += length
            if m:
                sep = self.spaced(m.group(0))
                at += len(sep) - sep.count(" ")
                start = m.end()
        return out


@dataclass(frozen=True)
class View:
    name: str
    text: str  # spaced
    span: tuple[int, int] | None = None  # where its dense form lies in the dense form of the plain view


def _wordy(text: str) -> bool:
    """At least four letters or characters: rows of figures (a pasted table) are not sentences."""
    return len(_LETTERS.findall(text)) >= 4


# A sentence that says no instructions are wanted ("I don't need a how-to, only the consequences", "不需要具体
#做法"): the opposite of a buried ask, so it is not judged alone (it still counts in the whole text).
_NO_HOWTO = re.compile(r"\b(?:do ?n[o']?t|do not|don t|never) (?:need|want) (?:any |a |the )?(?:how ?-? ?to|"
                       r"instructions|steps|methods?|details? on how)\b|\bno how ?-? ?to\b|"
                       r"\bnot (?:asking|looking) (?:for )?(?:how|a how|instructions|steps)\b|"
                       r"不需要(?:具体|任何)?(?:的)?(?:做法|方法|步骤|操作|教程)|不是(?:要|想)(?:学|知道)怎么(?:做|操作)|"
                       r"不用(?:教|告诉)我怎么(?:做|操作)", re.IGNORECASE)


# A sentence that states no guarantee exists ("I know stocks don't guarantee that", "产品并不保证收益") or checks a
# belief about others with a tag question ("banks insure deposits, don't they?"): a fact stated or checked, not an
# ask made of the adviser, so it is not judged alone either (it still counts in the whole text). Said of the
# adviser ("can't you guarantee it", "你不能保证吗") it is still judged.
_STATED = re.compile(r"\b(?!you\b|u\b)[a-z]+ (?:don ?t|doesn ?t|do not|does not|won ?t|will not|cannot|can ?t|"
                     r"never) (?:(?!you\b|u\b)[a-z]+ )?guarantee[sd]?\b|\bno guarantees?\b|"
                     r"\b(?:not|never|isn ?t|aren ?t|nothing is) guaranteed\b|"
                     r"\b(?:don ?t|doesn ?t|didn ?t|isn ?t|aren ?t|wasn ?t|weren ?t|haven ?t|hasn ?t) "
                     r"(?:they|it|there|he|she)$|"
                     r"(?<![你您就能会可是有])(?:并不|无法|没法|不能|没有|从不|不)(?:能|会)?(?:保证|承诺|保本)")


def _substantial(sentence: str) -> bool:
    """Long enough to be judged alone: "Which products fit?" means nothing without the sentence before it."""
    return len(_CJK.findall(sentence)) + 2 * len(_ASCII_WORD.findall(sentence)) >= 10


_LATIN = re.compile(r"[a-z]")
_LETTERS = re.compile(r"[^\W\d_]")
_CJK = re.compile("[\u4e00-\u9fff]")
# A space-separated ASCII word with a letter in it (spaced text: words are separated by single spaces).
_ASCII_WORD = re.compile(r"(?<!\S)(?=[\x21-\x7e]*[A-Za-z])[\x21-\x7e]+(?!\S)")
_CLAUSES = re.compile(r"[,.;:!?，。；：！？、\n]+")
_SENTENCES = re.compile(r"(?:[.!?;]\s+|[。！？；\n]|\b(?:then|step \w+|\d\))\s*[:,)]?)", re.IGNORECASE)


# Material quoted in the message: a sentence between paired quotation marks (an apostrophe inside a word is no
# quotation mark), long enough to be a text of its own.
_QUOTED = re.compile(r"(?<![A-Za-z0-9])'((?:[^'\n]|(?<=[A-Za-z])'(?=[A-Za-z])){12,}?)'(?![A-Za-z0-9])|"
                     r"\"([^\"\n]{12,}?)\"|“([^”\n]{12,}?)”|‘([^’\n]{12,}?)’|「([^」\n]{6,}?)」|『([^』\n]{6,}?)』")
# What the user asks about the quotation: whether it is genuine, lawful or compliant, what is wrong with it.
_JUDGE = re.compile(r"\b(?:scam|scams|scammy|legit|legitimate|genuine|fraud|fraudulent|red flags?|warning signs?|"
                    r"misleading|mislead|compliant|non-?compliant|compliance|legal|illegal|lawful|allowed|"
                    r"(?:is|it|this|that)(?:'s| is) (?:true|real)|wrong with|problems? with|trust (?:it|this|them))\b|"
                    r"骗|诈骗|靠谱|真的假的|是真的吗|可信|合规|违规|违法|合法|有什么问题|有问题吗|哪里不对|误导|夸大|正规",
                    re.IGNORECASE)
# ... unless it also asks to carry the quotation out, answer it, or make it more persuasive.
_CARRY_OUT = re.compile(r"\b(?:do (?:what|as) (?:it|this|that) says|carry (?:it|this|that) out|follow (?:it|these|"
                        r"the instructions)|answer (?:it|its|the|them|that)|execute|act on|more (?:convincing|"
                        r"persuasive|believable)|sound (?:legit|real|genuine|official)|look (?:legit|real|genuine|"
                        r"official)|pass (?:review|compliance|the check)|get (?:it )?past|send (?:it|this)|"
                        r"post (?:it|this)|(?:draft|write) (?:more|another|a similar|the rest)|ignore|pretend|"
                        r"translate)\b|照做|执行|回答(?:它|这个|里面|其中)|更(?:有)?说服力|更像真的|像真的|"
                        r"帮我(?:发|写|做|执行|群发)|群发|发给|翻译|忽略|假装|通过(?:审核|审查)|躲过", re.IGNORECASE)


def without_quoted_for_review(text: str) -> str:
    """The message with the material it quotes to be judged ("is this a scam: '…'", "what's wrong with this
    tagline: '…'", "这条短信是不是诈骗：「…」") left out: a suspicious message, an ad or a claim the user asks about
    is evidence, not the user's request. Kept when the message also asks to carry the quotation out, answer it,
    translate it or make it more convincing (a request wrapped in quotation marks stays a request)."""
    if not _QUOTED.search(text):
        return text
    outside = _QUOTED.sub(" ", text)
    if not _JUDGE.search(outside) or _CARRY_OUT.search(outside):
        return text
    quoted = ["".join(g for g in m.groups() if g) for m in _QUOTED.finditer(text)]
    if any(_ASKS.search(q) for q in quoted):
        return text  # 'is this legal? "explain step by step how to split the cash…"': a request put in quotes
    return _QUOTED.sub(" “…” ", text)


# A quotation that is itself an ask of the adviser (imperative, how-to, step by step), not a message received
_ASKS = re.compile(r"^\W*(?:please\s+)?(?:explain|tell (?:me|us)|show (?:me|us)|give (?:me|us)|teach|help (?:me|us)|"
                   r"walk (?:me|us)|write|draft|design|list|describe|find (?:me|us))\b|"
                   r"\bhow (?:do|can|should|would) (?:i|we|you|one)\b|\bhow to\b|step[- ]by[- ]step|教我|告诉我|"
                   r"怎么(?:做|操作|弄|才能)|如何(?:操作|做|才能)|具体步骤|帮我(?!看看|看一下|判断|分析)",
                   re.IGNORECASE)
