"""The compliance engine and intent model as the service builds them at start-up (shipped rules and corpus)."""

from __future__ import annotations

import pytest

from services.compliance.engine import Engine, EngineHolder
from services.compliance.guard.model import IntentModel, load_corpus
from services.compliance.normalize import Normaliser
from services.compliance.settings import DEFAULT_RULES_DIR


@pytest.fixture(scope="session")
def normaliser() -> Normaliser:
    return Normaliser.build()


@pytest.fixture(scope="session")
def engine(normaliser: Normaliser) -> Engine:
    return EngineHolder(DEFAULT_RULES_DIR, normaliser).engine


@pytest.fixture(scope="session")
def intent_model(normaliser: Normaliser) -> IntentModel:
    """Trained from the shipped corpus, as the service trains it at start-up (~2 s)."""
    return IntentModel.train(load_corpus(), normaliser)
