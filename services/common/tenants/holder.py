"""The current tenant set and its hot reload (as the compliance rulebook holder does it).

``reload()`` re-reads the directory and swaps in a new, immutable ``TenantSet`` in one assignment when the files'
digest changed. Work that already holds a ``TenantConfig`` (an open answer stream) finishes on the version it
started with; nothing is closed or restarted. A broken edit keeps the current set; the error is logged and kept
in ``last_error`` (the admin API shows it to the tenant whose file it is).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from pathlib import Path

from services.common.tenants.loader import TenantConfigError, TenantSet, load_tenants, tenants_digest
from services.common.tenants.model import TenantConfig
from services.common.tenants.overlay import BaseRule

log = logging.getLogger(__name__)


class TenantsHolder:
    def __init__(self, directory: Path, base: Mapping[str, BaseRule] | None, default: str = "default") -> None:
        """Loads at once: an invalid directory at start is an error (the process must not start on it). ``base``
        None: overlays are not checked here (a service that does not apply them)."""
        self._dir = directory
        self._base = dict(base) if base is not None else None
        self._default = default
        self.current: TenantSet = load_tenants(directory, self._base, default)
        self.last_error: TenantConfigError | None = None
        self.reloads = 0

    def rebase(self, base: Mapping[str, BaseRule]) -> None:
        """New base packs: the next edit is checked against them (documents already loaded are not re-checked;
        compliance applies them never looser than the new packs)."""
        self._base = dict(base)

    def get(self, tenant: str) -> TenantConfig | None:
        return self.current.get(tenant)

    def resolve(self, tenant: str) -> TenantConfig:
        """The tenant's document, or the default tenant's for a tenant without one."""
        ts = self.current
        return ts.tenants.get(tenant) or ts.tenants[ts.default]

    def reload(self) -> bool:
        """True when a changed, valid set was swapped in."""
        try:
            if tenants_digest(self._dir) == self.current.digest and self.last_error is None:
                return False  # unchanged: nothing parsed (this runs every few seconds)
            fresh = load_tenants(self._dir, self._base, self._default)
        except TenantConfigError as err:
            if self.last_error is None or str(err) != str(self.last_error):
                log.error("tenant configuration reload refused; keeping %s: %s", self.current.version, err)
            self.last_error = err
            return False
        except OSError as err:  # the mount is being swapped: try again on the next tick
            log.warning("tenant directory unreadable (%s); keeping %s", err, self.current.version)
            return False
        self.last_error = None
        if fresh.digest == self.current.digest:
            return False
        self.current = fresh
        self.reloads += 1
        log.info("tenant configuration reloaded", extra={"tenants_version": fresh.version})
        return True

    def errors_for(self, tenant: str) -> list[str]:
        """The pending (refused) edit's problems that concern ``tenant``."""
        if self.last_error is None:
            return []
        return [f"{p.field or '(document)'}: {p.reason}" for p in self.last_error.problems if p.tenant == tenant]

    async def watch(self, interval_s: float) -> None:
        """Reload every ``interval_s`` until cancelled (the gateway runs this in its lifespan)."""
        while True:
            await asyncio.sleep(interval_s)
            with contextlib.suppress(Exception):
                await asyncio.to_thread(self.reload)
