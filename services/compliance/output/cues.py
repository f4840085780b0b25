"""Sentence cues for the learned output layer: wording that makes a sentence of an answer *likely* a violation of one
of the kinds the layer covers, so that the layer's score needs less to withhold it (``CUE_FLOOR`` instead of the
layer's own threshold). A cue alone never withholds anything: "拉高出货是指……" or "nobody knows where the index will
be" carry cues too, and the layer's score (which has learnt negation and explanation) still decides.

Checked once per judged sentence (at its end), never per chunk. Kinds:
- a certain forecast of a price level or move ("会涨到60元", "会突破3800点", "will rise 30% over…", "will hit $200");
- an insider source or news not yet public ("还没公告", "消息还没出来", "someone inside the regulator", "before it's
  announced");
- manipulation steps (spoofing orders then cancelling, accumulate → hype → distribute, false warnings to push a price);
- a high-risk product or leverage called suitable for an elderly, student or conservative investor;
- a return called certain in other words ("是稳的", "没亏过", "a sure thing", "no matter what").
"""

from __future__ import annotations

import re

_NUM = r"[0-9０-９][0-9０-９,，.]*"
_CUES = [
    # certain forecasts of a level or a move
    re.compile(r"(?:会|将|能|要)(?:涨到|涨至|升至|突破|达到|冲上|站上|跌到|跌破|跌至|上涨|下跌|翻倍)"
                  r"[^。！？；]{0,6}?" + _NUM + r"\s*(?:点|元|美元|港元|块|%|％|倍)"),
    re.compile(r"\bwill\s+(?:rise|climb|gain|jump|fall|drop|reach|hit|trade at|break|top|double|be above|be below)"
                  r"[^.;!?]{0,20}?(?:\$\s?" + _NUM + r"|" + _NUM + r"\s?(?:%|percent|points|dollars|yuan))"),
    # insider source, news not yet public
    re.compile(r"(?:还没|尚未|没有|还未)(?:公开|公告|披露|发布|宣布|出来)|外面还不知道|内部消息|有人透露|透露说?"),
    re.compile(r"not (?:yet )?(?:public|announced|been announced)|before (?:it's|it is|the news is) (?:public|out|"
                  r"announced)|nobody knows yet|on good authority|inside the (?:regulator|company|board|central bank)|"
                  r"(?:someone|a friend|my contact|a person|a director) (?:at|on|in|inside|from)"),
    # manipulation steps
    re.compile(r"撤单|吸筹|出货|派发|砸下去|砸盘|假象|造势|对倒|喊单|拉高|虚假(?:利好|消息|预警)|删帖"),
    re.compile(r"\b(?:pull|cancel)(?:s|ing)? the (?:order|bid|offer)s?\b|\bspoof|pump|\bhype\b|\bsell into\b|"
                  r"rumou?r|look like demand|back and forth between"),
    # unsuitable product called suitable for a vulnerable or conservative investor
    re.compile(r"(?:保守型|稳健型|c1|c2|退休|养老|老人|[0-9]{2}岁|学生|没有积蓄|承受不了|助学贷款)"
                  r"[^。！？]{0,40}(?:适合|符合|没问题|合适|风险承受范围内)"),
    re.compile(r"(?:conservative|risk-averse|retiree|retired|pension|student|c1|c2|can't afford|cannot afford|"
                  r"\b[6-9][0-9]\b)[^.!?]{0,80}(?:suitable|suits|suited|a (?:perfect|good|great) fit|fits|appropriate|"
                  r"makes sense|smart way|great way)"),
    # a return called certain in other words
    re.compile(r"是稳的|很稳|稳得很|稳拿|十拿九稳|没亏过|没有亏过|从来没亏|不可能亏|不会亏|不会跌|铁定|妥妥|没跑"),
    re.compile(r"sure thing|no matter what|whatever happens|come rain or shine|locked in|count on"),
]


# A sentence that defines, forbids, negates or warns ("拉高出货是指……", "……对您来说并不合适", "spoofing is illegal",
# "nobody can know…") is no cue, whatever words it uses, and the layer needs a higher score to withhold it — unless it
# turns ("不能说百分之百，但……", "…, but realistically…"): a hedged promise opens with the same negating words.
_FRAME = re.compile(r"是指|指的是|所谓|属于|违法|违规|不合适|不适合|并不|不符合|不能保证|无法保证|没有哪|谁也不|"
                       r"没人能|没有人能|没法说|不会说|当心|警惕|"
                       r"\bmeans\b|\bis called\b|\bis when\b|\billegal\b|\bunsuitable\b|\bnot suitable\b|"
                       r"\bnobody\b|\bno one\b|\bcan't (?:tell|say|know)\b|\bbe wary\b")
_TURN = re.compile(r"但|不过|其实|实际上|说实话|只是|\bbut\b|\bhowever\b|\brealistically\b|\bin practice\b|"
                      r"\bbetween us\b|\bhonestly\b")


def sentence_kind(sentence: str) -> str:
    """``"cue"`` when ``sentence`` carries wording of one of the kinds above, ``"framed"`` when it defines, negates or
    warns without turning, else ``""`` (a few regex searches per judged sentence)."""
    text = sentence.lower()  # the English patterns are written in lower case ("C1" as "c1")
    if _FRAME.search(text) and not _TURN.search(text):
        return "framed"
    return "cue" if any(p.search(text) for p in _CUES) else ""
