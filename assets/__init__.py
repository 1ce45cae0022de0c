"""Asset code and the plain text/NLP functions behind it.

The Dagster assets are thin wrappers; everything they compute lives in plain,
typed functions in the modules of this package so tests can call them without
Dagster.
"""
