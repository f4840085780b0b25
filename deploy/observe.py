"""``make observe``: a real Prometheus (Debian's ``prometheus``) scraping the stack ``make run`` started.

    python -m deploy.observe [--port 9090] [--interval 5s]

Scrapes each process on its contract port with the same ``component`` label the chart's PodMonitors attach, and
loads the chart's recording and alerting rules, so the dashboards' queries and the alerts work against the local
stack as they do in a cluster. Standard library only: it runs in the project venv.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "deploy" / "helm" / "advisor" / "rules"

# component -> host:port of its /metrics in the local stack (DESIGN.md's contract ports).
LOCAL_TARGETS = {
    "gateway": "127.0.0.1:8080",
    "dialogue": "127.0.0.1:9051",
    "portfolio": "127.0.0.1:9052",
    "compliance": "127.0.0.1:9053",
    "worker": "127.0.0.1:9054",
    "engine": "127.0.0.1:8000",
    "redis": "127.0.0.1:9121",
}


def write_config(workdir: Path, targets: dict[str, str], interval: str = "5s", release: str = "local") -> Path:
    """Prometheus config (JSON is YAML) plus copies of the chart's rule files with their group intervals set to
    ``interval``; returns the config path."""
    rules_dir = workdir / "rules"
    rules_dir.mkdir(parents=True, exist_ok=True)
    for src in sorted(RULES.glob("*.yaml")):
        text = re.sub(r"(?m)^(\s+interval:) \S+$", rf"\1 {interval}", src.read_text())
        (rules_dir / src.name).write_text(text)
    config = {
        "global": {"scrape_interval": interval, "evaluation_interval": interval},
        "rule_files": [str(p) for p in sorted(rules_dir.glob("*.yaml"))],
        "scrape_configs": [
            {
                "job_name": component,
                "metrics_path": "/metrics",
                "static_configs": [{"targets": [address], "labels": {"component": component, "release": release}}],
            }
            for component, address in targets.items()
        ],
    }
    path = workdir / "prometheus.yml"
    path.write_text(json.dumps(config, indent=2))
    return path


def start(workdir: Path, config: Path, port: int) -> subprocess.Popen[bytes]:
    binary = shutil.which("prometheus")
    if binary is None:
        raise SystemExit("prometheus is not installed: apt-get install -y prometheus (Debian)")
    log = (workdir / "prometheus.log").open("wb")
    return subprocess.Popen(
        [binary, f"--config.file={config}", f"--storage.tsdb.path={workdir / 'data'}",
         f"--web.listen-address=127.0.0.1:{port}", "--storage.tsdb.retention.time=2d", "--log.level=warn"],
        stdout=log, stderr=subprocess.STDOUT,
    )


def wait_ready(url: str, proc: subprocess.Popen[bytes], timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"prometheus exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/-/ready", timeout=1) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise TimeoutError("prometheus did not become ready")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=9090)
    parser.add_argument("--interval", default="5s")
    args = parser.parse_args(argv)
    workdir = ROOT / "var" / "observe"
    config = write_config(workdir, LOCAL_TARGETS, args.interval)
    proc = start(workdir, config, args.port)
    url = f"http://127.0.0.1:{args.port}"
    try:
        wait_ready(url, proc)
        print(f"prometheus is up: {url}  (targets: {url}/targets, rules: {url}/rules; Ctrl-C stops it)", flush=True)
        proc.wait()
    except KeyboardInterrupt:
        pass
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
