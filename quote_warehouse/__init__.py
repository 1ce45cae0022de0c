"""Who said what, when and where: the product's library, without Dagster.

Sub-packages by subject: `landing` (list and read landing files), `text`
(cleaning, dates), `extract` (statements, speakers, events), `store` (the
DuckDB tables the Python side writes), `pipeline` (the ingest and extract
stages as plain functions), `quality` (the GX suite runner) and
`evaluation` (scorers against hand annotations). `settings` is the one home
of every setting.
"""
