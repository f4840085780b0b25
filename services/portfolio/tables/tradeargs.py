"""Trade arguments from a question: share count or amount, lot size, commission, stamp duty, financing rate,
day-count basis, leverage, borrowed amount and own capital."""

from __future__ import annotations

import re

from services.common.text.extract import extract
from services.portfolio.tables.phrases import NUMBER, rate_of
from services.portfolio.tables.trading import Trade

_FEE = re.compile(r"佣金|手续费|交易费|费率|commission|fee", re.IGNORECASE)
_STAMP = re.compile(r"印花税|stamp", re.IGNORECASE)
_RATE = re.compile(r"融资利率|年化利率|年利率|利率|利息|年化|interest|financing rate|margin rate|\brate\b",
                   re.IGNORECASE)
_LEVERAGE = [
    (re.compile(r"(" + NUMBER + r")\s*倍(?:杠杆)?|杠杆(?:率|倍数)?\s*(?:为|是|of)?\s*(" + NUMBER + r")\s*倍?"), 1.0),
    (re.compile(r"(" + NUMBER + r")\s*[x×]\s*(?:leverage|杠杆)|leverage (?:ratio )?(?:of )?(" + NUMBER + r")\s*[x×]?",
                re.IGNORECASE), 1.0),
]
_ONE_TO = re.compile(r"1\s*[:：比]\s*(" + NUMBER + r")\s*(?:配资|杠杆|融资)")
_MARGIN_RATIO = re.compile(r"(?:保证金比例|保证金率|margin requirement|initial margin)\D{0,6}(" + NUMBER + r")\s*%",
                           re.IGNORECASE)
_LOT = re.compile(r"整手|按手|lots? of (\d+)|round lots?|board lots?|每手\s*(\d+)\s*股|一手\s*(\d+)\s*股|"
                  r"(\d+)\s*股一手|"
                  r"lot size (?:of )?(\d+)", re.IGNORECASE)
_OWN = re.compile(r"自有|本金|自己的钱|保证金|own (?:money|capital|funds)|equity|my own|capital of", re.IGNORECASE)
_BORROW = re.compile(r"融资|借|borrow|loan", re.IGNORECASE)
_FEE_MIN = re.compile(r"(?:最低|最少|不足.{0,6}按|min(?:imum)?(?: of)?)\s*(?:收取)?\s*[$¥￥]?\s*(" + NUMBER + r")\s"
                                                                                                              r"*(?:元|美元|港元|dollars?)?",
                      re.IGNORECASE)


_PER_SHARE = re.compile(r"每股(?:能|可以|会)?(?:赚|亏|挣|赔|盈利|亏损|损失)|per share|(?:on|for) each share|a share\b",
                        re.IGNORECASE)
_SCALED_SHARES = re.compile(r"(\d+(?:\.\d+)?)\s*([万千百])\s*(股|手)")


def _after(pattern: re.Pattern[str], text: str, width: int = 16) -> str | None:
    m = pattern.search(text)
    return text[m.end(): m.end() + width] if m else None


def _in_a_name(token: str, currency: str, following: str) -> bool:
    """A bare Chinese-numeral 'amount' (no digit, no currency) glued to the next ideograph is part of a name."""
    return not currency and not re.search(r"\d", token) and bool(re.match(r"[\u4e00-\u9fff]", following))


def trade_args(text: str, lang: str) -> tuple[Trade, bool]:
    """The Trade and whether the question sized a position (shares or money)."""
    ex = extract(text)
    shares = ex.shares[0].count if ex.shares else None
    scaled = _SCALED_SHARES.search(text)  # 1万股 / 2千股 / 1.5万手: a scale word the shared extractor leaves as money
    if scaled:
        shares = float(scaled.group(1)) * {"万": 1e4, "千": 1e3, "百": 1e2}[scaled.group(2)] * \
            (100 if scaled.group(3) == "手" else 1)
    amount = borrowed = None
    for money in ex.money:
        if scaled and money.start <= scaled.start() < money.end + 1:
            continue  # 1万股 is a share count, not 10000 yuan
        if _in_a_name(money.text, money.currency, text[money.end: money.end + 1]):
            continue  # 三一重工, 五粮液: Chinese numerals inside a name, not an amount
        before = text[max(0, money.start - 8): money.start]
        if _FEE_MIN.search(text[max(0, money.start - 10): money.end + 1]) or _FEE.search(before):
            continue
        if _BORROW.search(before) and not _OWN.search(before):
            borrowed = money.value
        elif amount is None:
            amount = money.value
    if amount is None and shares is None:
        m = re.search(r"(?:用|拿|投入|投资|买入|invest(?:ed)?|put|spend|spent|with)\s*[$¥￥]?\s*(" + NUMBER +
                      r")\s*(万|k|K)?(?![\d%]|\s*(?:[月日年号时点/\-]|个?交易日))", text)  # 买入9月4日 is a date
        if m and not re.match(r"\s*(?:股|手|shares)", text[m.end():m.end() + 3]):
            amount = float(m.group(1).replace(",", "")) * {"万": 1e4, "k": 1e3, "K": 1e3}.get(m.group(2) or "", 1.0)
    if amount is None and shares is None and _PER_SHARE.search(text):
        shares = 1.0  # 每股赚多少钱 / how much per share: the trade of one share
    fee_seg, stamp_seg, rate_seg = _after(_FEE, text), _after(_STAMP, text), _after(_RATE, text, 20)
    m_rate = _RATE.search(text)
    if m_rate and (rate_seg is None or rate_of(rate_seg) is None):  # "a 6% financing rate": the number comes first
        rate_seg = text[max(0, m_rate.start() - 12): m_rate.start()]
    fee_rate = rate_of(fee_seg) if fee_seg else None
    m_fee = _FEE.search(text)
    if m_fee and fee_rate is None:  # 万分之三佣金: the rate comes first
        fee_seg = text[max(0, m_fee.start() - 10): m_fee.start()]
        fee_rate = rate_of(fee_seg)
    m_min = _FEE_MIN.search(text)
    lot_m = _LOT.search(text)
    lot = None
    if lot_m:
        lot = int(next((g for g in lot_m.groups() if g), 100))
    rate = rate_of(rate_seg) if rate_seg else None
    if rate is None and _BORROW.search(text):
        pcts = [pc for pc in ex.percents if not _FEE.search(text[max(0, pc.start - 8): pc.start])]
        rate = pcts[0].value / 100 if pcts else None
    basis = 360 if re.search(r"360\s*(?:天|日|days?)|act/360|/360|按360", text, re.IGNORECASE) else 365
    return Trade(shares=shares, amount=amount, lot=lot, fee_rate=fee_rate or 0.0,
                 fee_min=float(m_min.group(1).replace(",", "")) if m_min and fee_seg else 0.0,
                 stamp_rate=_stamp(text, stamp_seg), fee_flat=_flat_fee(text), leverage=_leverage(text),
                 borrowed=borrowed, rate=rate, basis=basis), shares is not None or amount is not None


def _stamp(text: str, after: str | None) -> float:
    """印花税千分之一 or 千分之一的印花税: the rate after the keyword, else just before it."""
    rate = rate_of(after) if after else None
    m = _STAMP.search(text)
    if rate is None and m:
        rate = rate_of(text[max(0, m.start() - 10): m.start()])
    return rate or 0.0


_FLAT_FEE = re.compile(
    r"[$¥￥]\s*(" + NUMBER + r")\s*(?:commission|fee)|"
    r"(?:每笔|每次)(?:交易)?\s*(?:手续费|佣金)?\s*(" + NUMBER + r")\s*元|"
    r"(?:commission|fee) of [$¥￥]?\s*(" + NUMBER + r")\s*(?:per trade|a trade|each way|per side)", re.IGNORECASE)


def _flat_fee(text: str) -> float:
    """A fixed fee per trade ($5 commission per trade, 每笔5元)."""
    m = _FLAT_FEE.search(text)
    return float(next(g for g in m.groups() if g).replace(",", "")) if m else 0.0


def _leverage(text: str) -> float | None:
    m = _ONE_TO.search(text)
    if m:
        return 1 + float(m.group(1))
    m = _MARGIN_RATIO.search(text)
    if m:
        return 100 / float(m.group(1))
    for pattern, _ in _LEVERAGE:
        m = pattern.search(text)
        if m:
            tok = next(g for g in m.groups() if g)
            return float(tok.replace(",", ""))
    return None
