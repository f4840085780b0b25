"""Flame graphs of the platform's services under the bench's simulator load (``python -m bench.profiles``).

The whole platform starts as ``make bench`` starts it (devstack.platform, simulator engine at 50 tok/s). While a
closed loop of streamed OpenAI-route completions (the bench's own request) and a few app-API tool turns (so
portfolio-tool works too) run, py-spy samples gateway, dialogue, compliance and portfolio-tool for the same
window and writes one SVG per service plus ``summary.md``: each service's samples and the frames with the most
inclusive samples. py-spy runs non-blocking (the processes are never paused), so the load's timings stay close
to an unprofiled run; the figures of record come from ``make bench``, not from this run.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from bench.loadgen import run_closed_loop
from bench.orchestration import QUESTIONS
from devstack.platform import Platform, sse_events, start_platform

OUT = Path(__file__).resolve().parent / "results" / "profiles"
SERVICES = ("gateway", "dialogue", "compliance", "portfolio")


def py_spy() -> str:
    """The py-spy of this interpreter's env (pinned in requirements-dev.txt)."""
    candidate = Path(sys.executable).with_name("py-spy")
    return str(candidate) if candidate.exists() else "py-spy"


def start_recorders(p: Platform, out: Path, seconds: int, rate: int) -> dict[str, subprocess.Popen[bytes]]:
    recorders = {}
    for name in SERVICES:
        proc = getattr(p, name)
        if proc.popen is None:
            continue
        argv = [py_spy(), "record", "--pid", str(proc.popen.pid), "--duration", str(seconds), "--rate", str(rate),
                "--nonblocking", "--subprocesses", "--format", "flamegraph", "--output", str(out / f"{name}.svg")]
        recorders[name] = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return recorders


async def tool_turns(p: Platform, until: float, sessions: int) -> int:
    """App-API tool turns (a projection or a loan: portfolio-tool computes, the answer quotes it) until ``until``."""
    done = 0

    async def one(i: int) -> None:
        nonlocal done
        locale, text = QUESTIONS[i % len(QUESTIONS)]
        async with httpx.AsyncClient(base_url=p.gateway_url, timeout=60) as client:
            user = f"profile-{i}"
            sid = (await client.post("/v1/sessions", json={"locale": locale}, headers=p.auth(user))).json()
            while time.monotonic() < until:
                async with client.stream("POST", f"/v1/sessions/{sid['session_id']}/messages", json={"text": text},
                                         headers=p.auth(user)) as r:
                    [_ async for _ in sse_events(r)]
                done += 1

    await asyncio.gather(*(one(i) for i in range(sessions)))
    return done


async def load(p: Platform, seconds: int, streams: int, tool_sessions: int, max_tokens: int) -> dict[str, Any]:
    until = time.monotonic() + seconds
    auth = p.auth("profile")
    chat_stats: list[dict[str, Any]] = []

    async def chat() -> None:
        while time.monotonic() < until:
            stats = await run_closed_loop(f"{p.gateway_url}/v1/chat/completions", concurrency=streams,
                                          requests_per_client=2, max_tokens=max_tokens, headers=auth)
            chat_stats.append(stats.summary())

    _, turns = await asyncio.gather(chat(), tool_turns(p, until, tool_sessions))
    return {"chat_rounds": len(chat_stats), "chat_requests": sum(s["requests"] for s in chat_stats),
            "chat_errors": sum(s["errors"] for s in chat_stats), "tool_turns": turns,
            "chat_ttft_ms_p50_last_round": chat_stats[-1]["ttft_ms_p50"] if chat_stats else None}


_RECT = re.compile(r'<title>(.*?) \([\d,]+ samples?, [\d.]+%\)</title>'
                   r'<rect [^>]*?y="(\d+)"[^>]*?fg:x="(\d+)" fg:w="(\d+)"')
# the platform's own frames, plus the libraries whose cost the profiles showed on the request path
_OURS = re.compile(r"\((services|gateway|devstack)/|\((yaml|redis|uuid|dataclasses)[/.]")
_LINE = re.compile(r" \(([^()]*?):\d+\)$")


def top_frames(svg: Path, n: int = 12) -> tuple[int, list[tuple[str, int, int]]]:
    """(total samples, [(function, self samples, inclusive samples)]) from a py-spy flame graph, by function
    (lines merged), the most self samples first. Inclusive counts a function once per stack (recursion)."""
    frames = []  # (depth y, x, w, function)
    for m in _RECT.finditer(svg.read_text(errors="replace")):
        name = _LINE.sub(r" (\1)", html.unescape(m.group(1)))
        frames.append((int(m.group(2)), int(m.group(3)), int(m.group(4)), name))
    total = max((w for _, _, w, name in frames if name == "all"), default=0)
    by_depth: dict[int, list[tuple[int, int, str]]] = {}
    for y, x, w, name in frames:
        by_depth.setdefault(y, []).append((x, w, name))
    self_samples: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    ys = sorted(by_depth)
    for i, y in enumerate(ys):
        below = by_depth.get(ys[i + 1], []) if i + 1 < len(ys) else []
        for x, w, name in by_depth[y]:
            children = sum(cw for cx, cw, _ in below if x <= cx < x + w)
            self_samples[name] += w - children
    # inclusive: a frame counts unless an ancestor has the same function (found by walking up the depths)
    for i, y in enumerate(ys):
        for x, w, name in by_depth[y]:
            nested = any(an == name and ax <= x < ax + aw for yy in ys[:i] for ax, aw, an in by_depth[yy])
            if not nested:
                inclusive[name] += w
    skip = {"all"}
    rows = [(name, c, inclusive[name]) for name, c in self_samples.most_common() if name not in skip
            and not name.startswith("process ")][:n]
    return total, rows


def sanitise(svg: Path) -> None:
    """No machine paths in committed files: the repo root becomes relative."""
    root = str(Path(__file__).resolve().parent.parent) + "/"
    svg.write_text(svg.read_text(errors="replace").replace(root, "").replace(str(svg.parent) + "/", ""))


def pct(part: int, total: int) -> float:
    return round(100 * part / total, 1) if total else 0.0


def summary(out: Path, conditions: dict[str, Any], figures: dict[str, Any]) -> str:
    lines = ["# py-spy profiles under the bench's simulator load", "",
             f"Recorded {conditions['date']} on {conditions['cpus']} CPUs ({conditions['cpu_model']}); "
             f"load average before: {conditions['load_before']}, after: {conditions['load_after']}.", "",
             f"Load: {conditions['streams']} concurrent OpenAI-route streams ({conditions['max_tokens']}-token "
             f"answers, simulator at 50 tok/s) plus {conditions['tool_sessions']} app-API sessions asking tool "
             f"questions, for {conditions['seconds']} s; py-spy at {conditions['rate']} Hz, non-blocking, "
             "on-CPU samples only (idle threads are not sampled).", "",
             f"Completed: {figures['chat_requests']} chat turns ({figures['chat_errors']} errors), "
             f"{figures['tool_turns']} tool turns.", ""]
    for name in SERVICES:
        svg = out / f"{name}.svg"
        if not svg.exists():
            continue
        total, frames = top_frames(svg, n=100_000)
        ours = sorted((f for f in frames if _OURS.search(f[0])), key=lambda f: -f[2])[:14]
        lines += [f"## {name} ({total} samples; [{name}.svg]({name}.svg))", "",
                  "| function (most self time first) | self % | inclusive % |", "|---|---|---|"]
        lines += [f"| `{f}` | {pct(own, total)} | {pct(inc, total)} |" for f, own, inc in frames[:12]]
        lines += ["", "| platform code and what it calls (most inclusive time first) | self % | inclusive % |",
                  "|---|---|---|"]
        lines += [f"| `{f}` | {pct(own, total)} | {pct(inc, total)} |" for f, own, inc in ours]
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--streams", type=int, default=50, help="concurrent OpenAI-route streams")
    parser.add_argument("--tool-sessions", type=int, default=4, help="concurrent app-API tool-question sessions")
    parser.add_argument("--max-tokens", type=int, default=100)
    parser.add_argument("--rate", type=int, default=100, help="py-spy samples per second")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    p = start_platform(
        Path(tempfile.mkdtemp(prefix="bench-profiles-")),
        sim={"token_rate": "50", "max_num_seqs": "512", "log_level": "WARNING"},
        dialogue={"log_level": "WARNING"},
        gateway={"rate_user_per_s": "100000", "rate_user_burst": "100000", "max_inflight_streams": "2000"},
        persist_redis=False,
        embeddings=True,
    )
    try:
        asyncio.run(load(p, 5, 4, 1, args.max_tokens))  # warm-up: first-call costs are not steady state
        load_before = os.getloadavg()[0]
        recorders = start_recorders(p, args.out, args.seconds, args.rate)
        figures = asyncio.run(load(p, args.seconds + 2, args.streams, args.tool_sessions, args.max_tokens))
        for name, rec in recorders.items():
            _, err = rec.communicate(timeout=args.seconds + 60)
            if rec.returncode:
                print(f"py-spy on {name} failed: {err.decode(errors='replace')[-400:]}", file=sys.stderr)
            elif (svg := args.out / f"{name}.svg").exists():
                sanitise(svg)
    finally:
        p.stack.stop_all()
    conditions = {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "cpus": os.cpu_count(),
                  "cpu_model": _cpu_model(), "load_before": round(load_before, 2),
                  "load_after": round(os.getloadavg()[0], 2), "streams": args.streams,
                  "tool_sessions": args.tool_sessions, "seconds": args.seconds, "rate": args.rate,
                  "max_tokens": args.max_tokens}
    text = summary(args.out, conditions, figures)
    (args.out / "summary.md").write_text(text)
    print(text)


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return ""


if __name__ == "__main__":
    main()
