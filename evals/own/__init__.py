"""The platform's own evaluation sets, written alongside the code: regression floors, not measures of skill.
See evals/own/README.md."""
