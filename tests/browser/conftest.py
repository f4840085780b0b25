"""The browser tier: the web app at /app in real headless Chromium (Debian's, driven by Playwright) against a real
local stack on the engine simulator (no vLLM).

The stack runs the published dev JWT secret, so the app's dev sign-in works as it does under ``make run``, and a
tight per-user rate limit (a few requests, refilled over minutes), so every test signs in as its own user and the
429 test meets the real limiter. The simulator writes 6 tokens a second, so an answer takes seconds: long enough
to stop one mid-way, and every wait in the tests is for something the user sees, never a sleep.
Screenshots of every test go to var/test-artifacts/browser/.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from devstack.platform import Platform, start_platform
from devstack.stack import ROOT
from gateway.settings import DEV_JWT_SECRET

ARTIFACTS = ROOT / "var" / "test-artifacts" / "browser"
RATE_BURST = 6  # requests a user may make before 429 (session, messages, questionnaire and assessment each cost one)
PHONE = {"width": 375, "height": 812}


def _chromium() -> str:
    """Debian's chromium, installed by scripts/ensure_chromium.sh on first use (as make run installs Redis)."""
    try:
        out = subprocess.run([str(ROOT / "scripts" / "ensure_chromium.sh")], capture_output=True, text=True,
                             check=True, timeout=600)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as err:
        pytest.skip(f"no chromium for the browser tests: {getattr(err, 'stderr', '') or err}")
    return out.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def browser_platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    p = start_platform(
        tmp_path_factory.mktemp("browser-platform"),
        sim={"token_rate": "6", "seed": "7", "response_mode": "facts"},
        dialogue={"log_level": "WARNING"},
        gateway={"jwt_secret": DEV_JWT_SECRET, "rate_user_per_s": "0.002", "rate_user_burst": str(RATE_BURST)},
        worker=False,
    )
    yield p
    p.stack.stop_all()


# Module scope, not session: sync Playwright keeps an event loop running in this thread while it is open, which
# would break every async test that pytest runs after this module.
@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    path = _chromium()
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=path, headless=True, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture(scope="session", autouse=True)
def _artifacts() -> None:
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)


@pytest.fixture
def page(browser: object, browser_platform: Platform, request: pytest.FixtureRequest) -> Iterator[object]:
    """A fresh phone-sized browser (own storage) on the app; a screenshot is kept whatever the outcome."""
    context = browser.new_context(viewport=PHONE, locale="en-US", base_url=browser_platform.gateway_url)  # type: ignore[attr-defined]
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def sign_in(page: object, user: str) -> None:
    """Open the app and sign in with the dev sign-in as ``user``; returns once the chat is shown."""
    from playwright.sync_api import expect

    page.goto("/app/")  # type: ignore[attr-defined]
    page.get_by_label("User name").fill(user)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Sign in (development)").click()  # type: ignore[attr-defined]
    expect(page.get_by_text(f"Signed in as {user}")).to_be_visible()  # type: ignore[attr-defined]
    expect(page.get_by_label("Your question")).to_be_focused()  # type: ignore[attr-defined]


def ask(page: object, text: str) -> None:
    box = page.get_by_label("Your question")  # type: ignore[attr-defined]
    box.fill(text)
    box.press("Enter")


def artifact(name: str) -> Path:
    return ARTIFACTS / name
