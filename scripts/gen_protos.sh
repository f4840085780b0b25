#!/usr/bin/env bash
# Regenerate Python code and type stubs from protos/advisor/v1/*.proto into OUT (default: protos/).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-protos}"
PY="${PYTHON:-.venv/bin/python}"
export PATH="$(cd "$(dirname "$PY")" && pwd):$PATH"  # protoc finds the mypy plugins next to the interpreter
mkdir -p "$OUT"
"$PY" -m grpc_tools.protoc -I protos \
  --python_out="$OUT" --grpc_python_out="$OUT" \
  --mypy_out="$OUT" --mypy_grpc_out="$OUT" \
  protos/advisor/v1/*.proto
