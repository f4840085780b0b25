# The platform's commands. Every target sets up what it needs (venv, packages, Redis, model) on first use.
SHELL := /bin/bash
PY := .venv/bin/python
ENGINE ?= vllm
USER ?= alice
TENANT ?= default
export PYTHONPATH := $(CURDIR):$(CURDIR)/protos

.PHONY: help venv run token test test-unit test-e2e test-deploy deploy-check observe lint protos bench loadtest chaos clean

help:
	@echo "make run [ENGINE=sim]   start the whole stack on 127.0.0.1 (gateway :8080)"
	@echo "make test               the CI suite (unit + integration + e2e on real vLLM-CPU)"
	@echo "make test-unit          unit + integration tiers only (no vLLM)"
	@echo "make lint               ruff + mypy"
	@echo "make bench              benchmarks -> bench/results/latest.json and .md"
	@echo "make eval [TARGET=url] [SUITE=name] [ENGINE=sim|vllm] [SHORT=1]  evaluation -> evals/results/<date>/"
	@echo "make loadtest           locust headless against a local stack"
	@echo "make token USER=alice   a dev bearer token"
	@echo "make protos             regenerate protobuf code"
	@echo "make chaos              kill each service mid-answer, report recovery and lost audit/turns"
	@echo "make deploy-check       render + lint + validate the Helm chart, checkov, promtool, chart tests"
	@echo "make observe            a real Prometheus scraping the stack that make run started"

venv:
	@scripts/bootstrap_venv.sh

redis-bin:
	@scripts/ensure_redis.sh >/dev/null

run: venv redis-bin
	@$(PY) -m devstack.platform --engine $(ENGINE)

token: venv
	@$(PY) -m gateway.token $(USER) $(TENANT)

protos: venv
	@scripts/gen_protos.sh

lint: venv
	$(PY) -m ruff check .
	$(PY) -m mypy

# pytest exits 5 when it collects no test: that is a failure here, never a silent pass.
# The audit worker's PostgreSQL tier runs on a private server from scripts/ensure_postgres.sh (skipped, visibly,
# only where PostgreSQL cannot be installed); the web app's browser tier (tests/browser) on Debian's chromium from
# scripts/ensure_chromium.sh (likewise).
test-unit: venv redis-bin
	@scripts/ensure_chromium.sh >/dev/null || true
	WORKER_TEST_PG_BIN=$$(scripts/ensure_postgres.sh || true) $(PY) -m pytest -q

test-e2e: venv redis-bin
	$(PY) -m pytest -q -m e2e tests/e2e services/engine

test: test-unit deploy-check test-e2e

bench: venv redis-bin
	$(PY) -m bench.run

# LOADTEST_ARGS="--profile ramp|overload|soak" picks a longer run (python -m loadtests.run --help lists them).
loadtest: venv redis-bin
	$(PY) -m loadtests.run $(LOADTEST_ARGS)

# Kill each service in turn mid-answer under light load (loopback only, bounded); CHAOS_ARGS="--faults dialogue".
chaos: venv redis-bin
	$(PY) -m devstack.chaos $(CHAOS_ARGS)

deploy-check: venv redis-bin
	@scripts/deploy_check.sh

observe: venv
	@$(PY) -m deploy.observe

clean:
	rm -rf .venv var .pytest_cache .mypy_cache .ruff_cache

# Evaluation through the public API (docs/evaluation.md): the local stack unless TARGET is given (token: EVAL_TOKEN).
.PHONY: eval
eval: venv redis-bin
	$(PY) -m evals.runner --engine $(ENGINE) $(if $(TARGET),--target $(TARGET)) $(if $(SUITE),--suite $(SUITE)) $(if $(SHORT),--short) $(if $(SPLIT),--split $(SPLIT))
