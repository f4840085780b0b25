"""Evaluation of the platform through its public API: the runner (``python -m evals.runner``), the frozen sets
(``evals/sets/``) and the scorecards (``evals/results/``). See docs/evaluation.md."""
