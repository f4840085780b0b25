"""The table engine's own question set: raw cells, renderers, spreadsheet reference, cases, scoring."""
