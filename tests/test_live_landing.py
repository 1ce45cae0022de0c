"""A live landing folder over three builds, as `make warehouse` runs them.

One drop of more than thirty hostile files (tests/landing.py's bad files,
hostile names and encodings, markup too deep to parse, a name that is not
UTF-8, a file of quote marks, an empty file, a link to a file of the host,
a file still being written), then changes between builds (an edit in
place, a deletion, a rename, the empty file filled, the writer finishing),
while a reader keeps opening the warehouse file read-only. Every build is
the real CLI and must exit 0 with every check passing; after each, every
file in the folder is a current document or a rejection in the published
marts (or, in the first build only, waits because it is still written).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from quote_warehouse.landing.files import display_name, list_landing_files
from quote_warehouse.settings import published_path_for
from tests.conftest import ROOT
from tests.landing import build_landing, start_reader

CLI = Path(sys.executable).parent / "quote-warehouse"
BAD_NAME = b"caf\xe9 \xff\xfe.txt"  # Latin-1 bytes: not UTF-8
def story(who: str, topic: str) -> str:
    return (f"{who} on {topic}\n\nMinister {who} said on Monday: \"We will change the {topic} rules.\"\n\n"
            f"\"It is fair,\" {who.split()[-1]} told reporters.\n")


def build(env: dict, db_path: Path, tmp: Path, n: int) -> str:
    """One CLI build while a reader comes and goes; its output."""
    stop = tmp / f"stop-{n}"
    reader = start_reader(db_path, stop)
    try:
        done = subprocess.run([str(CLI), "build"], env=env, capture_output=True, text=True, cwd=ROOT,
                              timeout=1200)
    finally:
        stop.touch()
        reader.wait(timeout=60)
    out = done.stdout + done.stderr
    assert done.returncode == 0, out
    passed = re.search(r"checks: (\d+) of (\d+) passed", out)
    assert "nothing new" in out or (passed and passed.group(1) == passed.group(2)), out
    return out


def published(db_path: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(published_path_for(db_path)), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def assert_accounted(landing: Path, db_path: Path, waiting: set[str] = frozenset()) -> dict[str, str]:
    """files in = current documents + rejections (+ waiting); each once."""
    docs = [n for (n,) in published(db_path, "select file_name from marts.documents")]
    rejected = dict(published(db_path, "select file_name, reason_code from marts.rejected_files"))
    names = {display_name(os.path.relpath(p, landing)) for p in list_landing_files(landing)}
    assert len(docs) == len(set(docs))
    assert not set(docs) & set(rejected)
    assert set(docs) | set(rejected) | set(waiting) == names
    assert len(names) == len(docs) + len(rejected) + len(waiting)
    return rejected


def test_thirty_hostile_files_and_changes_over_three_builds(tmp_path):
    landing = tmp_path / "landing"
    build_landing(landing)
    (landing / "nested.html").write_text("<html><body>" + "<div>" * 5_000 + "deep" + "</div>" * 5_000
                                         + "</body></html>")
    (landing / "host.txt").symlink_to("/etc/hostname")
    with open(os.path.join(os.fsencode(landing), BAD_NAME), "wb") as handle:
        handle.write(story("Lena Vik", "ferry routes").encode())
    (landing / "quotes_only.txt").write_text('"""" \u201c\u201d \u00ab\u00bb\n')
    (landing / "filled_later.txt").write_bytes(b"")
    (landing / "edited.txt").write_text(story("Anna Berg", "fuel tax"))
    (landing / "deleted.txt").write_text(story("Olof Stam", "school meals"))
    (landing / "renamed.txt").write_text(story("Eva Rask", "bridge tolls"))
    growing = landing / "growing.txt"
    growing.write_text(story("Peter Nyberg", "harbour fees")[:30])
    future = time.time_ns() + 3600 * 10**9  # a writer still at work
    os.utime(growing, ns=(future, future))
    files_in = list_landing_files(landing)
    assert len(files_in) >= 30

    db_path = tmp_path / "warehouse.duckdb"
    env = {**os.environ, "RAW_DIR": str(landing), "WAREHOUSE_PATH": str(db_path), "DAGSTER_HOME": "",
           "LANDING_SETTLE_SECONDS": "1"}

    duckdb.connect(str(db_path)).close()  # the reader opens the file from the first build on
    build(env, db_path, tmp_path, 1)
    rejected = assert_accounted(landing, db_path, waiting={"growing.txt"})
    assert rejected["host.txt"] == "outside_landing"
    assert rejected["nested.html"] == "html_too_complex"
    assert rejected["quotes_only.txt"] == "no_words"
    assert rejected["filled_later.txt"] == "empty"
    assert display_name(os.fsdecode(BAD_NAME)) not in rejected
    renamed_id = published(db_path, "select document_id from marts.documents where file_name = 'renamed.txt'")

    (landing / "edited.txt").write_text(story("Karl Lund", "rail fares"))
    (landing / "deleted.txt").unlink()
    (landing / "renamed.txt").rename(landing / "renamed again.txt")
    (landing / "filled_later.txt").write_text(story("Jonas Ek", "island flights"))
    with open(growing, "a") as handle:
        handle.write(story("Peter Nyberg", "harbour fees")[30:])
    past = time.time_ns() - 3600 * 10**9
    os.utime(growing, ns=(past, past))
    time.sleep(1.5)  # older than LANDING_SETTLE_SECONDS

    build(env, db_path, tmp_path, 2)
    rejected = assert_accounted(landing, db_path)
    assert "filled_later.txt" not in rejected
    assert published(db_path, "select document_id from marts.documents where file_name = 'renamed again.txt'") \
        == renamed_id
    assert published(db_path, "select count(*) from marts.statements where text like '%fuel tax%'") == [(0,)]
    assert published(db_path, "select count(*) from marts.statements where text like '%rail fares%'") == [(1,)]
    assert published(db_path, "select count(*) from marts.statements where text like '%school meals%'") == [(0,)]
    assert published(db_path, "select count(*) from marts.documents where file_name = 'growing.txt'") == [(1,)]
    before = published(db_path, "select * from marts.documents order by all")

    out = build(env, db_path, tmp_path, 3)
    assert "nothing new" in out
    assert_accounted(landing, db_path)
    assert published(db_path, "select * from marts.documents order by all") == before
