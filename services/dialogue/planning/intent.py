"""What is the user asking? A deterministic bilingual classifier: rules, a learned layer, sentence similarity.

Firm rules decide what has structure (a pasted table, a decline, small talk, stated risk levels). Keyword rules
are precise on the phrasings that matter for tools (定投, 月供, 等额本息, drawdown...) but only know the words they
list, so the learned layer (learned.py: a classifier trained on a corpus written apart from the evaluation sets)
reads every message too: where the keywords found nothing it decides, and where it confidently disagrees with a
keyword match it wins. When its two best readings are both calculations and close, the planner asks which one is
meant. The similarity layer (an offline sentence embedding model, optional) is the last resort. Which layer
decided is recorded, so tests and metrics can tell them apart.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from services.common.embeddings import Embedder, encode_off_loop
from services.common.text.extract import Extraction
from services.dialogue.planning.assets import mentions, unshipped
from services.dialogue.planning.exemplars import EXEMPLARS
from services.dialogue.planning.learned import LearnedIntents, shared_model
from services.dialogue.planning.numbers import read
from services.dialogue.planning.vocab import (
    decline_reason,
    educational,
    in_scope,
    is_small_talk,
    readable,
    stated_levels,
)

log = logging.getLogger(__name__)

Intent = Literal[  # keep in step with exemplars.py
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

# Ordered: the first intent whose pattern matches wins, so the more specific ones come first. Declines, small
# talk and "not about money at all" are decided before these (vocab.py).
# Money put down on a purchase ("100k down", "twenty percent down"; not "a down payment" saved for): a loan's word
# in the rules, and what keeps the rule's reading over the learned layer's
_PUT_DOWN_WORDS = r"\b(?:\d[\d,.]*\s*[km]?|\w+ percent|\d+\s*%)\s+down\b(?!\s*payment)"
_RULES: list[tuple[Intent, str]] = [
    ("risk_assessment", r"风险等级(?:评估|测评|测试)|(?:我|自己)(?:是|属于)?[Cc]几|"
                        r"(?:do|take|start|begin|fill (?:in|out)) (?:the|a|my|your) (?:risk )?(?:assessment|"
                        r"questionnaire|quiz|survey)|what'?s my risk (?:level|profile|tolerance|rating|category)|"
                        r"风险测评|风险评估|风险承受|风险偏好|测评|问卷|什么(?:类型|样)的投资者|我是什么风险|"
                        r"适合(?:什么|哪)(?:样|种|类|些)?的?(?:投资|产品|理财)|"
                        r"what (?:kind|sort|type)s? of (?:investments?|products?|funds?) "
                        r"(?:suit|fit|(?:are|is) right for|should i)|"
                        r"保守还是激进|(?:稳健|保守|激进|进取|成长|平衡)型?还是(?:稳健|保守|激进|进取|成长|平衡)|"
                        r"what (?:kind|sort|type) of investor am i|(?:which|what) risk (?:category|level|class|bucket)"
                        r" (?:do|am|would|should) i|(?:find out|know|determine|work out) my (?:risk|investor)|"
                        r"how much risk i'?m (?:comfortable|ok|okay|happy)|\bassess me\b|"
                        r"evaluate (?:whether|if) i'?m|我的风险等级(?:应该)?是(?:多少|什么)|怎么知道我的风险|"
                        r"(?:激进|保守|稳健)型?还是(?:激进|保守|稳健)|属于哪(?:种|类)|"
                        r"how much risk (?:can|could|should) (?:i|someone like me|a person like me)|"
                        r"risk i can (?:take|handle|stomach|tolerate|bear)|"
                        r"(?:risk|profile|investor) (?:quiz|survey|test)|"
                        r"risk (?:assessment|questionnaire|profile|tolerance)|assess my risk|what kind of investor|"
                        r"conservative or (?:an )?aggressive|aggressive or (?:a )?conservative|my investor type"),
    ("product_suitability", r"适合我|适合买|适合投|适合吗|合适吗|能买吗|能投吗|能不能买|可以买|可以投|该不该买|"
                            r"要不要买|值得买|适不适合|我能买|我可以|行吗|suitable|appropriate|right for me|ok for me|"
                            r"fine for me|should i (?:buy|invest in|put money)|can i (?:buy|invest in|put money)|"
                            r"is \S+ (?:right|good) for me|能碰|可以碰|入手|"
                            r"(?:good|sensible|wise|smart|right|suitable|reasonable) (?:purchase|buy|choice|pick|"
                            r"investment) for me|for someone like me|"
                            r"worth buying|ok (?:for me )?to buy|good fit|right for (?:a|an|someone) |"
                            r"make sense for (?:me|a|an|someone)|fits? (?:me|my (?:risk|profile|level))|"
                            r"(?:match|suit)(?:es)? my (?:risk|profile|level)|good idea for me|wise (?:for|of) me|"
                            r"明智吗|划算吗|值不值得|recommend\b.{0,30}\bfor me|make sense (?:in|for) my|"
                            r"(?:someone|people|a person|investors?) like me|too risky for me|risky for (?:me|someone)|"
                            r"(?:ok|okay|fine|right|suitable|appropriate|a fit) for my (?:risk|profile|level)"),
    ("loan_schedule", r"房贷|车贷|贷款|经营贷|消费贷|月供|等额本息|等额本金|按揭|还款|借款|贷\S{0,3}万|借了?\S{0,4}\d|"
                      r"分期|每期还|\d+\s*期|还清|借给我|mortgage|loan|repay|refinanc|paying back|pay back|car note|"
                      r"\blends?\b|\blent\b|\bp&i\b|down payment|\d+\s*% down\b|首付|"
                      r"amorti[sz]|borrow|instal+ment|financ(?:e|ing)|\bpayments?\b|equal[- ]principal|"
                      r"principal (?:and|&) interest|"
                      r"equal (?:monthly )?(?:payments|instal+ments) (?:on|for|of)|"
                      # a purchase with money down, or a loan's interest, in chat shorthand ("100k down", "twenty
                      # percent down", "total intrest 200k", "the same amount of principal every month")
                      rf"{_PUT_DOWN_WORDS}|"
                      r"\b(?:cash down|trad(?:e|ing)[- ]in)\b|"
                      r"total int(?:e|re)?re?st|\bintrest\b|same amount of principal|principal every month|"
                      r"\b(?:used|second-?hand) (?:car|honda|toyota|ford|bmw|tesla|vehicle|truck)\b|"
                      r"\bcar\b[^.?]{0,40}\b(?:per month|a month|monthly)\b"),
    ("savings_projection", r"定投|每个?月存|每个?月投|存钱|存一笔|存\S{0,3}\d+\s*年|定期存|攒|储蓄|复利|养老|退休|"
                           r"年后|能有多少|终值|本息|通胀|"
                           r"购买力|目标|存够|凑到|"
                           r"savings?|\bsave\b|put (?:away|aside)|invest(?:ing)? \S+ (?:a|per|every) month|"
                           r"monthly|compound|how much will i have|grow to|worth (?:in|after)|in \d+ years|retire|"
                           r"inflation|today'?s (?:money|dollars)|purchasing power|\bfv\b|future value|nest egg|"
                           r"pension|401k|goal|target"),
    ("portfolio_analysis", r"组合|持仓|回撤|波动|夏普|风险有多大|多大风险|风险收益|收益率|年化收益|历史表现|表现怎么样|"
                           r"分散|配置|portfolio|holdings|drawdown|volatil|sharpe|\bvar\b|how risky|risk metrics|"
                           r"diversif|allocation|returns? of|performance|analy[sz]e|value at risk|"
                           r"risk of (?:holding|owning)|\bpositions\b"),
    ("explain_term", r"什么是|是什么|什么意思|啥意思|是啥|解释|何为|区别|什么叫|有什么不同|不同之处|差别|差异|怎么理解|"
                     r"怎么回事|如何运作|怎么运作|(?:是)?怎么算(?:出来)?的|如何计算的?|计算公式|"
                     r"how (?:is|are|do you|does one) .{0,30}(?:calculated|computed|measured|worked out)|formula for|"
                     r"说明什么|意味着什么|有什么好处|有何好处|好处是什么|优缺点|利弊|为什么要|pros and cons|"
                     r"\bdescribe\b|tells? (?:me|us|you)\b|what are (?:the )?(?:benefits|advantages|risks) of|"
                     r"如何理解|什么概念|讲讲|讲一下|原理|有什么用|有啥用|的作用|含义|"
                     r"what(?:'s| is) .{2,30} (?:for|used for)\b|\beli5\b|explain like|"
                     r"what(?: is|'s|s|are) |what does .* (?:mean|stand for|measure|indicate|tell)|explain|meaning of|"
                     r"what .{2,30} means\b|"
                     r"difference between|define |"
                     r"how (?:does|do) .* work\b|in simple terms|in plain|怎么看待|如何看待|"
                     r"how (?:should|would|do|can) (?:i|we|you|one|someone|(?:a |new )?(?:beginner|investor)s?) "
                     r"(?:think about|approach|look at|understand)|how to think about"),
    ("out_of_scope", r"天气|电影|写诗|作诗|作业|菜谱|笑话|星座|彩票|旅游|好玩|景点|weather|poem|movie|recipe|homework|"
                     r"joke|horoscope|lottery|travel|world cup|premier league|football|soccer|basketball|\bnba\b|"
                     r"\bnfl\b|\bwho won\b|\bflights?\b|airline|hotel|restaurant"),
]
_COMPILED = [(intent, re.compile(pattern, re.IGNORECASE)) for intent, pattern in _RULES]
_EXPLAIN = re.compile(dict(_RULES)["explain_term"], re.IGNORECASE)
_OFF_TOPIC = re.compile(dict(_RULES)["out_of_scope"], re.IGNORECASE)


def off_topic(text: str) -> bool:
    """A recognised off-topic ask (a poem, the weather, a joke): declined whatever the conversation was about."""
    return bool(_OFF_TOPIC.search(text))
_SUITS = re.compile(dict(_RULES)["product_suitability"], re.IGNORECASE)
_ASSESS = re.compile(dict(_RULES)["risk_assessment"], re.IGNORECASE)
_BUY = re.compile(r"买|能碰|可以碰|入手|能投|可以投|能不能投|投吗|可以吗|行吗|可不可以|适合|合适|suitable|"
                  r"appropriate|\bbuy|"
                  r"can i invest|should i invest|invest in|thinking (?:about|of)|considering|打算|考虑|想买|想投|"
                  r"any (?:issue|problem)|purchase|put money|right for me|ok for me|\bsuits? me\b|good for me|"
                  r"fit for me|allowed to", re.I)
_WANT = re.compile(r"我想买|想入手|打算买|准备买|要不要入|i want to buy|i'?d like to buy|i'?m (?:going|planning) to "
                   r"buy|planning to buy|thinking (?:about|of) (?:buying|putting money)", re.I)
_EITHER = re.compile(r"还是|\bor\b", re.I)  # "激进型还是稳健型": a level asked about, not stated
_OK = re.compile(r"可以吗|可不可以|好吗|行不行|靠谱吗|\b(?:ok|okay|fine|wise|smart)\s*\?", re.I)  # with a named buy
# "what if it was an R1 fund instead", "那R2的呢": another product for the check just made, not a definition
_ANOTHER = re.compile(r"\binstead\b|what if|what about|how about|\band (?:a|an)\b|^(?:那|那么|换成|改成)|"
                      r"呢\s*[？?]?$", re.I)
_FOR_WHOM = re.compile(r"适合(?:什么|哪些|哪种|哪类|谁)|suit(?:s|able for)? (?:whom|who|what kind)", re.I)
# two things compared in words ("哪个更划算", "which is better"), no numbers of one's own
_WHICH_BETTER = re.compile(r"哪个(?:更|比较)?(?:好|划算|合适|省钱|好一些|更好)|哪种(?:更|比较)?(?:好|划算|合适|省)|"
                           r"which (?:one )?is (?:better|cheaper|best|safer|riskier)|\bvs\.?\b.{0,40}\bwhich\b|"
                           r"(?:better|cheaper),? .{1,40} or .{1,40}\?", re.I)
# a rate alone, judged ("is 6% a good rate?", "4%的利率高吗")
_JUDGE = re.compile(r"\b(?:good|bad|high|low|fair|reasonable|decent|normal|typical|competitive)\b.{0,20}"
                    r"\b(?:rate|return|yield|apr)\b|\b(?:rate|return|yield)\b.{0,12}\b(?:good|high|low|reasonable)\b|"
                    r"(?:高|低|合理|正常|划算)(?:吗|不|么|嘛)", re.I)
_ANALYSE = re.compile(r"分析|回撤|波动|夏普|收益|表现|analy[sz]|drawdown|volatil|sharpe|return|perform|risk metrics",
                      re.I)
# asked for in words: a definition even about "my" mortgage, when no number is given
_IN_WORDS = re.compile(r"\bexplain\b|trade-?offs?|pros and cons|利弊|优缺点|讲讲|原理|in (?:plain|simple) "
                       r"(?:words|terms)", re.I)
# "what's the monthly on a loan?": a figure of one's own calculation, asked for without its numbers yet
_MY_FIGURE = re.compile(r"\bthe monthly\b|monthly (?:payment|instal+ment|repayment) (?:on|for|of)|"
                        r"(?:payment|repayment)s? (?:on|for) (?:a|my|the|our)\b|月供(?:大概)?(?:要|是)?多少", re.I)
_OWN_NUMBERS = re.compile(r"\d+(?:\.\d+)?\s*(?:%|万|元|块|k\b|年|个月|years?|months?)|[$¥￥]\s*\d|我的|"
                          # "my portfolio" is the user's own; "my friend keeps saying it" is not
                          r"\bmy\b(?!\s+(?:friends?|wife|husband|partner|son|daughter|kids?|children|dad|mom|mum|"
                          r"mother|father|parents?|colleagues?|co-?workers?|boss|brother|sister|teacher|professor|"
                          r"neighbou?rs?|uncle|aunt|grand(?:ma|pa|mother|father))\b)",
                          re.IGNORECASE)
# A question over data: a table pasted with it (Markdown rows, CSV lines, a JSON array), or a market-data word
# together with a date or a month ("600036 2017年3月的最高收盘价").
_TABLE_ROWS = re.compile(
    r"(?:^\s*\|.*\|\s*$\n?){3,}|(?:^[^\n,]*\d[^\n]*,[^\n]*\d[^\n]*$\n?){3,}|^\s*\[\s*\{|"
    # CSV rows led by a name ("房租,2650", "Jan,33.94", "Fund A,2400,9.189"): short cells, the last a number
    r"(?:^[^\n,]{1,40}(?:,[^\n,]{1,40})*,[ \t]*[-+]?[$¥￥]?\d[\d.]*%?[ \t]*$\n?){3,}", re.MULTILINE
)
_DATA_WORDS = re.compile(
    r"收盘|开盘|最高价|最低价|成交量|成交额|涨跌幅|换手率|净流入|close[sd]?\b|closing|opening price|\bopen(?:ed)?\b|"
    r"\bhigh\b|\blow\b|volume|turnover|net inflow|"
    r"(?:daily|one-day|single-day) (?:gain|loss|return|move|change|drop|fall|rise|decline|jump|swing)|"
    r"单日(?:涨幅|跌幅)|最大(?:涨幅|跌幅)",
    re.IGNORECASE,
)
# A single day (2018-05-04, 3 May 2018, June 3, 2019, 2018年6月1日) with a price word and a named instrument: a
# question over the shipped daily data, not an analysis over a window ("since 2016" is a window).
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DAY = re.compile(r"\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b|\b\d{1,2}/\d{1,2}/\d{4}\b|\d{1,2}\s*月\s*\d{1,2}\s*[日号]|"
                  r"\b" + _MONTHS + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b|\b\d{1,2}(?:st|nd|rd|th)?\s+" + _MONTHS +
                  r",?\s+\d{4}\b", re.IGNORECASE)
_PRICE_WORDS = re.compile(r"股价|价格|价位|点位|报价|多少钱|涨|跌|\bprice|\btrade[ds]? at\b|\blevel\b|changed hands|"
                          r"\bworth\b|\bgain|\bgo (?:up|down)\b|\bwent (?:up|down)\b|\bquote", re.IGNORECASE)
_SINCE = re.compile(r"since|from|starting|after|从|自|以来", re.IGNORECASE)
_AFTER = re.compile(r"\s*(?:以来|之后|以后|起|开始|onwards?|to date|until now)", re.IGNORECASE)
_WHEN = re.compile(
    r"\d{4}\s*年|\d{1,2}\s*月|\b(?:19|20)\d{2}\b|\d{4}-\d{1,2}|\d{8}|\d{1,2}/\d{1,2}/\d{4}|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b",
    re.IGNORECASE,
)


# How to do something, where to go, whether an offer is genuine: a question for words, not for a calculator.
_HOWTO = re.compile(
    r"怎么办|怎么处理|怎么查|怎么改|怎么开|怎么操作|如何操作|怎么申报|如何申报|如何办理|怎么办理|去哪里?|在哪里?(?:查|办|开|改)|需要去|流程|手续|"
    r"步骤|是不是真的|怎么回事|注意什么|规定|规则|窗口期|(?:应该|该|要)怎么(?!算|计算|测算|还|投|存)|"
    r"\bhow (?:do|can|should) (?:i|we|you)\b|\bhow to\b|where (?:can|do|should) i|what should i do|"
    r"what are the rules|what(?:'s| is) the process",
    re.IGNORECASE)
# Whether an offer is genuine or lawful: answered in words whatever numbers the offer quotes.
_GENUINE = re.compile(r"靠谱吗|靠不靠谱|可靠吗|可信吗|正规吗|是不是骗|骗局|诈骗|非法集资|传销|庞氏|"
                      r"合法吗|违法吗|犯法吗|"
                      r"荐股群|喊单|带单|跟单|怎么判|判几年|判刑|量刑|坐牢|罚款|"
                      r"\bpenalt|\bjail\b|\bprison|\bsentenc|\bpunish|"
                      r"\blegit|\bscam\b|\bfraud|ponzi|pyramid scheme|is (?:this|it|that) (?:legal|lawful|real|safe)\b",
                      re.IGNORECASE)
# A forecast others make ("everyone on TV says a crash is coming", "网上都说要崩盘") and the user's own move asked
# about ("should I sell?", "要不要减仓"): a decision under fear, answered in words -- not a prediction asked for, nor
# a dump planned ("do I need to dump my stocks?"). Only over the learned layer's wording-alone declines of those two
# kinds: a forecast the rules name, and inside information, still decline.
_HEARD = re.compile(r"\b(?:everyone|everybody|people|they|pundits|experts?|analysts?|youtube(?:rs)?|tiktok|reddit|"
                    r"twitter|the news|media|my (?:friends?|colleagues?|neighbou?rs?))\b.{0,30}\b(?:says?|saying|"
                    r"thinks?|predicts?|predicting|warns?|warning|claims?)\b|\bi (?:keep )?hear(?:d|ing)?\b|"
                    r"都说|大家都|网上|听说|有人说|专家说|博主说|新闻说", re.IGNORECASE)
_OWN_MOVE = re.compile(r"\b(?:should|do|must) i\b|\bdo i (?:need|have) to\b|\bis it (?:smart|wise|time|better) to\b|"
                       r"\bwould it be (?:smart|wise|better)\b|要不要|该不该|应不应该|需不需要|我该|我要不要|我应该",
                       re.IGNORECASE)
# Buying or selling together to move a price ("we will all buy at 10am to push it up, should I join?"): an
# invitation to manipulate, never a forecast heard from others
_COORDINATED = re.compile(r"\bwe(?: will|'ll)? all\b|\ball (?:buy|sell)\b|\btogether\b|at the same time|"
                          r"\bjoin (?:them|in|us|the group)\b|push (?:the |its )?price|\bpump|coordinat|"
                          r"一起|拉升|拉高|同时买|同时卖|抱团|砸盘|集体", re.IGNORECASE)
_PUT_DOWN = re.compile(_PUT_DOWN_WORDS, re.IGNORECASE)
_FALL = re.compile(r"跌|下跌|回落|缩水|亏|fell|falls?\b|drop|declin|crash|plung|lose|loses|lost|down\b", re.I)
_COMPUTE = re.compile(r"算|多少|几年|多久|calculat|comput|work out|how much|how many|how long|figure out", re.I)


def _overrides(keyword: Classification, label: str, probability: float) -> bool:
    """Whether the learned reading replaces a keyword rule's. Only where keywords are known to slip: one
    calculation's word in another's question (本息 in a loan, "payment" in a goal), or a guess from no finance
    word at all or from holdings named with nothing asked (0.9). A definition or the questionnaire named by
    its own words stays; a message with no finance word is never made a definition or small talk by wording
    (红烧肉怎么做 reads like a how-to)."""
    if label == keyword.intent or probability < LEARNED_OVER_KEYWORD:
        return False
    if keyword.score <= NO_MONEY:
        return label in TOOL_INTENTS or label == "risk_assessment"
    return label in TOOL_INTENTS and (keyword.intent in TOOL_INTENTS or keyword.score < 1.0)


@dataclass(frozen=True)
class Classification:
    intent: Intent
    layer: Literal["rule", "learned", "similarity", "default", "followup"]
    score: float
    runner_up: str = ""  # a second tool intent almost as close: the planner asks which one is meant
    reason: str = ""  # a decline's kind (insider, prediction...) when the learned layer declined


TOOL_INTENTS = ("savings_projection", "loan_schedule", "portfolio_analysis", "product_suitability")
CLOSE = 0.03  # two intents this close in similarity are two readings: ask rather than pick
# The learned layer's probabilities (chosen by cross-validation on its corpus, checked on the dev half):
LEARNED_ALONE = 0.3  # taken where no rule placed the message
LEARNED_OVER_KEYWORD = 0.7  # taken over a keyword rule it disagrees with
LEARNED_DECLINE = 0.5  # a decline by wording alone needs more, and never for a question about misconduct
LEARNED_CLOSE = 0.12  # two calculations this close in probability: ask which one is meant
NO_MONEY = 0.8  # the score of "no finance word at all": weaker than a keyword (thanks, fees, rebalancing...)


class IntentClassifier:
    def __init__(
        self, embedder: Embedder | None = None, threshold: float = 0.55, learned: LearnedIntents | None = None,
        use_learned: bool = True, load: Callable[[], LearnedIntents] | None = None,
    ) -> None:
        """``learned``: the trained layer (by default the one shared in the process, trained on first use);
        ``load``: builds it later instead, in ``warm_async`` off the event loop (a service starts serving first);
        ``use_learned=False``: rules and similarity only."""
        self._embedder = embedder
        self._load = load if use_learned and learned is None else None
        self._learned = None if self._load is not None or not use_learned else (learned or shared_model())
        self._warming: asyncio.Future[LearnedIntents] | None = None
        self._threshold = threshold
        self._labels: list[Intent] = []
        self._matrix: np.ndarray | None = None
        if embedder is not None:
            for intent, texts in EXEMPLARS.items():
                self._labels += [intent] * len(texts)  # type: ignore[list-item]  # keys are intents
            self._matrix = embedder.encode([t for texts in EXEMPLARS.values() for t in texts])

    async def warm_async(self) -> None:
        """Build the learned layer in a thread (read from its cache, or trained: seconds on a busy machine).
        Every caller waits for the same build; a turn that arrives during it waits for the rest, so no message
        is placed without the layer."""
        if self._learned is not None or self._load is None:
            return
        if self._warming is None:
            self._warming = asyncio.ensure_future(asyncio.to_thread(self._load))
        try:
            self._learned = await asyncio.shield(self._warming)
        except Exception:  # the corpus unreadable: keep answering with the rules and similarity, loudly
            log.exception("planner learned layer unavailable: rules and similarity only")
            self._load = None

    def _ensure_learned(self) -> None:
        if self._learned is None and self._load is not None:  # a synchronous caller before the warm step ended
            self._learned = self._load()

    def rules(self, text: str) -> Classification | None:
        stripped = readable(text.strip())
        ex = read(stripped)
        return self._firm(stripped, ex) or self._keywords(stripped, ex)

    def _firm(self, stripped: str, ex: Extraction) -> Classification | None:
        """What the message's structure decides: tables, declines, small talk, no money at all, stated levels."""
        if _TABLE_ROWS.search(stripped) or (_DATA_WORDS.search(stripped) and _WHEN.search(stripped)):
            return Classification("table_question", "rule", 1.0)
        day = _DAY.search(stripped)
        window = day and (_SINCE.search(stripped[:day.start()][-12:]) or _AFTER.match(stripped, day.end()))
        if day and _PRICE_WORDS.search(stripped) and mentions(ex) and not window:
            return Classification("table_question", "rule", 1.0)  # "AAPL price on 2018-05-04": one day's data
        reason = decline_reason(stripped)  # a price prediction, a sure tip, a guarantee, insider information
        if reason:
            return Classification("out_of_scope", "rule", 1.0, reason=reason)
        if is_small_talk(stripped):
            return Classification("small_talk", "rule", 1.0)
        named = mentions(ex) or unshipped(ex)  # an unshipped ticker is still a holding: answered with what is shipped
        levels = stated_levels(stripped)
        kind = levels.product_type if levels.type_label != "fund" else ""  # "a fund" alone is no product named
        both = levels.investor and (levels.product or kind)
        if both or ((levels.investor or levels.product) and _BUY.search(stripped)):
            return Classification("product_suitability", "rule", 1.0)  # "C3 ... R4 fund, can I?"
        if mentions(ex) and _WANT.search(stripped) and not _ANALYSE.search(stripped):
            return Classification("product_suitability", "rule", 1.0)  # "我想买招商银行的股票": a check before buying
        if named and _BUY.search(stripped) and _SUITS.search(stripped):
            return Classification("product_suitability", "rule", 1.0)  # "买比亚迪合适吗？我没做过测评"
        return None

    def _keywords(self, stripped: str, ex: Extraction) -> Classification | None:
        """The word lists: precise on the phrasings they name, blind to others."""
        named = mentions(ex) or unshipped(ex)
        asked = any(p.search(stripped) for i, p in _COMPILED if i not in ("out_of_scope", "explain_term"))
        if not (in_scope(stripped) or re.search(r"\d", stripped) or named or asked):
            return Classification("out_of_scope", "rule", NO_MONEY)  # no money word: the learned layer may differ
        stating = stated_levels(stripped).investor  # "我测评结果是C2": a level given, not a test asked for
        if _ASSESS.search(stripped) and not mentions(ex) and not stating:  # "risk profile of AAPL": its figures
            return Classification("risk_assessment", "rule", 1.0)
        numbers = ex.money or ex.percents or ex.durations
        buying = _BUY.search(_FOR_WHOM.sub("", stripped))  # "适合什么人": who it suits, not a purchase
        own = (_OWN_NUMBERS.search(stripped) or buying or named or _MY_FIGURE.search(stripped)
               or (ex.money and (ex.percents or ex.durations)))  # "two hundred thousand at five percent": a plan
        if (_EXPLAIN.search(stripped) and not own) or (_IN_WORDS.search(stripped) and not (numbers or named)):
            return Classification("explain_term", "rule", 1.0)  # "什么是定投": a definition, not a projection
        if not (numbers or named) and _WHICH_BETTER.search(stripped):
            return Classification("explain_term", "rule", 1.0)  # "等额本金和等额本息哪个划算": compared in words
        levels = stated_levels(stripped)
        if levels.product and not levels.investor and not (named or buying or numbers or _SUITS.search(stripped)
                                                           or _ANOTHER.search(stripped)):
            return Classification("explain_term", "rule", 1.0)  # "R3级产品风险有多大": what a level means
        if ex.percents and not (ex.money or ex.durations or named) and _JUDGE.search(stripped):
            return Classification("explain_term", "rule", 0.9)  # "is 6% a good mortgage rate?": an opinion
        if mentions(ex) and buying and _OK.search(stripped):
            # "那买腾讯控股可以吗": a check before buying; weaker than a rule, so a tip behind it still declines
            return Classification("product_suitability", "rule", 0.9)
        if _GENUINE.search(stripped) and not mentions(ex):
            return Classification("explain_term", "rule", 1.0)  # "年化20%的项目靠谱吗": a scam check, in words
        if _HOWTO.search(stripped) and not (named or ex.percents or ex.durations or _COMPUTE.search(stripped)):
            return Classification("explain_term", "rule", 1.0)  # "how do I open an account", "靠谱吗"
        if ex.percents and not ex.durations and all(
                _FALL.search(stripped[max(0, p.start - 14): p.end + 6]) for p in ex.percents):
            return Classification("explain_term", "rule", 0.9)  # "if the stock fell 40%, what's left?"
        regular = ex.periodic("month") or ex.periodic("year")  # "$300 a month into the S&P 500": a plan, not holdings
        for intent, pattern in _COMPILED:
            if intent == "portfolio_analysis" and ex.money and (ex.percents or ex.durations) and (
                    regular or not named):
                return Classification("savings_projection", "rule", 0.9)  # an amount growing over time
            if intent in ("risk_assessment", "explain_term") and mentions(ex):
                continue  # "the risk profile of USMV and QUAL", "what is the VaR of JPM": the holdings' figures
            if intent == "risk_assessment" and stating:
                continue
            if pattern.search(stripped):
                return Classification(intent, "rule", 1.0)
        if named and regular and ex.durations:
            return Classification("savings_projection", "rule", 0.9)
        if named:
            return Classification("portfolio_analysis", "rule", 0.9)  # holdings named, nothing else asked
        return None

    def similar(self, vector: np.ndarray, text: str = "") -> Classification:
        """``text``: the message, so that finance talk the layer finds nearest to off-topic exemplars is still
        answered (declines are the rules' decision, never a similarity's)."""
        if self._matrix is not None:
            scores = self._matrix @ vector
            by_intent: dict[Intent, float] = {}
            for label, score in zip(self._labels, scores.tolist(), strict=True):
                by_intent[label] = max(score, by_intent.get(label, -1.0))
            ranked = sorted(by_intent.items(), key=lambda kv: -kv[1])
            (best, top), (second, next_score) = ranked[0], ranked[1]
            if best == "out_of_scope" and in_scope(text):
                best = "explain_term"
            if top >= self._threshold:
                close = best in TOOL_INTENTS and second in TOOL_INTENTS and top - next_score < CLOSE
                return Classification(best, "similarity", top, second if close else "")
        # Unplaced finance talk gets a general, tool-free answer; only recognised off-topic asks are refused.
        return Classification("explain_term", "default", 0.0)

    def decide(self, text: str) -> Classification | None:
        """Rules and the learned layer; None when neither places the message (then similarity, then default)."""
        stripped = readable(text.strip())
        ex = read(stripped)
        firm = self._firm(stripped, ex)
        if firm is not None:
            return firm
        keyword = self._keywords(stripped, ex)
        self._ensure_learned()
        if self._learned is None:
            return keyword
        r = self._learned.read(stripped)
        if r.label == "decline":  # by wording only over a guess or a general answer, never over a calculation
            unsure = keyword is None or keyword.score < 1.0 or keyword.intent == "explain_term"
            if unsure and r.probability >= LEARNED_DECLINE and not educational(stripped) and not (
                    r.reason in ("prediction", "manipulation") and _HEARD.search(stripped)
                    and _OWN_MOVE.search(stripped) and not _COORDINATED.search(stripped)):
                return Classification("out_of_scope", "learned", r.probability, reason=r.reason)
            if keyword is None and educational(stripped):
                # read as misconduct, asked about as such ("what stages does laundering go through?"): answered in
                # words, never taken for the calculation the layer reads next
                return Classification("explain_term", "learned", r.probability)
            if keyword is None and r.runner_up in TOOL_INTENTS and r.runner_up_probability >= LEARNED_ALONE:
                # too weak to decline, and no rule placed it: the calculation the layer reads next
                return Classification(r.runner_up, "learned", r.runner_up_probability)  # type: ignore[arg-type]
            return keyword
        if (r.label == "out_of_scope" and in_scope(stripped)) or r.label == "table_question":
            return keyword  # finance talk is never off-topic by wording alone; a table is a structure, not words
        if r.label == "risk_assessment" and stated_levels(stripped).investor and not _EITHER.search(stripped):
            r = replace(r, label="product_suitability")  # "my level is C3": a level given, for a product to check
        if keyword is not None and (not _overrides(keyword, r.label, r.probability) or (
                keyword.intent == "loan_schedule" and _PUT_DOWN.search(stripped))):
            return keyword  # money put down on a purchase ("100k down") is a loan's, whatever the wording reads like
        if keyword is None and r.probability < LEARNED_ALONE:
            return None
        close = (r.label in TOOL_INTENTS and r.runner_up in TOOL_INTENTS
                 and r.probability - r.runner_up_probability < LEARNED_CLOSE)
        return Classification(r.label, "learned", r.probability, r.runner_up if close else "")  # type: ignore[arg-type]

    def classify(self, text: str) -> Classification:
        found = self.decide(text)
        if found is not None:
            return found
        if self._embedder is None:
            return self.similar(np.zeros(0), text)
        return self.similar(self._embedder.encode([text.strip()])[0], text)

    async def classify_async(self, text: str) -> Classification:
        """Rules and the learned layer inline (well under a millisecond); the embedding model, when it is
        needed, off the event loop."""
        await self.warm_async()
        found = self.decide(text)
        if found is not None or self._embedder is None:
            return found or self.similar(np.zeros(0), text)
        vectors = await encode_off_loop(self._embedder, [text.strip()])
        return self.similar(vectors[0], text)
