"""Grounded explanations: a curated bilingual knowledge base of investment terms, product types, risk levels,
rules and processes, each entry with its source, and the lookup that finds the entry a question is about.

``KnowledgeBase.load()`` reads ``entries.yaml`` once and checks every entry; ``lookup`` / ``lookup_async`` return
the best :class:`Match` or ``None``. Nothing is loaded at import time: callers construct the base (README.md).
"""

from services.dialogue.knowledge.base import KnowledgeBase, Match
from services.dialogue.knowledge.entries import KINDS, Entry, KnowledgeError, load_entries

__all__ = ["KINDS", "Entry", "KnowledgeBase", "KnowledgeError", "Match", "load_entries"]
