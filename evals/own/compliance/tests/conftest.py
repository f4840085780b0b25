"""The compliance rulebook and intent model as the service builds them at start-up: the same session fixtures as
the compliance service's own tests."""

from services.compliance.tests.conftest import intent_model, normaliser, rulebook

__all__ = ["intent_model", "normaliser", "rulebook"]
