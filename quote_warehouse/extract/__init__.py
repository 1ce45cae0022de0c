"""Statement, speaker and event extraction from clean article text (no Dagster)."""
