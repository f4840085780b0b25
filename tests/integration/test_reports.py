"""Portfolio reports through real processes: Redis, portfolio-tool, the gateway and real Celery workers
(``python -m services.worker``), each started by the supervisor ``make run`` uses. A report requested through
the API is produced by a worker and renders (pypdfium2) with its text on the page; bad input is refused at
submission with the field named; a worker killed mid-job leaves the job to finish exactly once on another."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pypdfium2 as pdfium
import pytest

from devstack.platform import start_edge
from devstack.stack import Proc, Stack, free_port, worker_proc
from gateway.auth import issue_token
from gateway.settings import GatewaySettings

SECRET = "reports-route-test-secret-0123456789abc"
BODY = {"holdings": [{"instrument": "AAPL", "weight": 0.5}, {"instrument": "MSFT", "weight": 0.3},
                     {"instrument": "KO", "weight": 0.2}],
        "start_date": "2021-01-01", "end_date": "2021-12-31", "benchmark": "SP500"}


@dataclass
class Edge:
    stack: Stack
    url: str
    redis_url: str
    ports: dict[str, int]
    work: Path

    def worker(self, name: str, **extra: str) -> Proc:
        env = {"consumer": name, "concurrency": "1", "log_level": "WARNING", "drain_in_worker": "false",
               "portfolio_target": f"127.0.0.1:{self.ports['portfolio']}",
               # a killed worker's message comes back after 3 s; a dead copy's lease frees after 2 s
               "visibility_timeout_s": "3", "job_lease_s": "2", **extra}
        proc = worker_proc(self.redis_url, f"sqlite:///{self.work / 'audit.db'}", free_port(), **env)
        proc.name = name
        return self.stack.start(proc)


def auth(user: str = "alice", tenant: str = "default") -> dict[str, str]:
    return {"Authorization": f"Bearer {issue_token(GatewaySettings(jwt_secret=SECRET), user, tenant, 600)}"}


@pytest.fixture(scope="module")
def edge(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Edge]:
    work = tmp_path_factory.mktemp("reports")
    e = start_edge(work, SECRET)
    yield Edge(e.stack, e.url, e.redis_url, e.ports, work)
    e.stack.stop_all()


def wait_for(check: Callable[[], dict], until: Callable[[dict], bool], procs: list[Proc],
             limit_s: float = 120.0) -> dict:
    """Poll until a condition holds; fails with the workers' logs if they die or it never does."""
    deadline = time.monotonic() + limit_s
    while True:
        state = check()
        if until(state):
            return state
        for p in procs:
            assert p.alive(), f"{p.name} exited:\n{p.tail()}"
        assert time.monotonic() < deadline, f"not reached: {state}\n" + "\n".join(p.tail() for p in procs)
        time.sleep(0.05)


def page_texts(pdf: bytes, tmp: Path) -> list[str]:
    """Render every page to an image (proves it renders) and extract its text."""
    doc = pdfium.PdfDocument(pdf)
    texts = []
    for i in range(len(doc)):
        page = doc[i]
        image = page.render(scale=1).to_pil()
        image.save(tmp / f"page{i}.png")
        # the page is not blank: a good share of pixels is ink (text, tables, the chart)
        grey = image.convert("L")
        assert sum(grey.histogram()[:200]) > 0.01 * grey.width * grey.height
        texts.append(page.get_textpage().get_text_range())
    return texts


def test_bad_input_is_refused_at_submission_with_the_field_named(edge: Edge) -> None:
    cases = [
        ({**BODY, "holdings": []}, 422, "invalid_request", "holdings"),
        ({**BODY, "holdings": [{"instrument": "NOPE"}]}, 422, "invalid_argument", "holdings[0].instrument"),
        ({**BODY, "start_date": "2030-01-01", "end_date": "2030-12-31"}, 422, "invalid_argument", "start_date"),
        ({**BODY, "language": "fr"}, 422, "invalid_request", "language"),
        ({**BODY, "end_date": "2021-13-01"}, 422, "invalid_request", "end_date"),
    ]
    for body, status, code, field in cases:
        resp = httpx.post(f"{edge.url}/v1/reports", json=body, headers=auth(), timeout=30)
        assert resp.status_code == status, (body, resp.text)
        err = resp.json()["error"]
        assert err["code"] == code and err["message"].startswith(field), (body, err)
    assert httpx.get(f"{edge.url}/v1/reports/nope", headers=auth(), timeout=10).status_code == 404


def test_report_through_the_api_is_produced_by_a_real_worker_and_renders(edge: Edge, tmp_path: Path) -> None:
    worker = edge.worker("w-render")
    try:
        headers = {**auth(), "Idempotency-Key": "render-zh-1"}
        first = httpx.post(f"{edge.url}/v1/reports", json={**BODY, "language": "zh"}, headers=headers, timeout=30)
        assert first.status_code == 202, first.text
        job_id = first.json()["job_id"]
        again = httpx.post(f"{edge.url}/v1/reports", json={**BODY, "language": "zh"}, headers=headers, timeout=30)
        assert again.status_code == 200 and again.json()["job_id"] == job_id  # same key, same job
        other = httpx.post(f"{edge.url}/v1/reports", json={**BODY, "language": "en"}, headers=headers, timeout=30)
        assert other.status_code == 409 and other.json()["error"]["code"] == "idempotency_conflict"

        def status() -> dict:
            return httpx.get(f"{edge.url}/v1/reports/{job_id}", headers=auth(), timeout=10).json()

        done = wait_for(status, lambda s: s["status"] in ("done", "failed"), [worker])
        assert done["status"] == "done", done
        assert done["progress"] == 100 and done["result"]["as_of"] == "2022-12-28"
        # another user of the same tenant, and the same user id in another tenant, cannot see it
        assert httpx.get(f"{edge.url}/v1/reports/{job_id}", headers=auth("bob"), timeout=10).status_code == 404
        assert httpx.get(f"{edge.url}/v1/reports/{job_id}", headers=auth(tenant="acme"), timeout=10).status_code == 404
        pdf = httpx.get(f"{edge.url}{done['result']['download']}", headers=auth(), timeout=10)
        assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
        text = "\n".join(page_texts(pdf.content, tmp_path))
        for expected in ("投资组合报告", "报告期间: 2021-01-04", "数据截至: 2022-12-28", "标普500指数", "最大回撤",
                         "峰值日期", "苹果 (AAPL)", "风险提示", "不构成投资建议", "skfolio"):
            assert expected in text, expected
    finally:
        edge.stack.stop(worker)


def test_worker_killed_mid_job_the_job_finishes_exactly_once_on_another(edge: Edge, tmp_path: Path) -> None:
    # The first worker hangs inside the job (alive, holding the lease) until it is killed.
    first = edge.worker("w-doomed", fault_hang_at_stage="growth")
    procs = [first]
    try:
        resp = httpx.post(f"{edge.url}/v1/reports", json={**BODY, "language": "en"}, headers=auth(), timeout=30)
        assert resp.status_code == 202, resp.text
        job_id = resp.json()["job_id"]

        def status() -> dict:
            return httpx.get(f"{edge.url}/v1/reports/{job_id}", headers=auth(), timeout=10).json()

        mid = wait_for(status, lambda s: s["status"] == "running" and s["stage"] == "growth", procs)
        assert 0 < mid["progress"] < 100
        assert first.popen is not None
        os.killpg(first.popen.pid, signal.SIGKILL)
        first.popen.wait()
        procs = [edge.worker("w-rescue")]
        done = wait_for(status, lambda s: s["status"] in ("done", "failed"), procs)
        assert done["status"] == "done", done
        assert done["attempts"] == 2  # the killed copy and the one that finished
        import redis

        client = redis.Redis.from_url(edge.redis_url)
        record = client.hgetall(f"advisor:jobs:default:job:{job_id}")
        assert record[b"completions"] == b"1" and record[b"completed_by"].startswith(b"w-rescue")
        pdf = httpx.get(f"{edge.url}{done['result']['download']}", headers=auth(), timeout=10)
        text = "\n".join(page_texts(pdf.content, tmp_path))
        assert "Portfolio report" in text and "Data as of: 2022-12-28" in text
        assert "not investment advice" in text
    finally:
        for p in procs:
            edge.stack.stop(p)
