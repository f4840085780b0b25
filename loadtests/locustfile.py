"""The mobile-app user model: ``locust -f loadtests/locustfile.py --host http://127.0.0.1:8080``.

Each simulated user holds a real bearer token and behaves like the app: opens a session, chats over several
turns with think time between them (answers read as SSE to the end), asks for a portfolio analysis or a risk
assessment, re-reads the session history, and now and then starts a new session.

Besides locust's HTTP entries (time to response headers), every streamed turn reports its own metrics under
request type ``SSE``: ``ttft`` (first ``delta``), ``inter_token_gap`` (between consecutive ``delta`` events,
i.e. coalesced chunks) and ``turn`` (request sent -> ``done``). Failures are reported with exception types that
classify them (loadtests/outcomes.py). A 404 from an endpoint that is not deployed yet is reported under
request type ``NOT_DEPLOYED``, never as a failure.

Environment:
  LOADTEST_TOKENS_FILE   bearer tokens, one per line (``python -m loadtests.run`` mints them), or
  LOADTEST_JWT_SECRET    mint tokens here with gateway.auth (the gateway's GATEWAY_JWT_SECRET)
  LOADTEST_TENANT        tenant claim of minted tokens (default "default")
  LOADTEST_THINK_S       "min,max" think time between a user's actions (default "2,8")
  LOADTEST_TURN_TIMEOUT_S  longest whole turn before it counts as a timeout (default 60)
  LOADTEST_RECORDS_DIR   if set, one JSON line per request is written there (what loadtests.run analyses)
  LOADTEST_SHAPE, LOADTEST_SHAPE_PARAMS  pick a load shape (loadtests/shapes.py); else --users/--run-time
"""

from __future__ import annotations

import json
import os
import random
import re
import socket
import time
from pathlib import Path
from typing import Any

import requests
from locust import User, between, events
from locust.env import Environment

from loadtests import bodies
from loadtests.outcomes import OK, Category, Outcome, Record, TurnTimer, classify_http
from loadtests.shapes import shape_from_env
from loadtests.sse import SseParser

THINK_MIN, THINK_MAX = (float(x) for x in os.environ.get("LOADTEST_THINK_S", "2,8").split(","))
TURN_TIMEOUT_S = float(os.environ.get("LOADTEST_TURN_TIMEOUT_S", "60"))
CONNECT_TIMEOUT_S = 5.0
READ_TIMEOUT_S = 20.0  # longest silence inside a stream; the gateway sends a heartbeat every 15 s
UNARY_TIMEOUT_S = 10.0
TURN_PATH_NAME = "POST /v1/sessions/[id]/messages"
# Relative frequency of the user's actions between think times. LOADTEST_MIX replaces it: "chat=1" is chat only.
MIX = {"chat": 10, "open_session": 1, "read_history": 2, "portfolio_analysis": 2, "risk_assessment": 1}
if os.environ.get("LOADTEST_MIX"):
    MIX = {k: int(v) for k, v in (p.split("=") for p in os.environ["LOADTEST_MIX"].split(","))}

_selected = shape_from_env()
if _selected is not None:
    globals()[_selected.__name__] = _selected  # locust picks shapes up from the module namespace


class Tokens:
    """Hands each new user its own token (so per-user rate limits see distinct users)."""

    def __init__(self) -> None:
        self._file = [t for t in _read(os.environ.get("LOADTEST_TOKENS_FILE", "")).splitlines() if t.strip()]
        self._secret = os.environ.get("LOADTEST_JWT_SECRET", "")
        self._tenant = os.environ.get("LOADTEST_TENANT", "default")
        self._next = 0
        self.offset = 0  # a worker's index times a stride, so workers do not share users

    def take(self) -> str:
        n, self._next = self.offset + self._next, self._next + 1
        if self._file:
            return self._file[n % len(self._file)]
        if not self._secret:
            raise RuntimeError("set LOADTEST_TOKENS_FILE or LOADTEST_JWT_SECRET")
        from gateway.auth import issue_token  # the gateway's own minting code, so the tokens are real
        from gateway.settings import GatewaySettings

        user = f"lt-{socket.gethostname()[:20]}-{os.getpid()}-{n}"
        return issue_token(GatewaySettings(jwt_secret=self._secret), user, self._tenant, 6 * 3600)


def _read(path: str) -> str:
    return Path(path).read_text() if path else ""


class Recorder:
    """Buffers one JSON line per request; flushed when the test stops. One file per locust process: the file is
    named at flush time, because ``--processes`` forks the workers after this module was imported."""

    def __init__(self, directory: str) -> None:
        self._dir = Path(directory) if directory else None
        self._buffer: list[str] = []

    def add(self, record: Record) -> None:
        if self._dir is not None:
            self._buffer.append(json.dumps(record.to_json()))
            if len(self._buffer) >= 2000:
                self.flush()

    def flush(self) -> None:
        if self._dir is not None and self._buffer:
            self._dir.mkdir(parents=True, exist_ok=True)
            with (self._dir / f"records-{socket.gethostname()}-{os.getpid()}.jsonl").open("a") as f:
                f.write("\n".join(self._buffer) + "\n")
            self._buffer = []


TOKENS = Tokens()
RECORDER = Recorder(os.environ.get("LOADTEST_RECORDS_DIR", ""))


@events.test_start.add_listener
def _on_start(environment: Environment, **_: Any) -> None:
    TOKENS.offset = getattr(environment.runner, "worker_index", 0) * 1_000_000
    now = time.time()  # where the shape's clock starts: the analysis cuts stages from here
    RECORDER.add(Record("test_start", now, now, "ok", "test_start", 0, 0.0))


@events.test_stop.add_listener
def _on_stop(environment: Environment, **_: Any) -> None:
    RECORDER.flush()


@events.quit.add_listener
def _on_quit(exit_code: int, **_: Any) -> None:
    RECORDER.flush()


class AppUser(User):
    wait_time = between(THINK_MIN, THINK_MAX)

    def on_start(self) -> None:
        self.base = self.host or ""
        self.rng = random.Random()
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {TOKENS.take()}"
        self.locale = bodies.locale(self.rng)
        self.session_id: str | None = None
        self.turns_left = 0
        self.open_session()

    def on_stop(self) -> None:
        self.http.close()

    # --- behaviour (weights: MIX above) ---

    def open_session(self) -> None:
        data = self._unary("POST", "/v1/sessions", "session", json=bodies.new_session(self.locale), expect=201)
        if data is not None:
            self.session_id = str(data["session_id"])
            self.turns_left = self.rng.randint(3, 8)  # a conversation is a few turns, then the user leaves

    def chat(self) -> None:
        if self.session_id is None or self.turns_left <= 0:
            self.open_session()
            if self.session_id is None:
                return
        self.turns_left -= 1
        self._turn(bodies.chat_message(self.rng, self.locale))

    def read_history(self) -> None:
        if self.session_id is not None:
            self._unary("GET", f"/v1/sessions/{self.session_id}", "history", name="GET /v1/sessions/[id]")

    def portfolio_analysis(self) -> None:
        body = bodies.portfolio_analyze(self.rng, self.locale)
        self._unary("POST", "/v1/portfolio/analyze", "portfolio", json=body, optional=True)

    def risk_assessment(self) -> None:
        body = bodies.risk_assessment(self.rng, self.locale)
        self._unary("POST", "/v1/profile/risk-assessment", "risk", json=body, optional=True)

    # --- transport (locust's own HTTP entries are replaced by explicit ones: see the module docstring) ---

    def _unary(
        self, method: str, path: str, kind: str, *, name: str = "", json: Any = None, expect: int = 200,
        optional: bool = False,
    ) -> dict[str, Any] | None:
        name = name or f"{method} {path}"
        t0, p0 = time.time(), time.perf_counter()
        data: dict[str, Any] | None = None
        size = 0
        try:
            resp = self.http.request(method, self.base + path, json=json, timeout=(CONNECT_TIMEOUT_S, UNARY_TIMEOUT_S))
        except requests.Timeout:
            outcome = Outcome(Category.TIMEOUT, "timeout before response")
        except requests.RequestException as err:
            outcome = Outcome(Category.CONNECTION, _reason(err))
        else:
            if resp.status_code == expect:
                outcome, data = OK, resp.json()
            else:
                outcome = _http_outcome(resp, optional)
            size = len(resp.content)
        total_ms = (time.perf_counter() - p0) * 1000
        request_type = "NOT_DEPLOYED" if outcome.category == Category.NOT_DEPLOYED else method
        self._fire(request_type, name, total_ms, outcome, size)
        RECORDER.add(Record(kind, t0, time.time(), outcome.category, outcome.label, outcome.status, total_ms))
        return data

    def _turn(self, body: dict[str, Any]) -> None:
        url = f"{self.base}/v1/sessions/{self.session_id}/messages"
        t0, p0 = time.time(), time.perf_counter()
        timer = TurnTimer(started=p0)
        try:
            resp = self.http.post(url, json=body, stream=True, timeout=(CONNECT_TIMEOUT_S, READ_TIMEOUT_S))
        except requests.Timeout:
            outcome = Outcome(Category.TIMEOUT, "timeout before response")
        except requests.RequestException as err:
            outcome = Outcome(Category.CONNECTION, _reason(err))
        else:
            with resp:
                if resp.status_code == 200:  # locust's HTTP entry: time to the response headers
                    self._fire("POST", TURN_PATH_NAME, (time.perf_counter() - p0) * 1000, OK, 0)
                    outcome = _read_stream(resp, timer)
                else:
                    outcome = _http_outcome(resp, False)
        total_ms = (time.perf_counter() - p0) * 1000
        if outcome.category == Category.OK or outcome.status == 200:  # the answer started: a turn
            self._report_stream(timer, total_ms, outcome)
        else:  # refused before streaming: shows on the HTTP entry
            self._fire("POST", TURN_PATH_NAME + " (refused)", total_ms, outcome, 0)
        ttft_ms = timer.ttft_s * 1000 if timer.ttft_s is not None else None
        RECORDER.add(
            Record("turn", t0, time.time(), outcome.category, outcome.label, outcome.status, total_ms, ttft_ms,
                   [round(g * 1000, 2) for g in timer.gaps_s], timer.tokens, timer.timings)
        )

    def _report_stream(self, timer: TurnTimer, total_ms: float, outcome: Outcome) -> None:
        if timer.ttft_s is not None:
            self._fire("SSE", "ttft", timer.ttft_s * 1000, OK, 0)
        for gap in timer.gaps_s:
            self._fire("SSE", "inter_token_gap", gap * 1000, OK, 0)
        self._fire("SSE", "turn", total_ms, outcome, timer.tokens)

    def _fire(self, request_type: str, name: str, ms: float, outcome: Outcome, length: int) -> None:
        self.environment.events.request.fire(
            request_type=request_type, name=name, response_time=ms, response_length=length,
            exception=outcome.exception(), context={},
        )


# Locust's metaclass has already turned weights into a list of repeated callables; set that list directly.
AppUser.tasks = [getattr(AppUser, name) for name, weight in MIX.items() for _ in range(weight)]


def _reason(err: Exception) -> str:
    """A bounded label for a transport failure: the innermost error's class name (no addresses or ports)."""
    names = re.findall(r"([A-Z][A-Za-z]*(?:Error|Disconnected|Reset|Refused|Timeout))\b", repr(err))
    return f"{type(err).__name__}: {names[-1]}" if names else type(err).__name__


def _http_outcome(resp: requests.Response, optional: bool) -> Outcome:
    try:
        code = str(resp.json().get("error", {}).get("code", ""))
    except ValueError:
        code = ""
    return classify_http(resp.status_code, code, resp.headers.get("Retry-After"), optional=optional)


def _read_stream(resp: requests.Response, timer: TurnTimer) -> Outcome:
    """Read the SSE body to its end, feeding the timer; the turn deadline is checked at every chunk."""
    parser = SseParser()
    deadline = timer.started + TURN_TIMEOUT_S
    try:
        for chunk in resp.iter_content(chunk_size=None):
            now = time.perf_counter()
            for event in parser.feed(chunk):
                timer.on_event(event, now)
            if timer.terminal or now > deadline:
                break
    except requests.exceptions.ConnectionError as err:  # urllib3 wraps read timeouts as ConnectionError here
        if "timed out" in str(err).lower():
            return timer.outcome(timed_out=True)
        return timer.outcome()
    except requests.RequestException:
        return timer.outcome()
    return timer.outcome(timed_out=time.perf_counter() > deadline and not timer.terminal)
