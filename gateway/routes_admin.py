"""The tenant admin API: an institution's own configuration, usage and audit export (docs/api.md, docs/tenants.md).

Every route needs a token with ``role: tenant_admin`` and answers for the token's tenant only. A ``tenant``
query parameter naming any other tenant, configured or not, is 404 ``tenant_not_found``, the same answer as for a
tenant that does not exist, so ids cannot be probed. A user token is 403 ``forbidden``.
"""

from __future__ import annotations

import tempfile
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Query, Request
from starlette.concurrency import run_in_threadpool

from gateway.auth import Principal
from gateway.deps import Deps, charge, principal_of
from gateway.errors import COMMON_ERRORS, ApiError
from gateway.tenancy import sum_rows
from services.worker.client import AuditStore, export_tenant

router = APIRouter(tags=["admin"])

ERRORS: dict[int | str, dict[str, Any]] = {
    **COMMON_ERRORS,
    403: {"description": "`forbidden`: the token is not a tenant admin's"},
    404: {"description": "`tenant_not_found`: the `tenant` parameter names another tenant"},
    503: {"description": "`audit_unavailable`: this gateway has no audit archive configured"},
}
DateParam = Annotated[str | None, Query(alias="from", pattern=r"^\d{4}-\d{2}-\d{2}$")]
ToParam = Annotated[str | None, Query(alias="to", pattern=r"^\d{4}-\d{2}-\d{2}$")]
TenantParam = Annotated[str | None, Query(max_length=64)]


async def tenant_admin(request: Request, tenant: TenantParam = None) -> Principal:
    principal = principal_of(request)
    if principal.role != "tenant_admin":
        raise ApiError(403, "forbidden", "this route needs a tenant admin's token")
    if tenant is not None and tenant != principal.tenant:
        raise ApiError(404, "tenant_not_found", "tenant not found")
    await charge(request, principal)  # an admin's calls (an export is heavy) count like any other
    return principal


Admin = Annotated[Principal, Depends(tenant_admin)]


def _period(start: str | None, end: str | None, default_days: int, max_days: int) -> tuple[date, date]:
    """``from`` inclusive, ``to`` exclusive (UTC dates); by default the last ``default_days`` days up to today."""
    try:
        last = date.fromisoformat(end) if end else datetime.now(UTC).date() + timedelta(days=1)
        first = date.fromisoformat(start) if start else last - timedelta(days=default_days)
    except ValueError as err:
        raise ApiError(422, "invalid_request", f"from/to: {err}") from err
    if first >= last:
        raise ApiError(422, "invalid_request", "from must be before to (to is exclusive)")
    if (last - first).days > max_days:
        raise ApiError(422, "invalid_request", f"the period is longer than {max_days} days; ask for less")
    return first, last


@router.get("/v1/admin/tenant", responses=ERRORS)
async def get_tenant(request: Request, principal: Admin) -> dict[str, Any]:
    deps: Deps = request.app.state.deps
    holder = deps.tenancy.holder
    config = holder.get(principal.tenant)
    if config is None:  # a token for a tenant without a document (dev mode): it runs on the default's
        raise ApiError(404, "tenant_not_found", "this tenant has no configuration document")
    return {
        "tenant": config.tenant,
        "version": config.version,
        "digest": holder.current.digest,
        "config": config.public(),
        "pending_errors": holder.errors_for(principal.tenant),
    }


@router.get("/v1/admin/usage", responses=ERRORS)
async def get_usage(request: Request, principal: Admin, start: DateParam = None, end: ToParam = None
                    ) -> dict[str, Any]:
    deps: Deps = request.app.state.deps
    first, last = _period(start, end, 7, 92)
    days = await deps.tenancy.usage.days(principal.tenant, first, last - timedelta(days=1))
    totals = sum_rows(days)
    quotas = deps.tenancy.holder.resolve(principal.tenant).quotas
    used_today = await deps.tenancy.usage.tokens_today(principal.tenant)
    return {
        "tenant": principal.tenant,
        "from": first.isoformat(),
        "to": last.isoformat(),
        "days": days,
        "totals": totals,
        "quotas": quotas.model_dump(),
        "today": {"tokens_used": used_today, "tokens_remaining": max(0, quotas.tokens_per_day - used_today)},
    }


class AuditExports:
    """The audit archive, opened on first use; exports are serialised (one SQL connection per gateway)."""

    def __init__(self, dsn: str) -> None:
        self._dsn = dsn
        self._store: AuditStore | None = None
        self._lock = threading.Lock()

    def export(self, tenant: str, first: date, last: date) -> dict[str, Any]:
        if not self._dsn:
            raise ApiError(503, "audit_unavailable", "no audit archive is configured for this gateway", 30)
        with self._lock, tempfile.TemporaryDirectory(prefix="audit-export-") as tmp:
            if self._store is None:
                self._store = AuditStore(self._dsn)
            result = export_tenant(self._store, tenant, first.isoformat(), last.isoformat(), Path(tmp))
            records = [orjson.loads(line) for line in Path(result.file).read_bytes().splitlines() if line]
        return {
            "tenant": tenant,
            "from": result.start,
            "to": result.end,
            "rows": result.rows,
            # The chain runs over all tenants: chain_ok covers the whole archive, rows_ok each exported row's own
            # link, head_hash lets an auditor check these rows against the archive's head.
            "verification": {"chain_ok": result.chain_ok, "rows_ok": result.rows_ok, "head_hash": result.head_hash,
                             "first_bad_seq": result.first_bad_seq},
            "records": records,
        }

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


@router.get("/v1/admin/audit", responses=ERRORS)
async def get_audit(request: Request, principal: Admin, start: DateParam = None, end: ToParam = None
                    ) -> dict[str, Any]:
    deps: Deps = request.app.state.deps
    first, last = _period(start, end, 1, deps.settings.admin_audit_max_days)
    exports: AuditExports = request.app.state.audit
    return await run_in_threadpool(exports.export, principal.tenant, first, last)
