from __future__ import annotations

from pathlib import Path

import pytest

from services.compliance.intent.model import IntentModel, load_corpus
from services.compliance.normalize import Normaliser
from services.compliance.output.model import OutputModel, load_output_corpus
from services.compliance.rulebook import Rulebook, RulebookHolder
from services.compliance.settings import DEFAULT_RULES_DIR


@pytest.fixture(scope="session")
def normaliser() -> Normaliser:
    return Normaliser.build()


@pytest.fixture(scope="session")
def rulebook(normaliser: Normaliser) -> Rulebook:
    return RulebookHolder(DEFAULT_RULES_DIR, normaliser).rulebook


@pytest.fixture(scope="session")
def rules_dir() -> Path:
    return DEFAULT_RULES_DIR


@pytest.fixture(scope="session")
def intent_model(normaliser: Normaliser) -> IntentModel:
    """The intent model trained from the shipped corpus, as the service trains it at start-up (~2 s)."""
    return IntentModel.train(load_corpus(), normaliser)


@pytest.fixture(scope="session")
def output_model(normaliser: Normaliser) -> OutputModel:
    """The learned output layer trained from the shipped corpus, as the service trains it at start-up."""
    return OutputModel.train(load_output_corpus(), normaliser)
