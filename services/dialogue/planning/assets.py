"""Named assets: the names people use for the shipped instruments (indices, stocks, ETFs) in Chinese and English,
mapped to the instrument ids portfolio-tool knows; names the platform has no data for are recognised too, so the
answer can say exactly what is available instead of guessing. Also the weights a mix is written with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from services.common.text.extract import Extraction

_I = re.IGNORECASE
# instrument id -> the names it goes by (the id itself and bare tickers are found by extraction)
ALIASES: dict[str, str] = {
    "000001.SH": r"上证综合指数|上证综指|上证指数|沪指|大盘指数|sse composite|shanghai composite|"
                 r"shanghai (?:stock )?index",
    "600036.SH": r"招商银行|招行|china merchants bank",
    "600085.SH": r"同仁堂|tongrentang|tong ren tang",
    "600809.SH": r"山西汾酒|汾酒|fenjiu",
    "002594.SZ": r"比亚迪|\bbyd\b",
    "HSI.HK": r"恒生指数|恒生|恒指|hang ?seng|\bhsi\b",
    "00700.HK": r"腾讯控股|腾讯|tencent",
    "SP500": r"标普500|标普五百|标普|s&p ?500|s&p|\bsp ?500\b|spx",
    "AAPL": r"苹果|apple",
    "MSFT": r"微软|microsoft",
    "AMD": r"超威|\bamd\b|advanced micro devices",
    "BAC": r"美国银行|bank of america|\bbofa\b",
    "BBY": r"百思买|best buy",
    "CVX": r"雪佛龙|chevron",
    "GE": r"通用电气|general electric",
    "HD": r"家得宝|home depot",
    "JNJ": r"强生|johnson ?(?:&|and) ?johnson|\bj&j\b",
    "JPM": r"摩根大通|jp ?morgan",
    "KO": r"可口可乐|coca[- ]cola|\bcoke\b",
    "LLY": r"礼来|eli lilly|\blilly\b",
    "MRK": r"默沙东|默克|\bmerck\b",
    "PEP": r"百事|pepsi(?:co)?",
    "PFE": r"辉瑞|pfizer",
    "PG": r"宝洁|procter|p&g",
    "RRC": r"range resources",
    "UNH": r"联合健康|unitedhealth",
    "WMT": r"沃尔玛|walmart|wal-mart",
    "XOM": r"埃克森美孚|埃克森|exxon(?:mobil)?",
    # the US factor ETFs by what they hold
    "MTUM": r"momentum (?:factor )?etf|动量(?:因子)?etf",
    "USMV": r"min(?:imum)?[- ]vol(?:atility)? (?:factor )?etf|低波(?:动)?(?:因子)?etf",
    "QUAL": r"quality (?:factor )?etf|质量(?:因子)?etf",
    "VLUE": r"value (?:factor )?etf|价值(?:因子)?etf",
    "SIZE": r"size (?:factor )?etf|规模(?:因子)?etf",
}
_ALIAS_RE = [(iid, re.compile(p, _I)) for iid, p in ALIASES.items()]
# The catalogue portfolio-tool ships (services/portfolio/data/instruments.csv): id -> price currency. A ticker or
# code outside it is answered with what is shipped, never sent to a tool that would fail on it.
SHIPPED: dict[str, str] = {
    **{i: "CNY" for i in ("000001.SH", "600036.SH", "600085.SH", "600809.SH", "002594.SZ")},
    **{i: "HKD" for i in ("HSI.HK", "00700.HK")},
    **{i: "USD" for i in ("SP500", "MTUM", "QUAL", "SIZE", "USMV", "VLUE", "AAPL", "AMD", "BAC", "BBY", "CVX", "GE",
                          "HD", "JNJ", "JPM", "KO", "LLY", "MRK", "MSFT", "PEP", "PFE", "PG", "RRC", "UNH", "WMT",
                          "XOM")},
}
_BARE = {i.split(".")[0]: i for i in SHIPPED}  # 600036 -> 600036.SH, 00700 -> 00700.HK


def shipped_id(token: str) -> str:
    """The catalogue id of a code or ticker as written ("600036", "00700.HK", "aapl"), or "" when not shipped."""
    up = token.upper()
    return up if up in SHIPPED else _BARE.get(up.split(".")[0], "")


def currency_of(instrument: str) -> str:
    return SHIPPED.get(shipped_id(instrument), "")


# Names people use that have no shipped data: recognised, so the answer can say what the platform has instead.
_NO_DATA_STOCKS = (
    r"贵州茅台|茅台|五粮液|阿里巴巴|阿里|特斯拉|英伟达|亚马逊|谷歌|宁德时代|中国平安|平安银行|平安|小米|美团|京东|拼多多|"
    r"工商银行|工行|建设银行|建行|农业银行|中国银行|中石油|中石化|"
    r"tesla|nvidia|amazon|google|alphabet|alibaba|\bmeta\b|facebook|netflix|berkshire|"
    r"samsung|toyota|jd\.com|pinduoduo|xiaomi|meituan"
)
NO_DATA_STOCK = re.compile(_NO_DATA_STOCKS, _I)
NO_DATA = re.compile(
    r"沪深300|沪深三百|中证500|中证1000|上证50|创业板|科创50|深证成指|深成指|恒生科技|纳斯达克|纳指|道琼斯|道指|日经|"
    r"国债|国库券|美债|可转债|黄金|白银|原油|比特币|以太坊|货币基金|余额宝|"
    + _NO_DATA_STOCKS + r"|"
    r"csi ?300|csi ?500|nasdaq|dow jones|\bdow\b|russell ?2000|nikkei|ftse|stoxx|treasur(?:y|ies)|"
    r"government bonds?|\bgold\b|\bsilver\b|crude|\boil\b|bitcoin|ethereum|money market",
    _I,
)
SHIPPED_SUMMARY = {  # no bare numbers: an answer writes only computed or user figures
    "zh": "上证综合指数、恒生指数、标普指数（SP500），招商银行、同仁堂、山西汾酒、比亚迪、腾讯控股，"
          "美股 AAPL、MSFT、AMD、JPM、XOM、KO、PG、WMT 等个股，以及 MTUM、QUAL、SIZE、USMV、VLUE 五只美股 ETF",
    "en": "the SSE Composite, Hang Seng and S&P indices (SP500); China Merchants Bank, Tongrentang, Shanxi Fenjiu, "
          "BYD and Tencent; US stocks such as AAPL, MSFT, AMD, JPM, XOM, KO, PG and WMT; and the US ETFs MTUM, QUAL, "
          "SIZE, USMV and VLUE",
}


@dataclass(frozen=True)
class Mention:
    instrument: str
    start: int
    end: int


def mentions(ex: Extraction) -> list[Mention]:
    """Shipped instruments named in the text, by id, code, ticker or common name, in the order written."""
    text = ex.text
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for iid, pattern in _ALIAS_RE:
        for m in pattern.finditer(text):
            if not any(s < m.end() and m.start() < e for s, e in taken):
                found.append(Mention(iid, m.start(), m.end()))
                taken.append((m.start(), m.end()))
    hk = [m.group(1) for m in re.finditer(r"(?<![\d.])(0\d{4})(?:\.hk)?(?!\d)", text, _I)]  # 00700.HK
    for token in ex.codes + ex.tickers + hk:
        if not shipped_id(token):
            continue  # not in the catalogue: unshipped() names it
        for m in re.finditer(re.escape(token.split(".")[0]), text):
            if not any(s < m.end() and m.start() < e for s, e in taken):
                found.append(Mention(token, m.start(), m.end()))  # as written: the tools resolve it
                taken.append((m.start(), m.end()))
                break
    found.sort(key=lambda x: x.start)
    unique: dict[str, Mention] = {}
    for mention in found:
        unique.setdefault(mention.instrument, mention)
    return list(unique.values())


_ACCOUNTS = {"IRA", "HSA", "ROTH", "HELOC", "SEP", "FSA", "ESG", "FX", "ATM", "KYC", "AML", "SEC", "FINRA", "CSRC",
             "REIT", "REITS", "OTC", "LLC", "FAQ", "PDF", "URL", "SMS", "APP", "VIP", "CEO", "CFO"}
_CODE_CUE = re.compile(r"(?:代码|基金|股票|ETF|code|fund|ticker|stock)\W{0,3}\w{0,6}\s*$", _I)


def unshipped(ex: Extraction) -> list[str]:
    """Codes and tickers written that the catalogue does not have ("TSLA", "510300.SH"), not part of a shipped
    name: a ticker standing as a word (not inside encoded text, not an account or agency acronym), a code with its
    exchange or a code word before it."""
    text = ex.text
    found = []
    names = [(m.start(), m.end()) for _, p in _ALIAS_RE for m in p.finditer(text)]  # "SSE" of "SSE Composite"
    for t in ex.tickers:
        at = text.find(t)
        around = text[max(0, at - 1): at] + text[at + len(t): at + len(t) + 1]
        dollar = text[max(0, at - 1): at] == "$"
        if shipped_id(t) or t.upper() in _ACCOUNTS or re.search(r"[\d+/=\\]", around) or (len(t) < 3 and not dollar):
            continue
        if any(s <= at < e for s, e in names):
            continue
        found.append(t)
    for c in ex.codes:
        at = text.find(c.split(".")[0])
        if not shipped_id(c) and ("." in c or _CODE_CUE.search(text[max(0, at - 12): at])):
            found.append(c)
    found = [n for n in found if not any(p.search(n) for _, p in _ALIAS_RE)]
    return found if len(found) <= 4 else []  # a run of capitals is encoded text or a table, not holdings


def unknown_names(text: str, ex: Extraction | None = None) -> list[str]:
    """Names of instruments the platform has no data for: common names, and (given the extraction) unshipped
    codes and tickers."""
    found = [m.group(0) for m in NO_DATA.finditer(text)] + (unshipped(ex) if ex is not None else [])
    return list(dict.fromkeys(found))


_MONTH_NAMES = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_SINCE_EN = re.compile(r"\b(?:since|from|starting(?: (?:from|in))?|beginning(?: in)?|after)\s+(?:(?:the )?(?:start|"
                       r"beginning) of\s+)?(?:(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+)?"
                       r"(?P<y>(?:19|20)\d\d)\b", _I)
_SINCE_ZH = re.compile(r"(?P<y>(?:19|20)\d\d)\s*年(?:\s*(?P<m>\d{1,2})\s*月份?)?(?:初)?\s*"
                       r"(?:以来|开始|起|至今|到现在|之后|以后)|"
                       r"(?:从|自)\s*(?P<y2>(?:19|20)\d\d)\s*年(?:\s*(?P<m2>\d{1,2})\s*月)?")


def window_start(ex: Extraction) -> str:
    """The first day of the window the user asks an analysis over ("since 2016", "从2018年开始", "2017年3月以来",
    "since 2019-06-01"), as an ISO date; "" when none is named."""
    text = ex.text
    for d in ex.dates:
        before, after = text[max(0, d.start - 16): d.start], text[d.end: d.end + 6]
        if re.search(r"since|from|starting|after|从|自", before, _I) or re.match(r"\s*(?:以来|开始|起|至今|之后)",
                                                                                after):
            return d.date.isoformat()
    m = _SINCE_EN.search(text)
    if m:
        return f"{m['y']}-{_MONTH_NAMES[m['mon'][:3].lower()] if m['mon'] else 1:02d}-01"
    z = _SINCE_ZH.search(text)
    if z:
        month = int(z["m"] or z["m2"] or 1)
        return f"{z['y'] or z['y2']}-{month:02d}-01" if 1 <= month <= 12 else ""
    return ""


def by_currency(instruments: list[str]) -> dict[str, list[str]]:
    """Holdings grouped by the currency their prices are in, in the order first named."""
    groups: dict[str, list[str]] = {}
    for i in instruments:
        groups.setdefault(currency_of(i) or "?", []).append(i)
    return groups


_RATIO = re.compile(r"(?<![\d.])(\d{1,2})\s*(?:/|:|：|比)\s*(\d{1,2})(?![\d.%])|"
                    r"([一二三四六七八九])([一二三四六七八九])开")  # 6:4, 70/30, 七三开
_CN_DIGIT = {c: float(i) for i, c in enumerate("零一二三四五六七八九")}
_TENTHS = re.compile(r"(?<!首付)(?<!首付比例)([一二三四五六七八九])成")
_THIRDS = re.compile(r"\b(?:two|one|a) thirds?\b|三分之[一二]", _I)
_EQUAL = re.compile(r"五五开|各一半|一半一半|各半|各占一半|平均|等权|均分|equal(?:ly)?[- ]weight|evenly|equally|"
                    r"50/50|half (?:and|each)|half .{1,24} half|一半.{1,12}一半|"
                    r"split (?:it )?(?:evenly|equally)", _I)
_FAVOUR = re.compile(r"(?:in favou?r of|tilted to(?:wards)?|偏向|多配|侧重)\s*(\S+)", _I)


def weights(ex: Extraction, held: list[Mention]) -> list[float] | None:
    """The weights written for ``held`` (fractions summing to 1), or None when none are written (or unclear)."""
    n = len(held)
    if n == 0:
        return None
    pcts = [p for p in ex.percents if not re.search(r"var|置信|confidence", ex.text[p.end: p.end + 8], _I)]
    tenths = [_CN_DIGIT[c] for c in _TENTHS.findall(ex.text.replace("两", "二"))]  # 苹果六成、腾讯四成
    thirds = _THIRDS.findall(ex.text)
    if n > 1 and len(pcts) == n:
        raw = [p.value for p in pcts]
    elif n > 1 and len(tenths) == n:
        raw = tenths
    elif n == 2 and len(thirds) == 2:  # "two thirds X, one third Y"
        raw = [2.0 if t.lower().startswith("two") or t.startswith("三分之二") else 1.0 for t in thirds]
    elif n > 1 and len(pcts) == n - 1 and sum(p.value for p in pcts) < 100:
        raw = [p.value for p in pcts] + [100 - sum(p.value for p in pcts)]  # "Add CVX at 50%": the rest
    elif n == 2 and (r := _RATIO.search(ex.text)):
        raw = ([float(r.group(1)), float(r.group(2))] if r.group(1)
               else [_CN_DIGIT[r.group(3)], _CN_DIGIT[r.group(4)]])  # 七三开 = 70/30
        fav = _FAVOUR.search(ex.text)
        if fav and any(fav.group(1).upper().startswith(m.instrument.split(".")[0][:3]) for m in held[1:]):
            raw = sorted(raw)  # "70/30 in favour of the second": the larger weight goes to it
    elif n > 1 and _EQUAL.search(ex.text):
        raw = [1.0] * n
    else:
        return None
    total = sum(raw)
    return [w / total for w in raw] if total > 0 else None
