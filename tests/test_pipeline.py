"""End to end on seeds/: real ingest, extraction, dbt build, GX checks in Dagster."""

from __future__ import annotations

import json
import re
import unicodedata

from quote_warehouse.evaluation.seeds_gold import load_gold, load_marts, score_seeds
from tests.conftest import GOLD, read_table


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)
    s = re.sub(r"[“”„«»]", '"', s).replace("’", "'").replace("‘", "'")
    return " ".join(s.casefold().split())


def test_run_succeeds_and_every_check_passes(seeds_build):
    result = seeds_build.result
    assert result.success
    evaluations = result.get_asset_check_evaluations()
    names = {e.check_name for e in evaluations}
    assert {"gx_raw_suite", "gx_staging_suite", "gx_marts_suite"} <= names
    assert any(n.startswith(("unique", "not_null", "accepted_values", "relationships")) for n in names)
    failed = [(e.asset_key.to_user_string(), e.check_name) for e in evaluations if not e.passed]
    assert failed == []


def test_seeds_scored_against_gold(seeds_build):
    score = score_seeds(load_marts(seeds_build.db_path), load_gold(GOLD))
    assert score.f1 >= 0.95, score
    assert score.type_accuracy >= 0.95
    assert score.missing_direct == []
    assert score.not_speakers_present == []
    assert score.missing_speakers == []
    assert score.split_speakers == {}
    assert score.events_matched == score.events_total == 7
    assert score.counted_twice == []
    assert score.speakers_ok and score.events_ok
    assert all(d.duplicate_ok for d in score.documents)


def test_copy_from_pdf_is_a_duplicate(seeds_build):
    docs = read_table(seeds_build.db_path, "select document_id, file_name, duplicate_of from marts.documents")
    by_prefix = {row.file_name[:3]: row for row in docs.itertuples()}
    assert by_prefix["001"].duplicate_of == by_prefix["000"].document_id
    assert docs.duplicate_of.notna().sum() == 1


def test_every_input_file_is_a_document_or_rejected(seeds_build):
    files = sorted(p.name for p in seeds_build.raw_dir.iterdir())
    docs = read_table(seeds_build.db_path, "select file_name from marts.documents")
    rejected = read_table(seeds_build.db_path, "select file_name from marts.rejected_files")
    assert sorted([*docs.file_name, *rejected.file_name]) == files


def test_sources_slice_their_part_out_of_the_clean_text(seeds_build):
    rows = read_table(seeds_build.db_path, """
        select s.text, d.clean_text, ss.char_start, ss.char_end
        from marts.statement_sources ss
        join marts.statements s using (statement_id)
        join marts.documents d using (document_id)""")
    assert len(rows) > 0
    for r in rows.itertuples():
        part = r.clean_text[r.char_start:r.char_end]
        assert part.strip() == part and part
        assert _norm(part) in _norm(r.text)


def test_split_quote_is_one_statement_with_two_sources_per_copy(seeds_build):
    rows = read_table(seeds_build.db_path, """
        select s.statement_id, count(*) as parts, count(distinct ss.document_id) as docs
        from marts.statements s join marts.statement_sources ss using (statement_id)
        where s.quote_type = 'direct' group by s.statement_id""")
    # a split quote seen in two copies: 2 parts x 2 documents
    assert ((rows.parts == 4) & (rows.docs == 2)).any()


# Re-runs, bad files and crashes: tests/test_reliability.py and tests/test_crash.py.


def test_no_orphan_in_the_asset_graph():
    from dagster import AssetKey

    from orchestration.definitions import defs

    graph = defs.resolve_asset_graph()
    root = AssetKey(["raw", "raw_files"])
    downstream = graph.asset_dep_graph["downstream"]
    seen, todo = {root}, [root]
    while todo:
        for child in downstream.get(todo.pop(), ()):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    marts = [k for k in graph.get_all_asset_keys() if k.path[0] == "marts"]
    assert len(marts) == 7
    assert [m for m in marts if m not in seen and m.path[1] != "rejected_files"] == []
    assert AssetKey(["marts", "rejected_files"]) in {
        c for c in downstream.get(AssetKey(["staging", "stg_rejected_files"]), ())
    }


def test_sensor_remembers_every_file_seen(tmp_path):
    from dagster import DagsterInstance, RunRequest, SkipReason, build_sensor_context

    from assets.resources import WarehouseResource
    from orchestration.sensors import landing_folder_sensor

    raw_dir = tmp_path / "landing"
    raw_dir.mkdir()
    (raw_dir / "a.txt").write_text("one")
    wh = WarehouseResource(raw_dir=str(raw_dir), warehouse_path=str(tmp_path / "w.duckdb"))
    # The resource has a run lifecycle (it takes the build lock in a run, not
    # in a sensor tick), so the sensor context is entered like the daemon does.
    with DagsterInstance.ephemeral() as instance:
        with build_sensor_context(instance=instance, resources={"warehouse": wh}) as ctx:
            first = landing_folder_sensor(ctx)
        assert isinstance(first, RunRequest)
        cursor = ctx.cursor
        assert json.loads(cursor).keys() == {"a.txt"}
        with build_sensor_context(instance=instance, cursor=cursor, resources={"warehouse": wh}) as ctx2:
            assert isinstance(landing_folder_sensor(ctx2), SkipReason)
        (raw_dir / "b.txt").write_text("two")
        with build_sensor_context(instance=instance, cursor=cursor, resources={"warehouse": wh}) as ctx3:
            third = landing_folder_sensor(ctx3)
        assert isinstance(third, RunRequest)
        assert json.loads(ctx3.cursor).keys() == {"a.txt", "b.txt"}
        assert third.run_key != first.run_key
