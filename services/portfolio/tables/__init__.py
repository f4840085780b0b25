"""Exact numbers from data tables: parse the tables a message carries, plan one operation, compute, explain.

The entry point is :func:`services.portfolio.tables.api.answer`; everything here is plain Python (no I/O, no
clients), so the gRPC servicer and the gateway stay thin wrappers around it.
"""
