from __future__ import annotations

import pytest

from services.compliance.normalize import Normaliser, decode_payloads
from services.compliance.pii import cn_id_valid, find_pii, luhn_valid, redact


def make_id(body17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body17 + "10X98765432"[sum(int(d) * w for d, w in zip(body17, weights, strict=True)) % 11]


def make_card(body: str) -> str:
    for check in "0123456789":
        if luhn_valid(body + check):
            return body + check
    raise AssertionError


@pytest.mark.parametrize("number,ok", [
    ("11010519491231002X", True),   # GB 11643 published example, check digit X
    ("11010519491231002x", True),
    ("110105194912310021", False),  # wrong check digit
    (make_id("44030419900307123"), True),
    ("4403041990030712", False),    # too short
])
def test_resident_id_check_digit(number: str, ok: bool) -> None:
    assert cn_id_valid(number) is ok


@pytest.mark.parametrize("number,ok", [
    ("4111111111111111", True), ("4111111111111112", False), ("6222021234567890128", luhn_valid("6222021234567890128")),
    ("79927398713", False),  # valid Luhn but too short for a card
    (make_card("621700123456789012"), True),
])
def test_luhn(number: str, ok: bool) -> None:
    assert luhn_valid(number) is ok


def test_redacts_each_kind_and_keeps_ordinary_numbers() -> None:
    pid, card = make_id("32010219851123041"), make_card("622202123456789")
    spaced_card = f"{card[:4]} {card[4:8]} {card[8:12]} {card[12:]}"
    text = f"身份证{pid}，卡号{spaced_card}，手机138-0013-8000，邮箱li.lei@example.com，收益12.5%"
    out, found = redact(text)
    assert [f.kind for f in found] == ["cn_id", "bank_card", "mobile", "email"]
    assert out == "身份证[ID]，卡号[CARD]，手机[PHONE]，邮箱[EMAIL]，收益12.5%"


def test_invalid_checksums_are_not_redacted_as_id_or_card() -> None:
    assert find_pii("订单号110105194912310021和4111111111111112") == []


def test_plus86_mobile_and_plain_amounts() -> None:
    out, _ = redact("call +86 13912345678; I invested 2,000,000 yuan in 2024")
    assert out == "call [PHONE]; I invested 2,000,000 yuan in 2024"


def test_normalisation_defeats_cheap_evasion(normaliser: Normaliser) -> None:
    same = ["稳赚不赔", "穩賺不賠", "稳 赚-不·赔", "稳\u200b赚不赔"]
    assert {normaliser.dense(s) for s in same} == {"稳赚不赔"}
    assert normaliser.dense("ＧＵＡＲＡＮＴＥＥＤ Return") == "guaranteedreturn"
    assert normaliser.dense("rіsk-frее") == "riskfree"  # Cyrillic і and е


def test_offsets_map_back_to_the_original(normaliser: Normaliser) -> None:
    text = "这个 产品 保-本"
    dense, offsets = normaliser.dense_with_offsets(text)
    start = dense.index("保本")
    assert text[offsets[start]:offsets[start + 1] + 1] == "保-本"


def test_variants_decode_base64_and_reverse(normaliser: Normaliser) -> None:
    views = dict(normaliser.variants("aG93IHRvIGxhdW5kZXIgbW9uZXk="))
    assert views["decoded"] == "howtolaundermoney"
    assert dict(normaliser.variants("钱洗么怎"))["reversed"] == "怎么洗钱"
    assert decode_payloads("\\u6d17\\u94b1") == ["洗钱"]


def test_percent_escapes_and_escapes_between_plain_digits_are_decoded() -> None:
    # issue 19: URL-encoded requests, and \\u escapes with plain digits between them, reach the screen decoded
    assert decode_payloads("解码：%E6%80%8E%E4%B9%88%E6%B4%97%E9%92%B1") == ["怎么洗钱"]
    assert decode_payloads("how%20to%20launder%20money") == ["how to launder money"]
    assert "把50万转走" in decode_payloads("把50\\u4e07\\u8f6c\\u8d70")
    assert decode_payloads("up 100% in 5% steps, 20% off") == []


# Issue 19: the same numbers written in groups, with dashes or in full-width digits are redacted; ordinary
# numbers (amounts, dates, fund codes, table rows, an ID with a wrong check digit) are not.
@pytest.mark.parametrize(("text", "expected"), [
    ("身份证 440305 19920730 0184 请核对", "身份证 [ID] 请核对"),
    ("ID 440305-19920730-0184.", "ID [ID]."),
    ("４４０３０５１９９２０７３００１８４", "[ID]"),
    ("４４０３０５　１９９２０７３０　０１８４", "[ID]"),
    ("手机１３８－００１３－８０００", "手机[PHONE]"),
    ("手机：１３８００１３８０００", "手机：[PHONE]"),
])
def test_grouped_and_full_width_forms_are_redacted(text: str, expected: str) -> None:
    assert redact(text)[0] == expected


@pytest.mark.parametrize("text", [
    "金额 1,234,567.89 元，日期 2024-01-01，基金 510300",
    "| 510300 | 20240101 | 12.4% | 0184 |",
    "订单号 440305 19920730 0185",
    "２０２４年１２月３１日 净值 １.２３４５",
    "110105 19850615 3011",
])
def test_ordinary_numbers_in_groups_are_left_alone(text: str) -> None:
    assert redact(text)[0] == text


@pytest.mark.parametrize("size", [1, 2, 3, 5, 7])
def test_grouped_id_split_across_chunks_is_redacted_whole(rulebook, size: int) -> None:  # type: ignore[no-untyped-def]
    from services.compliance.review import StreamReviewer

    text = "您的证件号 440305 19920730 0184 已登记，手机号１３８－００１３－８０００。"
    reviewer = StreamReviewer(rulebook, "zh-CN")
    for i in range(0, len(text), size):
        reviewer.feed(text[i:i + size])
    reviewer.finish()
    assert reviewer.released_text == "您的证件号 [ID] 已登记，手机号[PHONE]。"
