"""The compliance engine and intent model as the service builds them at start-up: the same session fixtures as
the compliance service's own tests."""

from services.compliance.tests.conftest import engine, intent_model, normaliser

__all__ = ["engine", "intent_model", "normaliser"]
