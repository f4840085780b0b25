"""The evaluation runner: drives a deployment only through its public API (the chat SSE route and the
OpenAI-compatible route) and writes a scorecard. ``python -m evals.runner --help``; docs/evaluation.md."""
