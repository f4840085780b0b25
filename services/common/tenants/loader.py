"""Load the tenants' documents from a directory (one ``<tenant>.yaml`` each), validate all of them, and return one
immutable ``TenantSet`` or a ``TenantConfigError`` that names every problem as tenant, field and reason.

The directory is a plain folder locally (``tenants/``) and a mounted ConfigMap in the chart; Kubernetes' own
``..data`` entries and hidden files are skipped. The set's digest covers every file's name and bytes, so a
holder reloads exactly when something changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from services.common.tenants.model import TenantConfig
from services.common.tenants.overlay import BaseRule, check_overlay

DEFAULT_TENANT = "default"


@dataclass(frozen=True)
class Problem:
    tenant: str
    field: str
    reason: str
    file: str = ""

    def __str__(self) -> str:
        where = f"{self.file}: " if self.file else ""
        return f"{where}tenant {self.tenant!r}: {self.field or '(document)'}: {self.reason}"


class TenantConfigError(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("invalid tenant configuration:\n  " + "\n  ".join(str(p) for p in problems))


@dataclass(frozen=True)
class TenantSet:
    tenants: Mapping[str, TenantConfig]
    digest: str
    default: str = DEFAULT_TENANT
    files: Mapping[str, str] = field(default_factory=dict)  # tenant -> file name

    def get(self, tenant: str) -> TenantConfig | None:
        return self.tenants.get(tenant)

    @property
    def version(self) -> str:
        return ",".join(f"{t}@{c.version}" for t, c in sorted(self.tenants.items())) + f"#{self.digest[:12]}"


def tenant_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise TenantConfigError([Problem("*", "", f"no tenants directory at {directory}")])
    return sorted(p for p in directory.iterdir()
                  if p.suffix in (".yaml", ".yml") and not p.name.startswith(".") and p.is_file())


def _load_one(path: Path, raw: bytes, base: Mapping[str, BaseRule] | None) -> tuple[TenantConfig | None, list[Problem]]:
    stem = path.stem
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as err:
        return None, [Problem(stem, "", f"not valid YAML: {err}".replace("\n", " "), path.name)]
    if not isinstance(data, dict):
        return None, [Problem(stem, "", "the document must be a mapping", path.name)]
    tenant = str(data.get("tenant", stem))
    try:
        config = TenantConfig.model_validate(data)
    except ValidationError as err:
        return None, [Problem(tenant, ".".join(str(p) for p in e["loc"]), e["msg"], path.name) for e in err.errors()]
    # without the base packs (dialogue) only the document itself is checked; compliance and the gateway check overlays
    found = check_overlay(config, base) if base is not None else config.consistency_problems()
    problems = [Problem(tenant, f, r, path.name) for f, r in found]
    if config.tenant != stem:
        problems.append(Problem(tenant, "tenant", f"must equal the file name {stem!r}", path.name))
    return (None if problems else config), problems


def tenants_digest(directory: Path) -> str:
    """The digest ``load_tenants`` gives the directory, from the files' names and bytes alone (nothing parsed)."""
    digest = hashlib.sha256()
    for path in tenant_files(directory):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def load_tenants(directory: Path, base: Mapping[str, BaseRule] | None, default: str = DEFAULT_TENANT) -> TenantSet:
    """Every tenant in ``directory``, validated against the base rules; all problems reported at once."""
    digest = hashlib.sha256()
    tenants: dict[str, TenantConfig] = {}
    files: dict[str, str] = {}
    problems: list[Problem] = []
    for path in tenant_files(directory):
        raw = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + raw + b"\0")
        config, found = _load_one(path, raw, base)
        problems.extend(found)
        if config is not None:
            if config.tenant in tenants:
                problems.append(Problem(config.tenant, "tenant", f"defined twice ({files[config.tenant]})", path.name))
            tenants[config.tenant] = config
            files[config.tenant] = path.name
    if not problems and default not in tenants:
        problems.append(Problem(default, "", f"the default tenant has no document ({default}.yaml) in {directory}"))
    if problems:
        raise TenantConfigError(problems)
    return TenantSet(tenants, digest.hexdigest(), default, files)
