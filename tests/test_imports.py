"""What each package may import (docs/architecture.md, "What each package may import"), checked on the source.

Every .py file under the roots below is parsed with ``ast``; its imports (absolute and relative, resolved) are
checked against the rules:

1. A service (``services/<svc>/``, its tests included) imports another service only through that service's public
   client surface (``PUBLIC``), or ``services.common``. Internals are not shared: what two services both need goes
   to ``services/common`` (e.g. ``services/common/text``, the numerals and argument extraction that dialogue's
   planner and the table engine share).
2. ``services/common`` imports no service.
3. ``gateway/`` imports only ``services.common`` and what its routes need (``GATEWAY``).
4. Run-time code (``services/`` and ``gateway/`` outside their tests) imports none of the harnesses
   (``HARNESSES``): what a service runs with must not depend on bench, load-test, evaluation or test code.
5. Only tests import test modules (a ``tests`` package, ``test_*.py``, ``conftest.py``): fakes stay out of shipped
   code.

The allowances are data, each with the reason it exists; keep them as few as possible. Harnesses (tools, bench,
loadtests, evals) may import any service: they start, drive and measure the services.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ROOTS = ("gateway", "services", "devstack", "bench", "loadtests", "evals")
SERVICES = ("dialogue", "portfolio", "compliance", "worker", "engine")
HARNESSES = ("devstack", "bench", "loadtests", "evals", "tests")

# What one service may import from another: the other service's public client surface, nothing else.
PUBLIC = {
    "services.compliance.client": "dialogue screens input, reviews output and records suitability through it",
    "services.compliance.rules": "dialogue checks tenant overlays against the base rule packs when it loads tenant "
                                 "documents, as compliance and the gateway do: data only, no compliance code runs",
    "services.portfolio.client": "dialogue's tools call portfolio-tool through it",
    "services.portfolio.marketdata": "the worker's nightly check validates the market data portfolio-tool ships, "
                                     "read by portfolio-tool's own loader (no second parser of the files)",
    "services.engine.pool": "the engine's client: the inference-pool client (replica choice, health, discovery, "
                            "metrics) dialogue streams answers through (docs/routing.md); a package, not one module",
}

# What the gateway may import from services/ (its own modules and the protos aside).
GATEWAY = {
    "services.common": "the shared runtime: settings base, logs, errors, metrics, Redis, the gRPC client kit",
    "services.dialogue.client": "every chat, session and profile route calls dialogue through it",
    "services.worker.client": "the report routes queue jobs, and the tenant admin's audit route exports, through it",
    "services.compliance.rules": "tenant overlays are checked against the base rule packs (ids, actions, scopes) "
                                 "when the gateway loads them: data only, no compliance code runs",
    "services.portfolio.client": "POST /v1/portfolio/analyze calls portfolio-tool through it",
    "services.portfolio.http_models": "the JSON body and result models of that route, validated at the edge",
}

# Tests that cross a service line on purpose: (test file, imported module or package) -> why. An entry nobody
# uses any more fails test_every_cross_service_allowance_is_still_needed, so this list only shrinks.
CROSS_SERVICE_TESTS = {
    ("services/engine/pool/tests/test_client_http.py", "services.dialogue.engine_client"):
        "the pool's retry and failover over real HTTP, through its one caller (dialogue's EngineClient)",
    ("services/engine/pool/tests/test_client_http.py", "services.dialogue.models"):
        "the chat messages and generation options that EngineClient takes",
    ("services/engine/pool/tests/test_dialogue_wiring.py", "services.dialogue"):
        "dialogue's start-up builds the pool from its settings (discovery, metrics) against the fake API server",
    ("services/common/tenants/tests/test_tenants.py", "services.compliance.rules"):
        "overlays are validated against the real base rule packs, not a copy of their ids",
    ("services/common/tenants/tests/test_tenants.py", "services.dialogue.planning.calls"):
        "a tenant's enabled tools must be tools the planner can call",
    ("services/compliance/tests/test_output_model.py", "services.dialogue.knowledge.base"):
        "the curated definitions dialogue answers from must pass output review (read as held-out text)",
    ("services/worker/tests/conftest.py", "services.compliance.audit"):
        "the worker consumes exactly the events compliance's audit sink writes: the Redis stream is their contract",
}


@dataclass(frozen=True)
class Imported:
    path: str  # relative to the repository root, with forward slashes
    line: int
    module: str  # a module, or module.name for ``from module import name`` (the name may be a submodule)


def within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def imports_of(path: str, source: str) -> Iterator[Imported]:
    """Every import in ``source`` (the file at ``path``), relative ones resolved against its package."""
    package = path.split("/")[:-1]  # a.py and a/__init__.py alike: relative imports start from the directory
    for node in ast.walk(ast.parse(source, filename=path)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Imported(path, node.lineno, alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            for alias in node.names:
                yield Imported(path, node.lineno, f"{module}.{alias.name}")


def is_test(path: str) -> bool:
    parts = path.split("/")
    return "tests" in parts[:-1] or parts[-1].startswith("test_") or parts[-1] == "conftest.py"


def is_test_module(module: str) -> bool:
    parts = module.split(".")
    return parts[0] == "tests" or "tests" in parts[1:] or any(p.startswith("test_") or p == "conftest" for p in parts)


def owner(path: str) -> str:
    """``services/<svc>/...`` -> <svc> (``common`` included); anything else -> its top-level directory."""
    parts = path.split("/")
    return parts[1] if parts[0] == "services" and len(parts) > 2 else parts[0]


def violations(imp: Imported) -> list[str]:
    """The rules this import breaks (an empty list when it is allowed)."""
    where, name, home = f"{imp.path}:{imp.line} imports {imp.module}", imp.module, owner(imp.path)
    out = []
    target = name.split(".")[1] if name.startswith("services.") else ""
    allowed_test = any(imp.path == f and within(name, m) for f, m in CROSS_SERVICE_TESTS)
    if imp.path.startswith("services/") and target and target != home and not allowed_test:
        if home == "common":
            out.append(f"{where}: services/common imports no service")
        elif target != "common" and not any(within(name, p) for p in PUBLIC):
            out.append(f"{where}: {home} may import from another service only its public client "
                       f"({', '.join(PUBLIC)})")
    if home == "gateway" and target and not any(within(name, p) for p in GATEWAY):
        out.append(f"{where}: the gateway imports only {', '.join(GATEWAY)} from services/")
    runtime = home in SERVICES or home in ("common", "gateway")
    if runtime and not is_test(imp.path) and name.split(".")[0] in HARNESSES:
        out.append(f"{where}: run-time code imports no harness ({', '.join(HARNESSES)})")
    if not is_test(imp.path) and is_test_module(name):
        out.append(f"{where}: only tests import test modules")
    return out


def python_files() -> list[str]:
    return sorted(
        p.relative_to(ROOT).as_posix()
        for root in ROOTS
        for p in (ROOT / root).rglob("*.py")
        if "__pycache__" not in p.parts
    )


def all_imports() -> list[Imported]:
    return [imp for path in python_files() for imp in imports_of(path, (ROOT / path).read_text(encoding="utf-8"))]


def test_every_package_imports_only_what_it_may() -> None:
    found = [v for imp in all_imports() for v in violations(imp)]
    assert not found, "\n".join(found)


def test_every_cross_service_allowance_is_still_needed() -> None:
    used = {(imp.path, m) for imp in all_imports() for f, m in CROSS_SERVICE_TESTS
            if imp.path == f and within(imp.module, m)}
    assert not set(CROSS_SERVICE_TESTS) - used, "remove the allowances nothing uses any more"


def test_the_roots_are_there() -> None:
    files = python_files()
    for root in ROOTS:
        assert any(f.startswith(root + "/") for f in files), root
    for svc in (*SERVICES, "common"):
        assert any(f.startswith(f"services/{svc}/") for f in files), svc


@pytest.mark.parametrize(("path", "source"), [
    ("services/portfolio/tables/resolve.py", "from services.dialogue.planning.extract import extract\n"),
    ("services/portfolio/tables/resolve.py", "from services.dialogue import planning\n"),
    ("services/dialogue/tools.py", "import services.portfolio.tables.api\n"),
    ("services/common/text/extract.py", "from services.dialogue.planning.plan import Plan\n"),
    ("gateway/app.py", "from services.dialogue.settings import DialogueSettings\n"),
    ("services/compliance/core.py", "from evals.own.compliance.evaluation import evaluate\n"),
    ("bench/routing.py", "from services.engine.pool.tests.fake_k8s import FakeKubeAPI\n"),
    ("services/dialogue/planning/plan.py", "from ...portfolio.tables import api\n"),
])
def test_a_violation_is_reported(path: str, source: str) -> None:
    assert [v for imp in imports_of(path, source) for v in violations(imp)]


@pytest.mark.parametrize(("path", "source"), [
    ("services/dialogue/tools.py", "from services.portfolio.client import PortfolioClient\n"),
    ("services/dialogue/tools.py", "from services.portfolio import client\n"),
    ("services/dialogue/engine_client.py", "from services.engine.pool.pool import EnginePool\n"),
    ("services/portfolio/tables/resolve.py", "from services.common.text.extract import extract\n"),
    ("services/portfolio/tables/resolve.py", "from .cells import parse_num\n"),
    ("gateway/routes_portfolio.py", "from services.portfolio.http_models import AnalyzeBody\n"),
    ("bench/compliance_bench.py", "from services.compliance.rulebook import Rulebook\n"),
    ("services/portfolio/tables/tests/test_robustness.py", "from evals.own.tables.cases import T1\n"),
])
def test_an_allowed_import_is_not_reported(path: str, source: str) -> None:
    assert not [v for imp in imports_of(path, source) for v in violations(imp)]
