"""Compliance's own sets: the labelled evaluation set (labelled/) and the red-team sets (redteam/), with the
evaluation code the tests and ``make bench`` share (evaluation.py)."""
