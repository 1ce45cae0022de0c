"""Evaluation of a built warehouse against hand annotations.

Plain typed functions, no Dagster:

- :mod:`quote_warehouse.evaluation.seeds_gold` scores the marts built from ``seeds/``
  against ``tests/gold/seeds_gold.json`` by the rules of
  ``tests/gold/README.md`` (statements, speakers, events, documents).
- :mod:`quote_warehouse.evaluation.polnear` scores extracted attributions against the
  PolNeAR brat annotations (``shared/corpus/polnear``): attributions whose cue
  is a verb of saying, and apart those whose content holds a quotation.
- :mod:`quote_warehouse.evaluation.polnear_warehouse` reads predictions from the marts
  of a warehouse built from a PolNeAR split and scores them;
  :mod:`quote_warehouse.evaluation.offsets` maps clean-text offsets back to the raw file.

The gold answers themselves live in test/corpus data, never in this code.
"""

from quote_warehouse.evaluation.polnear import (
    GoldAttribution,
    PolnearScore,
    PredictedAttribution,
    SubsetScore,
    format_polnear_report,
    is_speech_cue,
    load_polnear_gold,
    load_polnear_texts,
    score_polnear,
)
from quote_warehouse.evaluation.seeds_gold import (
    SeedsScore,
    format_seeds_report,
    load_gold,
    load_marts,
    normalize_text,
    score_seeds,
)

__all__ = [
    "GoldAttribution",
    "PolnearScore",
    "PredictedAttribution",
    "SeedsScore",
    "SubsetScore",
    "format_polnear_report",
    "format_seeds_report",
    "is_speech_cue",
    "load_gold",
    "load_marts",
    "load_polnear_gold",
    "load_polnear_texts",
    "normalize_text",
    "score_polnear",
    "score_seeds",
]
