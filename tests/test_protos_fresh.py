"""CI fails when the committed generated protobuf code is stale (someone edited a .proto without `make protos`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ("_pb2.py", "_pb2.pyi", "_pb2_grpc.py", "_pb2_grpc.pyi")


def test_generated_code_matches_protos(tmp_path: Path) -> None:
    subprocess.run(
        ["bash", str(ROOT / "scripts/gen_protos.sh"), str(tmp_path)],
        check=True,
        capture_output=True,
        env={"PYTHON": sys.executable, "PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin"},
    )
    committed_dir = ROOT / "protos/advisor/v1"
    fresh = {p.name: p.read_bytes() for p in (tmp_path / "advisor/v1").iterdir() if p.name.endswith(GENERATED)}
    committed = {p.name: p.read_bytes() for p in committed_dir.iterdir() if p.name.endswith(GENERATED)}
    protos = sorted(p.stem for p in committed_dir.glob("*.proto"))
    assert protos, "no .proto files found"
    assert sorted(fresh) == sorted(committed), "generated files differ from the .proto set: run `make protos`"
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert not stale, f"stale generated code, run `make protos`: {stale}"
