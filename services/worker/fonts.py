"""The CJK font of Chinese reports: WenQuanYi Micro Hei from Debian's ``fonts-wqy-microhei``.

It is a TrueType collection with glyf outlines, which reportlab embeds (subset to the glyphs used); the Noto
CJK fonts are CFF-based OpenType, which reportlab cannot embed. Found on the usual path, else at
``WORKER_REPORT_FONT``; when missing and we are root on Debian, installed once from the package registry (like
scripts/ensure_redis.sh). Never downloaded from anywhere else; the container image installs the package.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import threading
from pathlib import Path

log = logging.getLogger(__name__)

PACKAGE = "fonts-wqy-microhei"
CANDIDATES = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc"),
)
FONT_NAME = "WQYMicroHei"
_lock = threading.Lock()
_registered: set[str] = set()


class FontMissing(Exception):
    """No CJK font and no way to install one: Chinese reports cannot be rendered."""


def find_cjk_font(configured: str = "") -> Path | None:
    for path in ([Path(configured)] if configured else []) + list(CANDIDATES):
        if path.is_file():
            return path
    return None


def ensure_cjk_font(configured: str = "", install: bool = True) -> Path:
    """The font's path, installing the Debian package first if allowed and possible (idempotent)."""
    found = find_cjk_font(configured)
    if found is not None:
        return found
    if install and os.geteuid() == 0 and shutil.which("apt-get"):
        log.warning("installing %s from Debian's packages (first use)", PACKAGE)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        done = subprocess.run(["apt-get", "install", "-y", "-qq", PACKAGE], env=env, capture_output=True)
        if done.returncode != 0:  # the package lists may be empty on a fresh machine
            subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True)
            subprocess.run(["apt-get", "install", "-y", "-qq", PACKAGE], env=env, capture_output=True)
        found = find_cjk_font(configured)
        if found is not None:
            return found
    raise FontMissing(f"no CJK font: install the Debian package {PACKAGE} or set WORKER_REPORT_FONT")


def register(path: Path) -> str:
    """Register the font with reportlab once per process; returns its name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    with _lock:
        if FONT_NAME not in _registered:
            pdfmetrics.registerFont(TTFont(FONT_NAME, str(path), subfontIndex=0))
            _registered.add(FONT_NAME)
    return FONT_NAME
