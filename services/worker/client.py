"""What a submitter (the gateway) may use of the worker: the job store, the report request and its check,
and the producer that queues a job. The worker's tasks, schedule and report rendering stay internal."""

from __future__ import annotations

from services.worker.jobs import IdempotencyConflict, Job, JobStore
from services.worker.report_request import ReportBody, analyze_body
from services.worker.reports import Enqueue, producer, submit

__all__ = ["Enqueue", "IdempotencyConflict", "Job", "JobStore", "ReportBody", "analyze_body", "producer", "submit"]
