"""What is the user asking? A deterministic bilingual classifier: keyword rules first, sentence similarity second.

Rules are precise on the phrasings that matter for tools (定投, 月供, 等额本息, drawdown...). The similarity layer
catches paraphrases the rules miss by comparing the message with labelled exemplars on an offline sentence
embedding model; it is optional (``embedder=None``) so the planner always works, and its answer is only taken
above a similarity threshold. Which layer decided is recorded, so tests and metrics can tell them apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import numpy as np

from services.common.embeddings import Embedder, encode_off_loop

Intent = Literal[
    "table_question",
    "savings_projection",
    "loan_schedule",
    "portfolio_analysis",
    "product_suitability",
    "risk_assessment",
    "explain_term",
    "small_talk",
    "out_of_scope",
]

# Ordered: the first intent whose pattern matches wins, so the more specific ones come first.
_RULES: list[tuple[Intent, str]] = [
    ("loan_schedule", r"房贷|车贷|贷款|月供|等额本息|等额本金|按揭|还款|mortgage|loan|repay|amorti[sz]|borrow"),
    ("savings_projection", r"定投|每月存|每个月存|每月投|存钱|攒钱|储蓄|复利|养老金?|十年后|年后.*多少|能有多少|"
                           r"savings? plan|\bsave\b|invest(?:ing)? \S+ (?:a|per|every) month|monthly|compound|"
                           r"how much will i have|in \d+ years|retire"),
    ("risk_assessment", r"风险测评|风险评估|风险承受|测评|问卷|我是什么风险|risk (?:assessment|questionnaire|profile|"
                        r"tolerance)|assess my risk|what kind of investor"),
    ("product_suitability", r"适合我|适合买|适合投|能买吗|该不该买|可以买|要不要买|值得买|适不适合|suitable|"
                            r"should i buy|can i buy|is \S+ (?:right|good) for me|worth buying"),
    ("portfolio_analysis", r"组合|持仓|回撤|波动率?|夏普|风险有多大|多大风险|收益率|年化|分散|配置|portfolio|holdings|"
                           r"drawdown|volatil|sharpe|how risky (?:is|are) (?:my|our)|diversif|allocation|returns? of|"
                           r"performance"),
    ("explain_term", r"什么是|是什么意思|解释一下|啥是|何为|区别|what(?: is|'s) (?:an?|the) |what are |"
                     r"what does .* mean|explain|difference between|define "),
    ("out_of_scope", r"天气|电影|写诗|作诗|作业|菜谱|笑话|星座|彩票|weather|poem|movie|recipe|homework|joke|horoscope|"
                     r"lottery"),
    ("small_talk", r"^(?:你好|您好|嗨|哈喽|谢谢|多谢|再见|早上好|晚上好|hi|hello|hey|thanks?|thank you|good (?:morning|"
                   r"evening)|bye)\W*$"),
]
_COMPILED = [(intent, re.compile(pattern, re.IGNORECASE)) for intent, pattern in _RULES]
_EXPLAIN = re.compile(dict(_RULES)["explain_term"], re.IGNORECASE)
# A question over data: a table pasted with it (Markdown rows, CSV lines, a JSON array), or a market-data word
# together with a date or a month ("600036 2017年3月的最高收盘价").
_TABLE_ROWS = re.compile(
    r"(?:^\s*\|.*\|\s*$\n?){3,}|(?:^[^\n,]*\d[^\n]*,[^\n]*\d[^\n]*$\n?){3,}|^\s*\[\s*\{", re.MULTILINE
)
_DATA_WORDS = re.compile(
    r"收盘|开盘|最高价|最低价|成交量|成交额|涨跌幅|换手率|净流入|close[sd]?\b|closing|opening price|\bopen(?:ed)?\b|"
    r"\bhigh\b|\blow\b|volume|turnover|net inflow",
    re.IGNORECASE,
)
_WHEN = re.compile(
    r"\d{4}\s*年|\d{1,2}\s*月|\d{4}-\d{1,2}|\d{8}|\d{1,2}/\d{1,2}/\d{4}|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Classification:
    intent: Intent
    layer: Literal["rule", "similarity", "default", "followup"]
    score: float


# Exemplars for the similarity layer (paraphrases the rules do not name).
EXEMPLARS: dict[Intent, list[str]] = {
    "savings_projection": [
        "If I put aside a fixed sum every month, what will it grow to?",
        "每个月拿出一部分工资投资，长期下来能积累多少钱",
        "How big will my nest egg be when I stop working?",
        "坚持每月投入一笔钱，二十年以后能攒下多少",
    ],
    "loan_schedule": [
        "What will my monthly payment be on the house?",
        "买房借了一笔钱，每个月要还多少",
        "How long until I pay off what I owe the bank?",
        "提前还清银行的钱划算吗",
    ],
    "portfolio_analysis": [
        "How did my investments do last year and how bumpy was the ride?",
        "我手里这几只基金整体表现怎么样",
        "Am I putting too many eggs in one basket?",
        "我买的东西跌得最厉害的时候亏了多少",
    ],
    "product_suitability": [
        "Is this fund a good fit for someone like me?",
        "这只产品跟我的情况匹配吗",
        "I am thinking about purchasing this product, is it appropriate for me?",
    ],
    "risk_assessment": [
        "How much risk can I handle?",
        "帮我看看我能承受多大的亏损",
        "I want to find out my investor type",
    ],
    "explain_term": [
        "Tell me how index funds work",
        "给我讲讲债券基金是怎么回事",
        "How does dollar-cost averaging work?",
    ],
    "small_talk": ["How are you today?", "今天心情不错", "Nice to meet you"],
    "out_of_scope": [
        "Write me a poem about the sea",
        "明天天气怎么样",
        "Can you help me with my homework?",
        "推荐一部好看的电影",
    ],
}


class IntentClassifier:
    def __init__(self, embedder: Embedder | None = None, threshold: float = 0.55) -> None:
        self._embedder = embedder
        self._threshold = threshold
        self._labels: list[Intent] = []
        self._matrix: np.ndarray | None = None
        if embedder is not None:
            for intent, texts in EXEMPLARS.items():
                self._labels += [intent] * len(texts)
            self._matrix = embedder.encode([t for texts in EXEMPLARS.values() for t in texts])

    def rules(self, text: str) -> Classification | None:
        stripped = text.strip()
        if _TABLE_ROWS.search(stripped) or (_DATA_WORDS.search(stripped) and _WHEN.search(stripped)):
            return Classification("table_question", "rule", 1.0)
        if _EXPLAIN.search(stripped) and not re.search(r"\d|我的|my ", stripped):
            return Classification("explain_term", "rule", 1.0)  # "什么是定投": a definition, not a projection
        for intent, pattern in _COMPILED:
            if pattern.search(stripped):
                return Classification(intent, "rule", 1.0)
        return None

    def similar(self, vector: np.ndarray) -> Classification:
        if self._matrix is not None:
            scores = self._matrix @ vector
            best = int(np.argmax(scores))
            if float(scores[best]) >= self._threshold:
                return Classification(self._labels[best], "similarity", float(scores[best]))
        # Unplaced finance talk gets a general, tool-free answer; only recognised off-topic asks are refused.
        return Classification("explain_term", "default", 0.0)

    def classify(self, text: str) -> Classification:
        found = self.rules(text)
        if found is not None:
            return found
        if self._embedder is None:
            return self.similar(np.zeros(0))
        return self.similar(self._embedder.encode([text.strip()])[0])

    async def classify_async(self, text: str) -> Classification:
        """Rules inline; the embedding model, when it is needed, off the event loop."""
        found = self.rules(text)
        if found is not None or self._embedder is None:
            return found or self.similar(np.zeros(0))
        vectors = await encode_off_loop(self._embedder, [text.strip()])
        return self.similar(vectors[0])
