"""Launcher pieces that need no vLLM: the command line from settings, and stopping a whole process tree."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from services.engine.vllm.launcher import VllmServer, server_argv, server_env
from services.engine.vllm.settings import VllmEngineSettings


def test_command_line_and_environment_come_from_settings() -> None:
    s = VllmEngineSettings(port=8123, max_num_seqs=7, max_model_len=1024, dtype="float32", kv_cache_space_gib=3)
    argv = server_argv(Path("/venv/bin/python"), Path("/models/m"), s)
    assert argv[:3] == ["/venv/bin/python", "-m", "vllm.entrypoints.openai.api_server"]
    pairs = dict(zip(argv[3::2], argv[4::2], strict=False))
    assert pairs["--model"] == "/models/m" and pairs["--port"] == "8123"
    assert pairs["--max-num-seqs"] == "7" and pairs["--max-model-len"] == "1024" and pairs["--dtype"] == "float32"
    assert pairs["--served-model-name"] == "SmolLM2-135M-Instruct"
    env = server_env(s)
    assert env["VLLM_CPU_KVCACHE_SPACE"] == "3" and env["HF_HUB_OFFLINE"] == "1"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie has exited; count it as gone.
    return Path(f"/proc/{pid}/stat").read_text().split(")")[1].split()[0] != "Z"


def test_stop_kills_the_whole_process_tree(tmp_path: Path) -> None:
    # A parent that spawns a child which ignores SIGTERM, like a stuck worker.
    pids = tmp_path / "pids"
    script = (
        "import os, signal, subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', "
        "'import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)'])\n"
        f"open({str(pids)!r}, 'w').write(f'{{os.getpid()}} {{child.pid}}')\n"
        "time.sleep(60)\n"
    )
    server = VllmServer(VllmEngineSettings(stop_grace_s=1.0), Path(sys.executable), Path("."), echo=lambda _: None)
    server.argv = [sys.executable, "-c", script]
    server.start()
    for _ in range(100):
        if pids.exists() and pids.read_text():
            break
        time.sleep(0.05)
    parent, child = (int(x) for x in pids.read_text().split())
    assert _alive(parent) and _alive(child)
    server.stop()
    time.sleep(0.2)
    assert not _alive(parent) and not _alive(child)


def test_dtype_follows_the_cpu(tmp_path: Path) -> None:
    """bfloat16 only with native bf16 support (AVX-512 BF16 or AMX), float32 elsewhere (AVX2-only CPUs run bf16
    through slow fallback kernels, 3x slower there); an explicit setting wins."""
    from services.engine.vllm.settings import cpu_flags, dtype_for

    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text("processor\t: 0\nflags\t\t: fpu sse2 avx avx2 fma\n")
    assert dtype_for(cpu_flags(cpuinfo)) == "float32"
    cpuinfo.write_text("flags\t\t: avx2 avx512f avx512_bf16\n")
    assert dtype_for(cpu_flags(cpuinfo)) == "bfloat16"
    assert dtype_for({"avx2", "amx_bf16", "amx_tile"}) == "bfloat16"
    assert cpu_flags(tmp_path / "missing") == set()
    assert VllmEngineSettings(dtype="bfloat16").effective_dtype == "bfloat16"
    assert VllmEngineSettings(dtype="").effective_dtype == dtype_for(cpu_flags())
