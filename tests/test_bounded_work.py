"""Bounded work per document, and the landing folder as a boundary (issue 14).

The hostile files of the issue (a 15 MB single line, 50,000 nested <div>s, a
million <p> tags) and a symlink to a file of the host, among normal files:
each hostile file is rejected with its reason code, the normal files become
documents, the build succeeds. The time budget is shown on the 15 MB line
with the size budget lifted (it then takes over a minute to extract): its
worker is killed at the budget, the rest of the batch is written, and the
content is not tried again. Outcomes only, no timing assertion.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from quote_warehouse.landing import files
from quote_warehouse.landing.files import RawFile, RejectedFile, read_article_file, read_landing_folder
from quote_warehouse.landing.html import HtmlTooComplexError, check_html_bounds, html_to_text
from tests.conftest import ROOT, SEEDS, materialize_all, read_table

LIMIT = 20 * 1024 * 1024
SENTENCE = "Zakharova said the expansion of NATO is a red line for Moscow, and the ministry agreed. "


def one_line(chars: int) -> str:
    return (SENTENCE * (chars // len(SENTENCE) + 1))[:chars]


def nested_divs(depth: int) -> str:
    return ("<!doctype html><html><head><title>Deep</title></head><body>" + "<div>" * depth
            + "Peskov said it was fine." + "</div>" * depth + "</body></html>")


def many_paragraphs(count: int) -> str:
    return "<!doctype html><html><head><title>Many</title></head><body>" + "<p>word " * count + "</body></html>"


def host_file() -> Path:
    """A file of the host outside any tmp landing folder."""
    return Path("/etc/hostname") if Path("/etc/hostname").is_file() else Path(__file__).resolve()


def reason_of(result) -> str:
    assert isinstance(result, RejectedFile), result
    return result.reason


# ---------------------------------------------------------------- ingest: size and markup bounds


@pytest.fixture(scope="module")
def issue_files(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("issue_files")
    (folder / "one_line_15mb.txt").write_text(one_line(15_000_000))
    (folder / "nested_divs.html").write_text(nested_divs(50_000))
    (folder / "million_p.html").write_text(many_paragraphs(1_000_000))
    return folder


def test_the_issue_files_are_rejected_at_ingest_with_their_codes(issue_files):
    line = reason_of(read_article_file(issue_files / "one_line_15mb.txt", issue_files, LIMIT))
    assert line.startswith("too_long: 15,000,000 characters of text > limit 1,000,000"), line
    deep = reason_of(read_article_file(issue_files / "nested_divs.html", issue_files, LIMIT))
    assert deep.startswith("html_too_complex: elements nested more than 512 deep"), deep
    wide = reason_of(read_article_file(issue_files / "million_p.html", issue_files, LIMIT))
    assert wide.startswith("html_too_complex: more than 100,000 elements"), wide


def test_pages_within_the_bounds_are_read_as_before(tmp_path):
    (tmp_path / "deep.html").write_text(nested_divs(500))
    (tmp_path / "wide.html").write_text(many_paragraphs(50_000))
    (tmp_path / "long.txt").write_text(one_line(900_000))
    for name in ("deep.html", "wide.html", "long.txt"):
        assert isinstance(read_article_file(tmp_path / name, tmp_path, LIMIT), RawFile), name
    assert html_to_text(nested_divs(500))[0].endswith("Peskov said it was fine.")


def test_the_html_scan_counts_the_parser_stack_not_the_text():
    # implied end tags (<p>, <li>, <td>) and void elements do not nest
    check_html_bounds("<ul>" + "<li><p>item<br><img src=x>" * 5000 + "</ul>", max_depth=3)
    # markup inside scripts and styles is text, not elements
    check_html_bounds("<script>" + "<div>" * 10_000 + "</script><p>x", max_elements=5, max_depth=3)
    # stray end tags close nothing; an end tag closes what was opened inside it
    with pytest.raises(HtmlTooComplexError, match="nested more than 10 deep"):
        check_html_bounds("<div>" * 6 + "</b>" * 50 + "<div>" * 5, max_depth=10)
    check_html_bounds(("<div><span><b>x</div>") * 100, max_depth=3)
    with pytest.raises(HtmlTooComplexError, match="more than 5 elements"):
        check_html_bounds("<span>a</span>" * 6, max_elements=5)


def test_the_size_budget_is_the_module_setting(tmp_path, monkeypatch):
    (tmp_path / "long.txt").write_text(one_line(5000))
    monkeypatch.setattr(files, "MAX_TEXT_CHARS", 4000)
    assert reason_of(read_article_file(tmp_path / "long.txt", tmp_path, LIMIT)).startswith("too_long: 5,000")


# ---------------------------------------------------------------- the landing folder is a boundary


def test_a_symlink_out_of_the_landing_folder_is_rejected_naming_its_target(tmp_path):
    landing = tmp_path / "landing"
    (landing / "sub").mkdir(parents=True)
    shutil.copy(SEEDS / "000_2ed485fcecc47115.txt", landing / "article.txt")
    outside = tmp_path / "outside.txt"
    outside.write_text("Lavrov said the file outside the landing folder must not be read.\n")
    host = host_file()
    (landing / "host.txt").symlink_to(host)
    (landing / "sub" / "up.txt").symlink_to(Path("..") / ".." / "outside.txt")  # relative, leaves the folder
    (landing / "gone.txt").symlink_to(tmp_path / "missing.txt")  # outside and broken: same reason
    (landing / "inside.txt").symlink_to("article.txt")  # inside: read as the file it points to
    (landing / "sub" / "back.txt").symlink_to(Path("..") / "article.txt")

    raw, rejected = read_landing_folder(landing, LIMIT)
    reasons = {r.file_name: r.reason for r in rejected}
    assert reasons["host.txt"] == (f"outside_landing: symlink to {host} leaves the landing folder "
                                   "(only links to files inside it are read)")
    assert reasons["sub/up.txt"].startswith("outside_landing: symlink to ../../outside.txt")
    assert reasons["gone.txt"].startswith(f"outside_landing: symlink to {tmp_path / 'missing.txt'}")
    assert set(reasons) == {"host.txt", "sub/up.txt", "gone.txt"}
    texts = {r.file_name: r.raw_text for r in raw}
    article = (landing / "article.txt").read_text()
    assert texts == {"article.txt": article, "inside.txt": article, "sub/back.txt": article}


def test_a_landing_folder_that_is_itself_a_symlink_is_read(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    shutil.copy(SEEDS / "000_2ed485fcecc47115.txt", real / "article.txt")
    (real / "inside.txt").symlink_to(real / "article.txt")  # absolute target, inside
    link = tmp_path / "landing"
    link.symlink_to(real, target_is_directory=True)
    raw, rejected = read_landing_folder(link, LIMIT)
    assert not rejected
    assert sorted(r.file_name for r in raw) == ["article.txt", "inside.txt"]


# ---------------------------------------------------------------- the time budget, and a real build


@pytest.fixture(scope="module")
def timed_out(tmp_path_factory):
    """Seeds and the 15 MB line with the size budget lifted: ingested, then
    extracted with a 5 s budget (the line alone takes over a minute)."""
    from quote_warehouse.pipeline.extract import extract_pending
    from quote_warehouse.pipeline.ingest import ingest_landing_folder

    base = tmp_path_factory.mktemp("bounded_build")
    raw_dir = base / "landing"
    shutil.copytree(SEEDS, raw_dir)
    (raw_dir / "one_line_15mb.txt").write_text(one_line(15_000_000))
    db_path = base / "warehouse.duckdb"
    patch = pytest.MonkeyPatch()
    patch.setattr(files, "MAX_TEXT_CHARS", 10**9)
    try:
        ingest_landing_folder(raw_dir, db_path)
        first = extract_pending(db_path, workers=2, timeout=5)
        again = extract_pending(db_path, workers=2, timeout=5)
        os.utime(raw_dir / "one_line_15mb.txt")  # touched, same bytes: read again by ingest
        ingest_landing_folder(raw_dir, db_path)
        touched = extract_pending(db_path, workers=2, timeout=5)
    finally:
        patch.undo()
    return raw_dir, db_path, first, again, touched


def test_a_document_over_the_time_budget_is_rejected_and_the_others_written(timed_out):
    raw_dir, db_path, first, _, _ = timed_out
    assert first["workers_killed"] == 1 and first["rejected_now"] == 1
    rejected = read_table(db_path, "select file_name, reason from extract.rejected_documents "
                                   "join raw.raw_files using (sha256)")
    assert rejected.values.tolist() == [["one_line_15mb.txt", "extract_timeout: extraction took over 5 s"]]
    documents = read_table(db_path, "select file_name from extract.documents order by 1")["file_name"].tolist()
    assert documents == sorted(p.name for p in SEEDS.iterdir())


def test_a_timed_out_content_is_not_tried_again_until_its_bytes_or_the_budget_change(timed_out):
    raw_dir, db_path, _, again, touched = timed_out
    for counts in (again, touched):
        assert counts["workers_killed"] == 0 and counts["extracted_now"] == 0, counts
    from quote_warehouse.store.connection import connect
    from quote_warehouse.store.extract import not_extracted, timed_out_under

    with connect(db_path, read_only=True) as con:
        assert not_extracted(con) == []
        assert timed_out_under(con, 5) == []
        assert [t.file_name for t in timed_out_under(con, 60)] == ["one_line_15mb.txt"]


def test_a_build_with_the_hostile_files_publishes_the_normal_ones(timed_out):
    """The real job (Dagster, dbt, GX) on the folder of the time-budget test
    plus the other hostile files and a link to a file of the host."""
    raw_dir, db_path, _, _, _ = timed_out
    (raw_dir / "nested_divs.html").write_text(nested_divs(50_000))
    (raw_dir / "million_p.html").write_text(many_paragraphs(1_000_000))
    (raw_dir / "host.txt").symlink_to(host_file())
    (raw_dir / "big_line.txt").write_text(one_line(15_000_000))  # new bytes, default size budget
    result = materialize_all(raw_dir, db_path, extract_timeout_seconds=5)
    assert result.success
    documents = read_table(db_path, "select file_name from marts.documents order by 1")["file_name"].tolist()
    assert documents == sorted(p.name for p in SEEDS.iterdir())
    rejected = dict(read_table(db_path, "select file_name, reason from marts.rejected_files").values.tolist())
    codes = {name: reason.split(":", 1)[0] for name, reason in rejected.items()}
    assert codes == {"one_line_15mb.txt": "extract_timeout", "big_line.txt": "too_long",
                     "nested_divs.html": "html_too_complex", "million_p.html": "html_too_complex",
                     "host.txt": "outside_landing"}
    assert str(host_file()) in rejected["host.txt"]


def _stand_in(args):
    """Stands in for the extraction in forked workers: by the text, finish,
    hang, or die the way a crash in a C library would."""
    text = args[3]
    if text == "hang":
        time.sleep(3600)
    if text == "die":
        os._exit(3)
    return {"documents": [{"file_name": args[1]}]}


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="workers must inherit the stand-in")
def test_the_pool_kills_only_the_worker_over_budget_and_goes_on(monkeypatch):
    from quote_warehouse.pipeline import extract as pipeline_extract

    monkeypatch.setattr(pipeline_extract, "_extract_one", _stand_in)
    pool = pipeline_extract.BoundedPool(workers=2, timeout=1)
    try:
        tasks = [(f"{i:064x}", f"f{i}.txt", "txt", text, None)
                 for i, text in enumerate(["ok", "hang", "ok", "die", "ok", "hang", "ok"])]
        results = pool.map(tasks)
        again = pool.map(tasks[:1])  # the replaced workers serve the next batch
    finally:
        pool.close()
    kinds = [r["documents"][0]["file_name"] if isinstance(r, dict) else r.reason.split(":")[0] for r in results]
    assert kinds == ["f0.txt", "extract_timeout", "f2.txt", "extract_failed", "f4.txt", "extract_timeout", "f6.txt"]
    assert results[1].reason == "extract_timeout: extraction took over 1 s"
    assert results[3].reason.startswith("extract_failed: the extraction process died (exit code 3)")
    assert results[1].sha256 == tasks[1][0] and pool.killed == 2
    assert again == [{"documents": [{"file_name": "f0.txt"}]}]


def test_workers_die_with_their_build():
    """A build SIGKILLed mid-extraction must not leave its workers behind:
    they hold copies of its pipes and stdout, and would wait forever (the
    crash sweep once left 828 of them, and its output pipe never closed)."""
    code = ("import time\nfrom quote_warehouse.pipeline.extract import BoundedPool\n"
            "pool = BoundedPool(2, 30)\nworkers = [pool._start(), pool._start()]\n"
            "print(' '.join(str(w.process.pid) for w in workers), flush=True)\ntime.sleep(120)\n")
    build = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    pids = [int(p) for p in build.stdout.readline().split()]
    assert len(pids) == 2
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 10
    alive = pids
    while alive and time.monotonic() < deadline:
        time.sleep(0.2)
        alive = [p for p in pids if Path(f"/proc/{p}").exists()
                 and Path(f"/proc/{p}/stat").read_text().split()[2] != "Z"]
    assert alive == []
