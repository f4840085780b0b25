"""What the gateway may use of the worker: the job store, the report request and its check, the producer that
queues a job, and the audit archive's per-tenant export (the tenant admin's audit route). The worker's tasks,
schedule and report rendering stay internal."""

from __future__ import annotations

from services.worker.audit_export import export_tenant
from services.worker.jobs import IdempotencyConflict, Job, JobStore
from services.worker.report_request import ReportBody, analyze_body
from services.worker.reports import Enqueue, producer, submit
from services.worker.store import AuditStore

__all__ = [
    "AuditStore", "Enqueue", "IdempotencyConflict", "Job", "JobStore", "ReportBody", "analyze_body", "export_tenant",
    "producer", "submit",
]
