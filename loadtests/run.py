"""``python -m loadtests.run`` (what ``make loadtest`` runs): start the local stack with the engine simulator
(devstack/stack.py, ephemeral ports on 127.0.0.1), mint real dev tokens, run locust headless for a bounded time
(CSV + HTML into the results dir), measure the platform's CPU per turn from /proc, print the thresholds and exit
non-zero when one is crossed.

Profiles (loadtests/profiles.py): ``smoke`` (default, 45 s of load), ``ramp`` (step ramp to saturation, 4 min;
prints the knee), ``overload`` (a spike to 2x the knee, 2 min; pass the knee from the ramp), ``soak`` (10 min).

  python -m loadtests.run                                   # smoke
  python -m loadtests.run --profile ramp --results-dir bench/results/loadtest_ramp
  python -m loadtests.run --profile overload --peak 60 --max-inflight 14 --knee-goodput 6.2
  python -m loadtests.run --profile soak
  python -m loadtests.run --processes 2                     # locust master + 2 workers on this machine

Distributed mode across machines: see loadtests/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from devstack.platform import start_platform
from devstack.stack import ROOT, Proc, Stack
from gateway.auth import issue_token
from gateway.settings import GatewaySettings
from loadtests import plans, report
from loadtests.analyze import Threshold
from loadtests.procstat import Sampler
from loadtests.profiles import PROFILES, Profile, with_overrides

SECRET = "loadtest-secret-0123456789abcdef0123456789"
SIM = {"token_rate": "50", "max_num_seqs": "1024", "log_level": "WARNING"}  # 50 tok/s per stream
# Groups whose CPU is "platform CPU per turn" (the issue's target: gateway + dialogue + compliance). Portfolio,
# the audit worker, Redis, the engine and the load generator are reported apart, each as its own group.
PLATFORM = ("gateway", "dialogue", "compliance")


def start_stack(
    stack: Stack, work: Path, gateway_extra: dict[str, str], sim: dict[str, str] | None = None,
    embeddings: bool = True, answer_tokens: int = 100,
) -> tuple[dict[str, Proc], str, int]:
    """The whole request path as in production (devstack.platform's one wiring): Redis, engine simulator, portfolio,
    compliance, the audit worker, dialogue and gateway. ``embeddings``: the planner's similarity layer on the
    offline model (its production default); off, the planner runs its rules only (faster start)."""
    p = start_platform(
        work, sim=sim or SIM, embeddings=embeddings, persist_redis=False, worker=True, echo=stack.echo,
        dialogue={"default_max_tokens": str(answer_tokens)},  # 100-token answers by default, as in bench/run.py
        gateway={"jwt_secret": SECRET, "rate_user_per_s": "1", "rate_user_burst": "10", **gateway_extra},
    )
    stack.procs.extend(p.stack.procs)
    procs = {proc.name: proc for proc in p.stack.procs}
    return procs, p.gateway_url, p.ports["redis"]


def open_stack(
    work: Path, gateway_extra: dict[str, str], embeddings: bool, answer_tokens: int, attempts: int = 3
) -> tuple[Stack, dict[str, Proc], str, int]:
    """Start the stack, retrying on a fresh set of ports: ``free_port`` closes its socket before the child binds
    it, so on a shared machine another process can take the port in between."""
    for attempt in range(1, attempts + 1):
        stack = Stack(work / "log", echo=lambda line: print(line, flush=True))
        try:
            started = start_stack(stack, work / f"try{attempt}", gateway_extra, embeddings=embeddings,
                                  answer_tokens=answer_tokens)
            return (stack, *started)
        except RuntimeError as err:
            stack.stop_all()
            if attempt == attempts:
                raise
            print(f"stack start failed (attempt {attempt}), retrying: {str(err).splitlines()[0]}", flush=True)
    raise AssertionError("unreachable")


def mint_tokens(path: Path, count: int) -> None:
    """Real tokens from the gateway's own code, signed with the secret the gateway was started with."""
    settings = GatewaySettings(jwt_secret=SECRET)
    path.write_text("\n".join(issue_token(settings, f"lt-user-{i}", "default", 6 * 3600) for i in range(count)))


def redis_probe(port: int) -> Any:
    import redis

    client = redis.Redis(host="127.0.0.1", port=port, socket_timeout=1.0)

    def probe() -> dict[str, float]:
        info = client.info()
        return {
            "redis_commands": float(info["total_commands_processed"]),
            "redis_used_memory_mib": round(info["used_memory"] / 2**20, 2),
            "redis_keys": float(info.get("db0", {}).get("keys", 0)),
        }

    return probe


def redis_breakdown(port: int, max_keys: int = 200_000) -> dict[str, dict[str, float]]:
    """Keys and bytes (MEMORY USAGE) by key family at the end of a run: what the capacity plan sizes Redis by.
    A family is the key up to its first id-like segment (hash-tagged ``{...}`` or longer than 16 characters)."""
    import redis

    client = redis.Redis(host="127.0.0.1", port=port, socket_timeout=5.0)
    families: dict[str, dict[str, float]] = {}
    for n, raw in enumerate(client.scan_iter(count=1000)):
        if n >= max_keys:
            break
        parts = []
        for part in raw.decode(errors="replace").split(":"):
            if part.startswith("{") or len(part) > 16:
                break
            parts.append(part)
        entry = families.setdefault(":".join(parts) or "?", {"keys": 0, "bytes": 0})
        entry["keys"] += 1
        entry["bytes"] += client.memory_usage(raw) or 0
        if client.type(raw) == b"stream":  # the audit stream: its length is capped, so size per entry matters
            entry["entries"] = entry.get("entries", 0) + client.xlen(raw)
    return families


def locust_argv(url: str, results: Path, processes: int) -> list[str]:
    argv = [sys.executable, "-m", "locust", "-f", str(ROOT / "loadtests/locustfile.py"), "--headless"]
    argv += ["--host", url, "--csv", str(results / "locust"), "--csv-full-history"]
    argv += ["--html", str(results / "report.html")]
    argv += ["--loglevel", "WARNING", "--only-summary", "--stop-timeout", "5", "--exit-code-on-error", "0"]
    if processes > 1:
        # Forked workers keep --json-file and overwrite the master's totals with their own empty ones at exit
        # (locust 2.47), so the final JSON is only written by a single-process run.
        argv += ["--processes", str(processes)]
    else:
        argv += ["--json-file", str(results / "locust")]  # final totals (the CSV lags up to a second)
    return argv


def run_locust(argv: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def wait_bounded(popen: subprocess.Popen[bytes], timeout_s: float) -> int:
    try:
        return popen.wait(timeout_s)
    except subprocess.TimeoutExpired:  # a run never outlives its plan by more than the margin
        os.killpg(popen.pid, 15)
        return popen.wait(15)


def conditions() -> dict[str, Any]:
    return {"nproc": os.cpu_count(), "loadavg": [round(x, 2) for x in os.getloadavg()]}


def execute(name: str, profile: Profile, args: argparse.Namespace, results: Path) -> dict[str, Any]:
    plan = plans.build(profile.plan, profile.params)
    work = Path(tempfile.mkdtemp(prefix="loadtest-"))
    records = work / "records"
    before = conditions()
    stack, procs, url, redis_port = open_stack(work, profile.gateway, args.embeddings == "on", args.answer_tokens)
    try:
        mint_tokens(work / "tokens.txt", plan.max_users * 2 + 100)
        env = {
            **os.environ,
            "PYTHONPATH": f"{ROOT}:{ROOT / 'protos'}",
            "LOADTEST_TOKENS_FILE": str(work / "tokens.txt"),
            "LOADTEST_RECORDS_DIR": str(records),
            "LOADTEST_THINK_S": profile.think_s,
            "LOADTEST_SHAPE": profile.plan,
            "LOADTEST_SHAPE_PARAMS": json.dumps(profile.params),
            "LOADTEST_MIX": args.mix,
        }
        print(f"load: {name} {profile.plan} {profile.params} think {profile.think_s}s against {url}", flush=True)
        locust = run_locust(locust_argv(url, results, args.processes), env, results / "locust.log")
        groups = {n: p.popen.pid for n, p in procs.items() if p.popen} | {"loadgen": locust.pid}
        sampler = Sampler(groups, max_s=plan.duration_s + 120, probe=redis_probe(redis_port)).start()
        code = wait_bounded(locust, plan.duration_s + 90)
        sampler.stop()
        redis_keys = redis_breakdown(redis_port)
        alive = {n: p.alive() for n, p in procs.items()}
        tails = {n: p.tail(20) for n, p in procs.items() if not p.alive()}
    finally:
        stack.stop_all()
    summary = report.summarise(
        name, profile, plan, records, sampler,
        {"before": before, "after": conditions(), "locust_exit": code, "alive": alive, "dead_tails": tails,
         "redis_keys": redis_keys,
         "platform_groups": [g for g in PLATFORM if g in groups]},
        args,
    )
    if args.keep_work or not all(alive.values()):
        print(f"stack logs, records and tokens kept in {work}", flush=True)
    else:  # Redis data, the audit database and the tokens of this run are of no use afterwards
        shutil.rmtree(work, ignore_errors=True)
    return summary


def verdicts(name: str, profile: Profile, summary: dict[str, Any], args: argparse.Namespace) -> list[Threshold]:
    total = summary["overall"]
    checks = [Threshold("processes that died", float(sum(not a for a in summary["run"]["alive"].values())), 0)]
    errors = total["error_rate"] + (total["shed_rate"] if profile.count_shed_as_error else 0.0)
    checks.append(Threshold("error rate" + (" (shed counted)" if profile.count_shed_as_error else " (shed apart)"),
                            round(errors, 4), args.max_error_rate))
    if name == "smoke":
        checks.append(Threshold("TTFT p99 ms", summary["overall"]["ttft_ms_p99"], args.max_ttft_p99_ms))
    if name == "ramp":
        knee = (summary.get("knee") or {}).get("knee_relative") or {}
        checks.append(Threshold("users at the knee (TTFT p99 <= 2x the lightest step's)", knee.get("users"), 1,
                                higher_is_worse=False))
    if name == "overload":
        checks += report.overload_checks(summary, args.knee_goodput)
    if name == "soak":
        checks += report.soak_checks(summary, args.max_rss_growth)
    return checks


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--profile", choices=sorted(PROFILES), default="smoke")
    p.add_argument("--results-dir", type=Path, default=None, help="default var/loadtest/<time>-<profile>")
    p.add_argument("--users", type=int, help="constant/soak users")
    p.add_argument("--duration", type=float, help="constant/soak seconds")
    p.add_argument("--start", type=int, help="ramp: first step's users")
    p.add_argument("--step", type=int, help="ramp: users added per step")
    p.add_argument("--max-users", type=int, help="ramp: last step's users")
    p.add_argument("--step-s", type=float, help="ramp: seconds per step")
    p.add_argument("--base", type=int, help="overload: users before and after the spike")
    p.add_argument("--peak", type=int, help="overload: users during the spike (2x the knee's users)")
    p.add_argument("--think", default="", help="'min,max' think seconds between a user's actions")
    p.add_argument("--mix", default="", help="action weights, e.g. 'chat=1' (default: the app mix, locustfile.MIX)")
    p.add_argument("--max-inflight", type=int, help="GATEWAY_MAX_INFLIGHT_STREAMS for this run")
    p.add_argument("--tenant-rate", type=float, help="GATEWAY_RATE_TENANT_PER_S for this run")
    p.add_argument("--embeddings", choices=["on", "off"], default="on",
                   help="compliance classifier + planner similarity layer on the offline model (production default)")
    p.add_argument("--answer-tokens", type=int, default=100, help="DIALOGUE_DEFAULT_MAX_TOKENS: answer length")
    p.add_argument("--processes", type=int, default=1, help="locust worker processes (master + N workers)")
    p.add_argument("--keep-work", action="store_true", help="keep the stack's logs, per-request records and tokens")
    p.add_argument("--max-error-rate", type=float, default=0.01)
    p.add_argument("--max-ttft-p99-ms", type=float, default=1000.0,
                   help="smoke: the full path's unloaded TTFT p99 on a shared 2-core box is ~0.3-0.5 s")
    p.add_argument("--knee-goodput", type=float, help="overload: the ramp's knee goodput in turns/s")
    p.add_argument("--max-rss-growth", type=float, default=0.25, help="soak: RSS growth after warm-up")
    return p.parse_args()


def main() -> None:
    args = parse_args()
    params = {"users": args.users, "duration_s": args.duration, "start": args.start, "step": args.step,
              "max_users": args.max_users, "step_s": args.step_s, "base": args.base, "peak": args.peak}
    gateway = {}
    if args.max_inflight:
        gateway["max_inflight_streams"] = str(args.max_inflight)
    if args.tenant_rate:
        gateway["rate_tenant_per_s"] = str(args.tenant_rate)
        gateway["rate_tenant_burst"] = str(int(args.tenant_rate * 2))
    base = PROFILES[args.profile]
    known = set(base.params) | {"duration_s"}
    profile = with_overrides(base, {k: v for k, v in params.items() if k in known}, gateway, args.think)
    results = args.results_dir or ROOT / "var" / "loadtest" / f"{time.strftime('%Y%m%dT%H%M%S')}-{args.profile}"
    results.mkdir(parents=True, exist_ok=True)
    summary = execute(args.profile, profile, args, results)
    checks = verdicts(args.profile, profile, summary, args)
    summary["thresholds"] = [{"name": c.name, "value": c.value, "limit": c.limit, "passed": c.passed} for c in checks]
    (results / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    (results / "summary.md").write_text(report.markdown(summary))
    print(report.markdown(summary))
    print("\n".join(c.line() for c in checks))
    print(f"results: {results}")
    sys.exit(0 if all(c.passed for c in checks) else 1)


if __name__ == "__main__":
    main()
