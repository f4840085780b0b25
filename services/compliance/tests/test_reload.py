from __future__ import annotations

import shutil
from pathlib import Path

from services.compliance.normalize import Normaliser
from services.compliance.review import StreamReviewer
from services.compliance.rulebook import RulebookHolder


def test_packs_reload_without_restart_and_a_broken_pack_keeps_the_old_set(
    tmp_path: Path, rules_dir: Path, normaliser: Normaliser
) -> None:
    work = tmp_path / "rules"
    shutil.copytree(rules_dir, work)
    holder = RulebookHolder(work, normaliser)
    old = holder.rulebook
    assert not holder.reload()  # unchanged

    pack = work / "zh.yaml"
    pack.write_text(pack.read_text(encoding="utf-8").replace("包赚,", "包赚, 闭眼赚,"), encoding="utf-8")
    assert holder.reload()
    assert holder.rulebook.ruleset.version != old.ruleset.version
    reviewer = StreamReviewer(holder.rulebook)
    reviewer.finish("这个产品闭眼赚。")
    assert reviewer.blocked
    in_flight = StreamReviewer(old)  # a review that started before the reload keeps its rulebook
    in_flight.finish("这个产品闭眼赚。")
    assert not in_flight.blocked

    pack.write_text("pack: zh\nrules:\n  - id: broken\n", encoding="utf-8")
    current = holder.rulebook
    assert not holder.reload()
    assert holder.rulebook is current
