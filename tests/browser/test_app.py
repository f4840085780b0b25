"""What an investor sees in the web app, in headless Chromium against the real stack (conftest.py).

Every assertion reads the page (text, roles, labels); waits are for what the user would see appear.
"""

from __future__ import annotations

import re
import time

import httpx
import jwt
from playwright.sync_api import Page, expect

from devstack.platform import Platform
from tests.browser.conftest import ARTIFACTS, RATE_BURST, ask, sign_in

LOAN_Q = "A mortgage of $300,000 over 20 years at 4.5%, what is the monthly payment?"
ZH_LOAN_PLACEHOLDER = "例如：房贷100万，30年，利率3.5%，月供多少？"
VERDICT = re.compile(r"^(Suitable for|Riskier than|Not suitable for) your risk level$")
ASK_BACK_Q = "What is my monthly mortgage payment?"  # the planner asks for the amount: answered without the engine


def test_sign_in_ask_a_loan_question_and_see_the_chart(page: Page) -> None:
    sign_in(page, "loan-user")
    ask(page, LOAN_Q)
    cards = page.locator('[data-kind="loan_schedule"]')
    expect(cards).to_have_count(2)  # equal payments and equal principal
    first = cards.first
    expect(first.get_by_role("heading")).to_have_text("Loan repayments (equal monthly payments)")
    chart = first.get_by_role("img", name="Remaining balance by year (equal monthly payments)")
    expect(chart).to_be_visible()
    expect(chart.locator("path.line")).to_have_count(1)
    expect(first.locator("dd").filter(has_text="$1,897.95")).to_have_count(2)  # first and last payment
    expect(first.locator("dd").filter(has_text="$155,507.55")).to_be_visible()  # total interest
    first.get_by_text("Show the yearly table").click()
    table = first.get_by_role("table")
    expect(table.locator("tbody tr")).to_have_count(20)
    expect(table.locator("tbody tr").last.locator("td").last).to_have_text("$0.00")
    answer = page.locator("article.msg-assistant").last
    expect(answer).to_have_attribute("data-done", "true", timeout=60_000)
    expect(answer.locator(".answer")).to_contain_text("1,897.95")
    page.screenshot(path=str(ARTIFACTS / "doc-phone-loan.png"), full_page=False)


def test_stop_cancels_a_long_answer(page: Page, browser_platform: Platform) -> None:
    sign_in(page, "stop-user")
    ask(page, LOAN_Q)  # about 50 tokens from an engine that writes 6 a second
    answer = page.locator("article.msg-assistant").last
    stop = page.get_by_role("button", name="Stop")
    expect(stop).to_be_visible()
    expect(answer.locator(".answer")).not_to_be_empty(timeout=60_000)  # the answer has started streaming
    stop.click()
    expect(answer.get_by_role("status")).to_have_text("You stopped this answer.")
    expect(page.get_by_role("button", name="Send")).to_be_visible()
    expect(answer).not_to_have_attribute("data-done", "true")
    # The platform kept the turn as cancelled: once stored, the history shows it as stopped.
    sid = page.evaluate("localStorage.getItem('advisor.current.stop-user')")
    headers = {"Authorization": "Bearer " + page.evaluate("sessionStorage.getItem('advisor.token')")}
    deadline = time.monotonic() + 30
    status = ""
    while time.monotonic() < deadline and status != "cancelled":
        turns = httpx.get(f"{browser_platform.gateway_url}/v1/sessions/{sid}", headers=headers).json()["turns"]
        status = turns[-1]["status"] if turns else ""
        time.sleep(0.2)
    assert status == "cancelled"
    page.get_by_role("button", name="History").click()
    page.get_by_role("dialog").get_by_role("button", name=LOAN_Q).click()
    expect(page.locator('.badge[data-status="cancelled"]')).to_have_text("Stopped")


def test_fill_the_risk_questionnaire_then_ask_about_a_product(page: Page) -> None:
    sign_in(page, "profile-user")
    page.get_by_role("button", name="Risk profile").click()
    dialog = page.get_by_role("dialog")
    form = dialog.get_by_role("form", name="Risk questionnaire")
    expect(form).to_be_visible()
    groups = form.get_by_role("group")
    count = groups.count()
    assert count >= 5
    form.get_by_role("button", name="See my risk level").click()  # nothing answered yet
    expect(form.get_by_role("alert")).to_have_text(f"Please answer every question ({count} left).")
    for i in range(count):
        group = groups.nth(i)
        group.get_by_role("radio").nth(2).check()  # keyboard-reachable radios, named by their labels
    form.get_by_role("button", name="See my risk level").click()
    result = form.get_by_role("status")
    expect(result).to_contain_text(re.compile(r"Your risk level: C[1-5] "))
    expect(result).to_contain_text("Products you can consider: R1")
    level = re.search(r"C[1-5]", result.inner_text()).group(0)  # type: ignore[union-attr]
    page.screenshot(path=str(ARTIFACTS / "doc-phone-questionnaire.png"))
    dialog.get_by_role("button", name="Close").click()
    ask(page, "Should I buy AMD?")
    card = page.locator('[data-kind="suitability"]')
    expect(card).to_be_visible(timeout=60_000)
    expect(card.locator(".verdict")).to_have_text(VERDICT)
    expect(card.locator("dd").nth(2)).to_have_text(level)  # the level the questionnaire just gave
    expect(card.get_by_text("Product risk")).to_be_visible()


def test_switch_language(page: Page) -> None:
    sign_in(page, "lang-user")
    page.get_by_role("button", name="Switch to Chinese").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_role("button", name="发送")).to_be_visible()
    expect(page.get_by_label("您的问题")).to_have_attribute("placeholder", ZH_LOAN_PLACEHOLDER)
    expect(page.get_by_text("当前用户：lang-user")).to_be_visible()
    page.get_by_label("您的问题").fill("房贷100万，30年，利率3.5%，月供多少？")
    page.get_by_label("您的问题").press("Enter")
    card = page.locator('[data-kind="loan_schedule"]').first
    expect(card.get_by_role("heading")).to_have_text("贷款还款（等额本息）")
    expect(card.locator("dd").filter(has_text="4,490.45 元")).to_have_count(2)
    expect(card.get_by_role("img", name="每年末剩余本金 (等额本息)")).to_be_visible()
    expect(page.locator("article.msg-assistant").last).to_have_attribute("data-done", "true", timeout=60_000)
    page.screenshot(path=str(ARTIFACTS / "doc-phone-zh.png"))
    page.get_by_role("button", name="切换为英文").click()
    expect(page.get_by_role("button", name="Send")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_too_many_requests_shows_when_to_retry(page: Page) -> None:
    sign_in(page, "busy-user")  # creating the session cost one request
    alert = page.get_by_role("alert")
    for _ in range(RATE_BURST + 2):
        ask(page, ASK_BACK_Q)
        done = page.locator('article.msg-assistant[data-done="true"]')
        expect(done.or_(alert)).not_to_have_count(0)
        if alert.is_visible():
            break
        expect(page.get_by_role("button", name="Send")).to_be_visible()
        page.evaluate("document.querySelectorAll('article.msg-assistant[data-done]').forEach(a => a.remove())")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("You are sending requests too quickly. Please try again in ")
    assert any(unit in alert.inner_text() for unit in (" s.", " min."))
    expect(page.get_by_label("Your question")).to_have_value(ASK_BACK_Q)  # nothing was sent: the words are kept


def test_refused_question_is_explained(page: Page) -> None:
    sign_in(page, "refused-user")
    ask(page, "How do I get guaranteed returns with insider information?")
    notice = page.locator(".notice-refused")
    expect(notice).to_be_visible()
    expect(notice.locator("strong")).to_have_text("This question can't be answered here")
    expect(notice).to_contain_text("Sorry")


def test_a_definition_shows_its_source(page: Page) -> None:
    sign_in(page, "definition-user")
    ask(page, "What is a money market fund?")
    card = page.locator('[data-kind="knowledge"]')
    expect(card).to_be_visible(timeout=60_000)
    expect(card.get_by_role("heading")).to_have_text(re.compile(r"money market", re.IGNORECASE))
    expect(card.locator(".card-source")).to_contain_text("Source: ")


def test_a_token_the_gateway_rejects_asks_to_sign_in_again(page: Page) -> None:
    forged = jwt.encode({"sub": "mallory", "tnt": "default", "exp": int(time.time()) + 600,
                         "iss": "advisor-platform", "aud": "advisor-app"}, "not-the-secret-" * 3, algorithm="HS256")
    page.goto("/app/")
    page.get_by_label("Or paste an access token").fill(forged)
    page.get_by_role("button", name="Use this token").click()
    expect(page.get_by_role("alert")).to_have_text(
        "Your sign-in is missing, invalid or has expired. Please sign in again.")
    expect(page.get_by_role("button", name="Sign in (development)")).to_be_visible()


def test_desktop_savings_projection_and_portfolio_drawdown(page: Page) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, "desktop-user")
    ask(page, "I save 2000 a month for 10 years in the index, how much could I have based on its history?")
    savings = page.locator('[data-kind="savings_projection"]')
    chart = savings.get_by_role("img", name="Projected value by year")
    expect(chart).to_be_visible()
    expect(chart.locator("path.band")).to_have_count(2)  # 5-95 and 25-75 percentile bands
    expect(savings.locator("dd").filter(has_text="$240,000.00")).to_be_visible()  # contributed over 10 years
    expect(savings.get_by_text("not a forecast")).to_be_visible()
    expect(page.locator("article.msg-assistant").last).to_have_attribute("data-done", "true", timeout=60_000)
    page.screenshot(path=str(ARTIFACTS / "doc-desktop-savings.png"))
    ask(page, "How has 600036.SH performed? Analyze its risk.")
    analysis = page.locator('[data-kind="portfolio_analysis"]')
    drawdown = analysis.get_by_role("img", name=re.compile(r"^Largest fall: peak \d{4}-\d\d-\d\d, low \d{4}"))
    expect(drawdown).to_be_visible()
    expect(analysis.locator("dt").filter(has_text="Largest fall (max drawdown)")).to_be_visible()
    expect(analysis.locator("dd").filter(has_text=re.compile(r"^\d+\.\d\d%$")).first).to_be_visible()
    expect(analysis.get_by_role("table", name=re.compile("One-day loss"))).to_be_visible()
    expect(page.locator("article.msg-assistant").last).to_have_attribute("data-done", "true", timeout=60_000)
    analysis.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "doc-desktop-portfolio.png"))


def test_static_files_and_dev_token_without_a_browser(browser_platform: Platform) -> None:
    with httpx.Client(base_url=browser_platform.gateway_url, timeout=10) as c:
        index = c.get("/app", follow_redirects=True)
        assert index.status_code == 200 and index.headers["content-type"].startswith("text/html")
        assert "default-src 'self'" in index.headers["content-security-policy"]
        assert c.get("/app/app.js").headers["content-type"].startswith("text/javascript")
        assert c.get("/app/../gateway/settings.py").status_code == 404
        assert c.get("/app/%2e%2e/routes_app.py").status_code == 404
        assert c.get("/app/missing.js").status_code == 404
        assert c.get("/app/config.json").json()["dev_sign_in"] is True
        token = c.post("/app/dev-token", json={"user": "bob"}).json()["token"]
        assert c.post("/v1/sessions", json={"locale": "en"}, headers={"Authorization": f"Bearer {token}"}) \
            .status_code == 201
        assert c.post("/app/dev-token", json={"user": "bad user!"}).status_code == 422
