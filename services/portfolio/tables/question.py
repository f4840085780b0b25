"""Deterministic bilingual planner: one question -> one operation with arguments, validated against the table.
It reads cues in a fixed order (most specific first) and asks rather than guesses when something is missing."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from services.common.text.numerals import normalise_digits
from services.portfolio.tables import phrases
from services.portfolio.tables.model import PeriodCell, Table
from services.portfolio.tables.ops import Window
from services.portfolio.tables.resolve import Ask, DateRef, window_of
from services.portfolio.tables.trading import Trade


def cue(p: str) -> re.Pattern[str]:
    """A cue-word pattern, case-insensitive (the planner steps build theirs with it too)."""
    return re.compile(p, re.IGNORECASE)


DECLINE = cue(r"预测|预计|会涨吗|会跌吗|明天.{0,6}(?:涨|跌|价格)|下周|未来.{0,4}走势|该不该|应该买|值得买|推荐|"
              r"will it (?:rise|fall|go)|predict|forecast|tomorrow|next week|should i (?:buy|sell)|recommend")
UNSUPPORTED = cue(r"股息率?|分红|派息|dividends?|每股收益|\beps\b|市净率|p/b|book value|营收|营业收入|revenue|earnings|"
                  r"vwap|volume.weighted|成交均价|variance|方差|skew|偏度|kurtosis|峰度|相关系数|correlation|"
                  r"geometric|几何平均|绝对值|absolute value|in absolute terms|short(?:ed| sold| sell| selling|ing)"
                  r"\b|卖空|做空|"
                  r"净资产|\broe\b|\bbeta\b|贝塔|夏普|sharpe|alpha|市销率|p/s")
YES_NO = cue(r"是否|有没有|[吗嘛][?？\s]*$|\b(?:did|was|is|were|does|has) (?:it|the|there|[a-z]+) .*\?\s*$|whether")
ASKS_NUMBER = cue(r"多少|几|哪|\bhow\b|what|which|when|calculate|compute|give")
MARGIN = cue(r"融资|杠杆|配资|借钱|借款|借入|margin|leverag|borrow|financ")
BUY = cue(r"买入|买进|购入|买了|建仓|入手|投入|投资|申购|认购|抄底|持有|持仓|买|hold(?:ing)?\b|held|buy|bought|"
          r"purchas|invest|\bput\b|\bspen[dt]\b|"
          r"subscrib")
SELL = cue(r"卖出|卖掉|卖了|清仓|平仓|赎回|卖|sell|sold|exit|redeem")
RETURN = cue(r"收益率|回报率|报酬率|收益百分比|(?:赚|挣|盈利)了?百分之|盈利率|获利率|"
             r"盈亏(?:比例|比率|率|百分比)|收益比例|"
             r"涨幅|跌幅|涨跌幅|涨了百分之|涨了多少%|增幅|return|yield|perform|"
             r"percent(?:age)? (?:gain|change|return|loss)|% (?:gain|change|return)|by what percent|how much % ")
GROWTH = cue(r"增长率|增速|增长了百分之|增长幅度|变化率|变动率|growth|grew by|increase rate|rate of (?:increase|"
             r"change)")
PROFIT = cue(r"赚|挣|亏多少|盈利|利润|盈亏|亏损|亏了|收益(?!率)|获利|profit|p&l|pnl|make|\bmade\b|earn|"
             r"gain(?!s? (?:rate|%))|lose|loss")
# 亏了多少 / how much did I lose: the amount lost, a positive number (盈亏 / P&L / 收益 keep the sign); a rate asked
# with a loss word (亏损率, 亏了百分之几, what percentage did I lose) is the loss as a positive fraction
_NOT_PCT = r"(?!\s*(?:%|％|个?百分点|百分之))"
LOSS = cue(r"(?<![盈赚])亏(?:损|掉)?了?(?:多少|几)" + _NOT_PCT + r"|(?<!盈)亏损(?:额|金额)?(?:是|为|有|共|一共|总共)?"
           r"(?:多少|几)" + _NOT_PCT + r"|损失(?:了|掉|额|金额)?(?:是|为|有)?(?:多少|几)" + _NOT_PCT +
           r"|赔(?:了|掉)?(?:多少|几)" + _NOT_PCT +
           r"|how much (?:money )?(?:did|would|will|do|have|had|could|might) (?:i|we|you|they) (?:have )?los[et]\b"
           r"|(?:what|how much|how big|how large)(?:\s+is|\s+was|\s+would be|\s+will be|'s)\s+(?:my|the|our|your)\s+"
           r"(?:total\s+|net\s+)?loss\b(?!\s*(?:rate|ratio|%|percent|in percent|as a percent))")
PROFIT_OR_LOSS = cue(r"盈亏|赚了?还是亏|亏了?还是赚|profit (?:or|and|/) loss|gain (?:or|and|/) loss|p&l|pnl")
LOSS_RATE = cue(r"亏损(?:率|比例|幅度|百分比)|损失率|(?:亏|赔)(?:损|掉)?了?百分之|(?:亏|赔)(?:损|掉)?了?(?:多少|几)\s*"
                r"(?:%|％|个?百分点)|what percent(?:age)? (?:did|would|will|do) (?:i|we|you) lose|"
                r"percent(?:age)? loss|loss rate|loss in percent|(?:loss|lose) as a percent")
CHANGE = cue(r"涨了多少|跌了多少|[上下]?[涨跌]多少|涨跌额|变化|变动|差价|涨跌|涨了|跌了|上涨了|下跌了|how much did "
             r".{0,30}(?:rise|fall|"
             r"go up|go down|change|move|gain|drop)|price change|\bchange\b|increase|decrease|rise|fall|"
             r"\bgain(?:ed)?\b|"
             r"\bdrop(?:ped)?\b|\bfell\b|\brose\b|went up|went down|declin|下跌")
DRAWDOWN = cue(r"回撤|drawdown|draw-down|peak.to.trough")
VOL = cue(r"波动率|波动性|volatility|\bvol\b")
DAILY = cue(r"日波动|每日波动|daily vol|日度|每日|daily|per day")
STD = cue(r"标准差|std|standard deviation|stdev")
SAMPLE_STD = cue(r"样本|无偏|n\s*[-−]\s*1|\bsample\b|stdev\.?s\b|ddof\s*=\s*1")
POPULATION_STD = cue(r"总体|母体|全体|除以\s*n(?![-−\s]*1)|\bpopulation\b|stdev\.?p\b|ddof\s*=\s*0")
RET_WORDS = cue(r"收益|回报|return|涨跌幅")
ANNUAL = cue(r"年化收益|年化回报|年化涨幅|年化的收益|annuali[sz]ed (?:return|gain|performance)|annual(?:ised|"
             r"ized)? rate of "
             r"return|\bcagr\b|复合年")
SUM_ONLY = cue(r"合计|总和|之和|加总|相加|加起来|\bsum of\b|added up")
PER_DAY = cue(r"单日|每日|每天|日均|逐日|一天内|的一天|一日|daily|one-day|single-day|single day|per day|in a day")
MOVE_WORDS = cue(r"涨幅|跌幅|涨跌|gain|return|move|change|drop|loss|decline|rise")
MEAN_RET = cue(r"平均(?:每)?日收益|日均收益|平均收益率|average daily return|mean daily return|average return")
# 几天的收盘价 / 这几天里: a few days, not a count of them
COUNT = cue(r"多少天|(?<![这那近前后头])几天(?![的里内中来])|多少个交易日|几个交易日|多少交易日|天数|多少日|几日|"
            r"次数|多少次|几次|"
            r"(?:交易日|天|日子)(?:的)?(?:数量|总数|个数)|"  # 高于12.5元的交易日数量是多少
            r"(?:交易日|天|日子)[有共一]{0,3}"
            r"(?:多少|几)个?|how many (?:[\w-]+ ){0,3}(?:days|sessions)|number of (?:[\w-]+ ){0,3}days|how many times|"
            r"how often|count the days|days did")
WHICH_DAY = cue(r"哪一天|哪天|哪个交易日|哪一个交易日|哪日|什么时候|何时|哪一日|日期是|是哪|which (?:trading )?day|"
                r"what day|(?:best|worst|biggest|strongest|weakest) (?:trading )?(?:day|session)|"
                r"which date|what date|\bwhen\b|on what date|the date (?:of|on which|when)")
NET = cue(r"净流入|净流出|net inflow|net flow|net outflow")
DIFF = cue(r"相差|差额|差值|之差|的差(?!不多)|差多少|差距|价差|减去|减掉|(?<=\s)差(?:额|值|是|为|多少)?|高多少|低多少|"
           r"多多少|少多少|高出|"
           r"低出|多出|difference|minus|gap|spread|"
           r"how much (?:higher|lower|more|less)|"
           r"(?<!之)比(?!值|率|例).{0,16}?(?:高|低|多(?!少)|(?<!多)少|涨|跌|升|降|增|减)")  # not 之比, not 多少
RATIO = cue(r"比值|比率|之比|倍|ratio|times|divided by")
UP = cue(r"上涨|收涨|收阳|阳线|涨的|红盘|上升|走高|up days?|\brise\b|rises|rose|gained|closed up|went up|advanced?|"
         r"positive|higher close|increased?|(?<=\s)up\b(?!\s+to\b)|higher than (?:the )?(?:day before|previous|prior)|"
         r"高于前一(?:个)?(?:天|日|交易日)|比前一(?:个)?(?:天|日|交易日)高")
DOWN = cue(r"下跌|收跌|收阴|阴线|跌的|绿盘|下降|走低|down days?|\bfall\b|falls|fell|declined?|dropped|drop|closed down|"
           r"went down|negative|lower close|decreased?|(?<=\s)down\b(?!\s+to\b)|"
           r"lower than (?:the )?(?:day before|previous|prior)|"
           r"低于前一(?:个)?(?:天|日|交易日)|比前一(?:个)?(?:天|日|交易日)低")
# 差值最大 / the largest difference over a window: the largest gap between any two of its values, max − min
LARGEST_DIFF = r"差值最大|最大(?:的)?差值|差额最大|最大(?:的)?差额|(?:largest|biggest|greatest) difference"
# with these it is the change from one day to the next instead: the largest rise, or the largest move either way?
DAY_TO_DAY = cue(r"相邻|前后两[天日]|前一(?:交易)?[天日]|逐日|日环比|环比|day.to.day|from one day to the next|"
                 r"consecutive days|previous day")
AGG = [("range", cue(r"极差|波动范围|最高.{0,8}最低.{0,6}差|最大值.{0,4}最小值.{0,4}差|\brange\b|" + LARGEST_DIFF + "|"
                     r"difference between (?:the )?(?:highest|max\w*) and (?:the )?(?:lowest|min\w*)|"
                     r"max minus min|"
                     r"high.low spread")),
       ("mean", cue(r"平均|均值|均价|日均|average|mean")),
       ("median", cue(r"中位数|median")),
       ("sum", cue(r"总和|合计|总计|累计|一共|总共|之和|总成交|总额|总量|加总|总\s{2,}|\bsum\b|\btotal\b|cumulative|"
                   r"altogether|"
                   r"combined")),
       ("max", cue(r"最高|最大|最多|峰值|高点|highest|maximum|\bmax\b|peak|largest|biggest|most|top")),
       ("min", cue(r"最低|最小|最少|低点|lowest|minimum|\bmin\b|smallest|least|bottom"))]
RANGE_SEP = cue(r"^\s*(?:到|至|~|-|－|—|–|to|until|through|and|与|和|跟)\s*$")
WHOLE = cue(r"这段时间|期间|区间|整个|全部|所有|表中|表格|整段|this period|the period|over the period|entire|whole|"
            r"all (?:the )?days|in the table")
COMPARE = [("ge", r"不低于|不少于|至少|大于等于|大于或等于|≥|>=|at least|no less than|at or above|at or over|"
                 r"equal to or (?:greater|more|higher) than"),
           ("le", r"不高于|不超过|至多|小于等于|小于或等于|≤|<=|at most|no more than|at or below|at or under|"
                 r"equal to or (?:less|lower) than"),
           ("gt", r"高于|超过|大于|多于|突破|站上|在.{0,2}之上|above|over|more than|greater than|higher than|"
                  r"exceed(?:ed|s|ing)?|>"),
           ("lt", r"低于|小于|少于|不到|跌破|below|under|less than|lower than|<")]
NUM = r"([+\-−]?\d+(?:,\d{3})*(?:\.\d+)?)\s*(万亿|亿|万|千|k|m|million|billion|bn)?\s*(%|元|美元|港元|手|股)?"
SCALE = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3, "k": 1e3, "m": 1e6, "million": 1e6, "billion": 1e9, "bn": 1e9}


@dataclass
class Plan:
    op: str
    table: Table
    lang: str
    form: phrases.Form
    key: str = "close"
    window: Window | None = None
    rows: list[int] = field(default_factory=list)  # explicit dates as table rows, in mention order
    fn: str = ""
    a: float = 0.0
    b: float = 0.0
    key2: str | None = None
    table2: Table | None = None
    buy_rule: str = "date"
    sell_rule: str = "date"
    buy_key: str = "close"
    sell_key: str = "close"
    trade: Trade | None = None
    want: str = "return"
    mode: str = ""
    period: PeriodCell | None = None  # a value the table reports for a whole period
    absolute: bool = False  # 相差 / difference between: the size of the gap, not its sign
    each_date: tuple[dt.date, dt.date] | None = None  # two instruments, each on its own date (table, table2)
    ddof: int = 1  # a standard deviation's divisor n - ddof: 1 sample (also volatility), 0 population
    pair: Any = None  # pairs.PairSpec of a two-instrument trade (typed there: that module imports this one)
    notes: list[str] = field(default_factory=list)


def language(text: str) -> str:
    return "zh" if re.search(r"[\u4e00-\u9fff]", text) else "en"


def threshold(text: str) -> tuple[str, float, float] | None:
    """(condition, a, b) from "above 35", "收盘价高于35元", "35元以上", "between 30 and 35", "在30到35之间"."""
    if re.search(r"为正|是正|正值|大于零|positive", text, re.IGNORECASE):
        return "gt", 0.0, 0.0
    if re.search(r"为负|是负|负值|小于零|negative", text, re.IGNORECASE):
        return "lt", 0.0, 0.0
    m = re.search(r"(?:between|介于|在)\s*" + NUM + r"\s*(?:and|到|至|和|与|-|~)\s*" + NUM + r"\s*(?:之间|之内|区间)?",
                  text, re.IGNORECASE)
    if m and (m.group(0).lower().startswith(("between", "介于")) or re.search(r"之间|之内|区间", m.group(0)) or
              re.match(r"的(?:天数|交易日|日子)|的有", text[m.end():])):  # 收盘价在175美元至180美元的天数
        return "between", _num(m.group(1), m.group(2)), _num(m.group(4), m.group(5))
    for cond, words in COMPARE:
        m = re.search(r"(?:" + words + r")\s*(?:[^\d\s+\-−]{0,12}?)\s*" + NUM, text, re.IGNORECASE)
        if m:
            return cond, _num(m.group(1), m.group(2)), 0.0
    m = re.search(NUM + r"\s*(以上|以下|or more|or above|or less|or below)", text, re.IGNORECASE)
    if m:
        return ("ge" if m.group(4) in ("以上", "or more", "or above") else "le"), _num(m.group(1), m.group(2)), 0.0
    return None


def _num(token: str, scale: str | None) -> float:
    return float(token.replace(",", "").replace("−", "-")) * SCALE.get((scale or "").lower(), 1.0)


THESE_N_DAYS = re.compile(r"这\s*(\d+|[一两二三四五六七八九十]+)\s*个?(?:交易日|天)")


def window_for(text: str, t: Table, refs: list[DateRef], lang: str) -> Window | None:
    """The window (None: the whole table); "这四天" must count the window's rows, else it is asked back."""
    w = _window_for(text, t, refs, lang)
    m = THESE_N_DAYS.search(text)
    said = phrases.small_int(m.group(1)) if m else None
    rows = (w.end - w.start + 1) if w is not None else len(t.dates)
    named = len({r.date for r in refs if r.date is not None})
    if said is not None and said != rows:
        if said == named == 2 and (DIFF.search(text) or RATIO.search(text)):
            return w  # 9月2日和9月6日这两天的收盘价相差多少: the two days named, compared
        if said == named:  # 5月6日、5月8日、5月10日这三天的平均: those days only, not the rows between them
            raise Ask("clarify", "window", "只按所列的几天（而不是它们之间的每个交易日）计算，我暂时做不到："
                      "请给出起止日期，或逐日询问。" if lang == "zh" else "A statistic of only the listed days (not "
                      "every day between them) is not supported: give a start and end date, or ask day by day.")
        raise Ask("clarify", "window", f"“这{m.group(1)}天”是哪几天？这段数据有 {rows} 个交易日，请给出起止日期。"
                  if lang == "zh" and m else f"Which {said} days? The period holds {rows} trading days; please give "
                  "the start and end dates.")
    return w


def _window_for(text: str, t: Table, refs: list[DateRef], lang: str) -> Window | None:
    """An explicit window: A 到 B / from A to B / between A and B, a named month, or the last/first N days."""
    for a, b in itertools.pairwise(refs):
        gap = text[a.end:b.pos]
        if RANGE_SEP.match(gap.replace("日", "").replace("号", "")) and a.date and b.date:
            return window_of(t, a.date, b.date, lang)
    if len(refs) >= 2 and re.search(r"从|from|between|期间|之间|during", text, re.IGNORECASE) and refs[0].date \
            and refs[-1].date:
        return window_of(t, refs[0].date, refs[-1].date, lang)
    day = refs[0].date if len(refs) == 1 else None
    if day is not None:
        r = refs[0]
        if SINCE_AFTER.match(text[r.end:r.end + 8]) or SINCE_BEFORE.search(text[max(0, r.pos - 10):r.pos]):
            return window_of(t, day, t.dates[-1], lang)
        if UNTIL_BEFORE.search(text[max(0, r.pos - 10):r.pos]):
            start = day.replace(day=1) if THIS_MONTH.search(text) else t.dates[0]
            return window_of(t, start, day, lang)
    m = TEN_DAYS.search(text)
    if m:
        month = phrases.small_int(m.group(1))
        lo = {"上": 1, "中": 11, "下": 21}[m.group(2)]
        rows = [i for i, d in enumerate(t.dates) if d.month == month and lo <= d.day <= (lo + 9 if lo < 21 else 31)]
        if not rows:
            raise Ask("clarify", "out_of_range", "表中没有这段时间的数据。")
        return Window(rows[0], rows[-1])
    if VAGUE_WINDOW.search(text):
        raise Ask("clarify", "window", "请给出具体的起止日期（例如 9月2日到9月6日）。" if lang == "zh" else
                  "Please give the exact start and end dates (e.g. Sep 2 to Sep 6).")
    if FIRST_TO_LAST.search(text):
        return Window(0, len(t.dates) - 1)
    n = phrases.n_days(text)
    if n is not None:
        kind, k = n
        if k > len(t.dates):
            raise Ask("clarify", "out_of_range", f"表中只有 {len(t.dates)} 个交易日。" if lang == "zh" else
                      f"The table has only {len(t.dates)} trading days.")
        return Window(len(t.dates) - k, len(t.dates) - 1) if kind == "last" else Window(0, k - 1)
    spanned = _month_range(text, t, lang)
    if spanned is not None:
        return spanned
    months = phrases.months(text)
    if months and not any(r.date and r.date.month == months[0][0] for r in refs):
        month, year = months[0]
        years = {d.year for d in t.dates if d.month == month}
        if year is None and len(years) > 1:
            raise Ask("clarify", "which_year", f"表中有多个年份的{month}月，请写明年份。" if lang == "zh" else
                      f"The table has month {month} in several years; which year?")
        rows = [i for i, d in enumerate(t.dates) if d.month == month and (year is None or d.year == year)]
        if not rows:
            raise Ask("clarify", "out_of_range", f"表中没有{month}月的数据。" if lang == "zh" else
                      f"The table has no rows in month {month}.")
        return Window(rows[0], rows[-1])
    return None


MONTH_RANGE = re.compile(r"(?<![\d月])(?:(\d{4})\s*年)?\s*(\d{1,2})\s*月份?\s*(?:至|到|~|-|－|—)\s*(?:(\d{4})\s*年)?"
                         r"\s*(\d{1,2})\s*月份?(?!\s*\d{1,2}\s*[日号])")


def _month_range(text: str, t: Table, lang: str) -> Window | None:
    """2024年3月至2024年4月: the first row of the first month to the last row of the second (inclusive)."""
    m = MONTH_RANGE.search(text)
    if m is None:
        return None
    m1, m2 = int(m.group(2)), int(m.group(4))
    y1 = int(m.group(1)) if m.group(1) else None
    y2 = int(m.group(3)) if m.group(3) else y1
    if y1 is None:
        years = {d.year for d in t.dates}
        if len(years) != 1:
            raise Ask("clarify", "which_year", "请写明年份。" if lang == "zh" else "Which year?")
        y1 = y2 = years.pop()
    assert y2 is not None
    if not (1 <= m1 <= 12 and 1 <= m2 <= 12) or (y2, m2) < (y1, m1):
        return None
    rows = [i for i, d in enumerate(t.dates) if (y1, m1) <= (d.year, d.month) <= (y2, m2)]
    if not rows:
        raise Ask("clarify", "out_of_range", "表中没有这段时间的数据。" if lang == "zh" else "No rows in that period.")
    return Window(rows[0], rows[-1])


FIRST_TO_LAST = cue(r"(?:from|between) (?:the |its )?(?:first|beginning|start)(?: day)? (?:to|and|until) (?:the |its )?"
                    r"(?:last|end|final)|从头到尾|首尾")
SINCE_AFTER = cue(r"^\s*(?:以来|至今|起至今|开始至今|到现在|到今天|到目前|起到现在|onwards?|to date|until now|"
                  r"till now)")
SINCE_BEFORE = cue(r"(?:\bsince|自从?|从)\s*$")
UNTIL_BEFORE = cue(r"(?:截至|截止到?|截止至|as of|up to|until|through|till)\s*$")
THIS_MONTH = cue(r"本月|当月|这个月|month.to.date|this month|mtd")
TEN_DAYS = re.compile(r"(\d{1,2}|十[一二]?|[一二三四五六七八九])\s*月份?\s*([上中下])旬")
VAGUE_WINDOW = cue(r"第[一二三四五六七八九十\d]+周|上周|本周|这周|下周|上个月|本季度|季度|年初至今|今年以来|半年|"
                   r"一周|近一个月|"
                   r"\bweek\b|quarter|\bytd\b|year.to.date|this year|last month|past month|half.year")


def normalise(question: str) -> tuple[str, phrases.Form]:
    form, text = phrases.take_form(normalise_digits(question))
    return text.replace("，", ", ").replace("？", "? ").replace("：", ": ").replace("（", "(").replace("）", ")"), form
