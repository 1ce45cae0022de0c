"""Landing files change, and the warehouse follows; a bad file never sticks
(issue 14). Real files, real builds (the Dagster job in process, real dbt
and checks): a name that is not UTF-8, a file of quote marks only, a file
still being written, a file edited in place, one deleted, one renamed, one
emptied file filled later, a same-size change with its mtime set back.
Then a re-run changes nothing, and a full build from the final folder gives
the same marts as the incremental history (bench/mart_hashes.py).
No timed assertions."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import duckdb

from quote_warehouse.landing.files import landing_signature, settled_files
from quote_warehouse.quality.audits import run_audits, unaccounted_landing_files
from tests.conftest import SEEDS, materialize_all

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from mart_hashes import mart_hashes  # noqa: E402


def story(minister: str, city: str, topic: str) -> str:
    return (f"{minister} on {topic}\n\n"
            f"Finance minister {minister} said on Monday: \"We will change the {topic} rules next year.\"\n\n"
            f"\"This is a fair plan for families in {city},\" {minister.split()[-1]} told reporters in {city}.\n")


EDIT_OLD = story("Anna Berg", "Oslo", "fuel tax")
EDIT_NEW = story("Karl Lund", "Bergen", "rail fares")
SAME_A = story("Maria Holm", "Umea", "river fishing")
SAME_B = SAME_A.replace("Maria Holm", "Sofia Dahl").replace("Holm told", "Dahl told")
GROWING = story("Peter Nyberg", "Turku", "harbour fees")
BAD_NAME = b"bad\xff\xfe.txt"
BAD_SHOWN = "bad\\xff\\xfe.txt"


def q(db: Path, sql: str, params=()) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def folder_names(landing: Path) -> set[str]:
    from quote_warehouse.landing.files import display_name, list_landing_files
    return {display_name(os.path.relpath(p, landing)) for p in list_landing_files(landing)}


def assert_each_file_once(landing: Path, db: Path, waiting: set[str] = frozenset()) -> None:
    docs = [n for (n,) in q(db, "select file_name from marts.documents")]
    rejected = [n for (n,) in q(db, "select file_name from marts.rejected_files")]
    assert len(docs) == len(set(docs)) and len(rejected) == len(set(rejected))
    assert not set(docs) & set(rejected)
    assert set(docs) | set(rejected) | set(waiting) == folder_names(landing)
    assert not set(waiting) & (set(docs) | set(rejected))


def test_settled_files_waits_for_a_file_written_between_two_looks(tmp_path):
    path = tmp_path / "growing.txt"
    path.write_text("first part")
    sig = landing_signature(path)
    now = max(sig[1], sig[3])  # just written: young

    def sleep_while_the_writer_appends(_seconds):
        with open(path, "a") as handle:
            handle.write(" and the rest")

    ready, waiting = settled_files({path: sig}, 5.0, now, sleep=sleep_while_the_writer_appends,
                                   clock_ns=lambda: now + 10 * 10**9)
    assert waiting == [path] and path not in ready
    # unchanged across the wait: read
    sig = landing_signature(path)
    ready, waiting = settled_files({path: sig}, 5.0, max(sig[1], sig[3]), sleep=lambda s: None,
                                   clock_ns=lambda: max(sig[1], sig[3]) + 10 * 10**9)
    assert waiting == [] and ready[path] == sig


def test_files_change_and_the_warehouse_follows(tmp_path):
    landing = tmp_path / "landing"
    shutil.copytree(SEEDS, landing)
    (landing / "edit.txt").write_text(EDIT_OLD)
    (landing / "delete_me.txt").write_text(story("Olof Stam", "Lund", "school meals"))
    (landing / "rename_me.txt").write_text(story("Eva Rask", "Malmo", "bridge tolls"))
    (landing / "same_size.txt").write_text(SAME_A)
    (landing / "quotes_only.txt").write_text('""""""""\n"""\n')
    (landing / "flip.txt").write_bytes(b"")
    with open(os.path.join(os.fsencode(landing), BAD_NAME), "wb") as handle:
        handle.write(story("Lena Vik", "Tromso", "ferry routes").encode())
    growing = landing / "growing.txt"
    growing.write_text(GROWING[:40])
    future = time.time_ns() + 3600 * 10**9  # still being written (mtime not settled)
    os.utime(growing, ns=(future, future))
    db = tmp_path / "incremental.duckdb"

    # ---- build 1: nothing sticks
    assert materialize_all(landing, db).success
    assert_each_file_once(landing, db, waiting={"growing.txt"})
    assert q(db, "select reason_code from marts.rejected_files where file_name = 'quotes_only.txt'") == [("no_words",)]
    assert q(db, "select reason_code from marts.rejected_files where file_name = 'flip.txt'") == [("empty",)]
    assert q(db, "select count(*) from marts.documents where file_name = ?", [BAD_SHOWN]) == [(1,)]
    assert q(db, "select count(*) from raw.raw_files where file_name = 'growing.txt'") == [(0,)]
    renamed_id = q(db, "select document_id from marts.documents where file_name = 'rename_me.txt'")[0][0]
    old_edit_sha = q(db, "select sha256 from marts.documents where file_name = 'edit.txt'")[0][0]
    same_sha = q(db, "select sha256 from marts.documents where file_name = 'same_size.txt'")[0][0]
    assert q(db, "select count(*) from marts.statements where text like '%fuel tax%'") == [(1,)]

    # ---- the folder changes
    (landing / "edit.txt").write_text(EDIT_NEW)  # in place, same name, new bytes
    (landing / "delete_me.txt").unlink()
    (landing / "rename_me.txt").rename(landing / "renamed.txt")
    (landing / "flip.txt").write_text(story("Jonas Ek", "Visby", "island flights"))
    same = landing / "same_size.txt"
    st = same.stat()
    assert len(SAME_B.encode()) == st.st_size
    same.write_text(SAME_B)
    os.utime(same, ns=(st.st_atime_ns, st.st_mtime_ns))  # size and mtime as before
    with open(growing, "a") as handle:
        handle.write(GROWING[40:])  # the writer finished
    past = time.time_ns() - 3600 * 10**9
    os.utime(growing, ns=(past, past))

    # ---- build 2: the warehouse follows
    assert materialize_all(landing, db).success
    assert_each_file_once(landing, db)
    docs = dict(q(db, "select file_name, sha256 from marts.documents"))
    assert docs["edit.txt"] != old_edit_sha and docs["same_size.txt"] != same_sha
    assert "delete_me.txt" not in docs and "rename_me.txt" not in docs
    assert q(db, "select count(*) from marts.statements where text like '%fuel tax%'") == [(0,)]
    assert q(db, "select count(*) from marts.statements where text like '%rail fares%'") == [(1,)]
    assert q(db, "select count(*) from marts.statements where text like '%school meals%'") == [(0,)]
    assert q(db, "select count(*) from marts.speakers where name like '%Sofia Dahl%'") == [(1,)]
    assert q(db, "select count(*) from marts.speakers where name like '%Maria Holm%'") == [(0,)]
    # a rename is the same document
    assert q(db, "select document_id, duplicate_of from marts.documents where file_name = 'renamed.txt'") == [
        (renamed_id, None)]
    # the file that was being written is read whole
    assert q(db, "select size_bytes from marts.documents where file_name = 'growing.txt'") == [
        (len(GROWING.encode()),)]
    assert q(db, "select count(*) from marts.rejected_files where file_name = 'flip.txt'") == [(0,)]
    history = {(r[0], r[1]): r[2:] for r in q(db, """
        select file_name, change_kind, sha256, renamed_to, superseded_at is not null, reason
        from staging.stg_landing_history""")}
    assert history[("edit.txt", "changed")][0] == old_edit_sha
    assert history[("same_size.txt", "changed")][0] == same_sha
    assert ("delete_me.txt", "deleted") in history
    assert history[("rename_me.txt", "renamed")][1] == "renamed.txt"
    assert history[("flip.txt", "changed")][3].startswith("empty")
    assert all(row[2] for row in history.values())
    assert [r.summary() for r in run_audits(db) if not r.passed] == []
    assert unaccounted_landing_files(landing, db) == []
    after_changes = mart_hashes(db)

    # ---- build 3: a re-run changes nothing
    assert materialize_all(landing, db).success
    assert mart_hashes(db) == after_changes
    assert q(db, "select count(*) from raw.landing_history") == [(len(history),)]

    # ---- a full build of the final folder gives the same marts
    full = tmp_path / "full.duckdb"
    assert materialize_all(landing, full).success
    assert mart_hashes(full) == after_changes
