"""A landing folder holding every kind of bad file the pipeline must survive.

Used by tests/test_reliability.py and tests/test_crash.py, in-process and in
build subprocesses (`python -m tests.landing build` runs the real CLI build
with the vanishing-file hook installed). Everything is a real file; the only
trick is the file that disappears between listing and reading: a Python
audit hook deletes it when ingest opens the file listed just before it, so
the disappearance happens at the same point in every run.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

# A 1x1 PNG (signature, IHDR, IDAT, IEND).
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)

SQL_NAME = "'); DROP TABLE marts.documents; --.txt"
VANISH_TRIGGER = "vanish_0_read_first.txt"  # read right before the victim
VANISH_VICTIM = "vanish_1_victim.txt"
SPARSE_BYTES = 200 * 1024 * 1024  # 200 MB, sparse: no disk used

HOSTILE_TEXT = (
    "Robert'); DROP TABLE marts.statements; -- quoted\n\n"
    "MOSCOW, January 14, 2022. The \"'; DELETE FROM raw.raw_files WHERE '1'='1\" string "
    "reached the ministry, Maria Zakharova said on Friday.\n\n"
    "\u201cWe will not accept '); DROP TABLE marts.documents; -- as an answer,\u201d "
    "Zakharova said. \u201cNor \"quotes\" inside 'quotes' \u2018inside\u2019 \u00abquotes\u00bb.\u201d\n\n"
    "Sergei Lavrov said that \u201cthe alliance keeps expanding without end and the unbalanced "
    "quote never closes\n\n"
    "Dmitry Peskov told reporters that the Kremlin sees \" ; -- /* */ ' as noise.\n"
)

ARTICLE = (
    "Russia explains its red lines\n\n"
    "Spokeswoman Maria Zakharova warned of \u201cserious negative consequences\u201d "
    "if NATO\u2019s expansion continues, the Foreign Ministry said on Thursday.\n"
)

# name -> expected outcome: "document" or the reason code of the rejection.
EXPECTED: dict[str, str] = {}


def _article(tag: str) -> str:
    """A small distinct article per file (distinct bytes: no collapsing)."""
    return ARTICLE.replace("Thursday", f"Thursday ({tag})")


def make_pdf(lines: list[str]) -> bytes:
    from tests.test_ingest import make_pdf as _make_pdf

    return _make_pdf([lines])


def blank_pdf() -> bytes:
    from tests.test_ingest import blank_pdf as _blank

    return _blank()


def build_landing(raw_dir: Path, sparse_big: bool = True) -> dict[str, str]:
    """Fill raw_dir; return {relative file name: expected outcome}."""
    raw_dir.mkdir(parents=True, exist_ok=True)
    expected: dict[str, str] = {}

    def put(name: str, data: bytes, outcome: str) -> Path:
        path = raw_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        expected[name] = outcome
        return path

    for seed in sorted(SEEDS.iterdir()):
        put(seed.name, seed.read_bytes(), "document")
    # the same bytes under another name: one raw row, two document rows
    put("copy of 000.txt", (SEEDS / "000_2ed485fcecc47115.txt").read_bytes(), "document")
    # hostile names and hostile text
    put(SQL_NAME, HOSTILE_TEXT.encode(), "document")
    put('quote"double.txt', _article("double").encode(), "document")
    put("quote'single.txt", _article("single").encode(), "document")
    put("semi;colon; DROP TABLE x;.txt", _article("semicolon").encode(), "document")
    put("new\nline.txt", _article("newline").encode(), "document")
    put("\u0417\u0430\u0445\u0430\u0440\u043e\u0432\u0430 \u201cred line\u201d caf\u00e9 \u65b0\u95fb.txt",
        _article("cyrillic").encode(), "document")
    # encodings that are read, with the encoding recorded
    put("utf16_no_bom.txt", _article("utf16").encode("utf-16-le"), "document")
    put("latin1.txt", "Caf\u00e9 na\u00efve Z\u00fcrich: the minister said talks go on.\n".encode("latin-1"),
        "document")
    put("truncated_utf8.txt", (_article("cut") + "Caf\u00e9").encode()[:-1], "document")
    put("good.pdf", make_pdf(["Lavrov said NATO expansion is a red line for Moscow."]), "document")
    # bad files
    put("empty.txt", b"", "empty")
    put("whitespace.txt", b"  \n\t\r\n   \n", "empty")
    put("image.png", PNG_BYTES, "binary")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("article.txt", ARTICLE)
    put("archive.txt", buffer.getvalue(), "binary")
    put("no_body.html", b"<!DOCTYPE html><html><head><title>Only a title</title></head>"
        b"<body><nav><a>Home</a></nav><footer>(c) 2022</footer></body></html>", "html_no_text")
    put("corrupt.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog garbage", "corrupt_pdf")
    put("scan.pdf", blank_pdf(), "no_text")
    put("control_chars.txt", bytes(range(1, 9)) * 20 + b"text", "undecodable")
    if sparse_big:
        with open(raw_dir / "huge_200mb.txt", "wb") as handle:
            handle.truncate(SPARSE_BYTES)
        expected["huge_200mb.txt"] = "too_large"
    # a file without read permission: rejected, unless we run as root (then read)
    secret = put("no_permission.txt", _article("secret").encode(), "document")
    secret.chmod(0)
    if _permissions_apply(secret):
        expected["no_permission.txt"] = "unreadable"
    # symlink loops: a link to itself, and a folder link back to the landing folder
    (raw_dir / "self_loop").symlink_to(raw_dir / "self_loop")
    expected["self_loop"] = "unreadable"
    (raw_dir / "sub").mkdir(exist_ok=True)
    put("sub/inside.txt", _article("sub").encode(), "document")
    (raw_dir / "sub" / "loop").symlink_to(raw_dir, target_is_directory=True)
    expected["sub/loop"] = "unreadable"
    # the file that disappears between listing and reading
    put(VANISH_TRIGGER, _article("trigger").encode(), "document")
    arm_vanish(raw_dir)
    expected[VANISH_VICTIM] = "vanished"
    return expected


def _permissions_apply(path: Path) -> bool:
    try:
        path.read_bytes()
    except PermissionError:
        return True
    return False


def arm_vanish(raw_dir: Path) -> None:
    """(Re)create the victim: the next ingest lists it, then it disappears."""
    (raw_dir / VANISH_VICTIM).write_text(_article("victim"))


_hook_installed = False


def install_vanish_hook() -> None:
    """Delete the victim when ingest opens it for reading, after listing it."""
    global _hook_installed
    if _hook_installed:
        return

    def hook(event: str, args: tuple) -> None:
        if event != "open" or not args or not isinstance(args[0], (str, bytes, os.PathLike)):
            return
        path = os.fsdecode(args[0])
        # the victim was listed (and stat'ed); it goes at the moment it is
        # opened for reading. Ingest skips files it has read before, so the
        # file read before the victim may not be opened again on a re-run.
        reading = len(args) < 2 or args[1] is None or "r" in str(args[1]) and "+" not in str(args[1])
        if path.endswith(os.sep + VANISH_VICTIM) and reading:
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass

    sys.addaudithook(hook)
    _hook_installed = True


def landing_names(raw_dir: Path) -> list[str]:
    """What ingest lists: every non-hidden entry, relative (files in)."""
    from quote_warehouse.landing.files import list_landing_files

    return sorted(str(p.relative_to(raw_dir)) for p in list_landing_files(raw_dir))


def copy_seeds(raw_dir: Path) -> None:
    shutil.copytree(SEEDS, raw_dir)


MART_TABLES = ("documents", "speakers", "statements", "statement_sources", "events",
               "event_participants", "rejected_files")
EXTRACT_TABLES = ("documents", "statements", "statement_parts", "speakers", "events",
                  "event_participants")


def table_rows(db_path: Path, tables: dict[str, str]) -> dict[str, list[tuple]]:
    """name -> every row of the query, in a total order (ORDER BY ALL)."""
    import duckdb

    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return {name: con.execute(f"select * from ({sql}) order by all").fetchall()
                for name, sql in tables.items()}
    finally:
        con.close()


def marts_rows(db_path: Path) -> dict[str, list[tuple]]:
    return table_rows(db_path, {t: f"select * from marts.{t}" for t in MART_TABLES})


def warehouse_rows(db_path: Path) -> dict[str, list[tuple]]:
    """Everything a clean run determines: marts, extract, staging tables and
    the raw rows without the run's clock (ingested_at, rejected_at) and path."""
    tables = {f"marts.{t}": f"select * from marts.{t}" for t in MART_TABLES}
    tables |= {f"extract.{t}": f"select * from extract.{t}" for t in EXTRACT_TABLES}
    tables["staging.int_document_duplicates"] = "select * from staging.int_document_duplicates"
    tables["raw.raw_files"] = "select * exclude (ingested_at, path) from raw.raw_files"
    tables["raw.rejected_files"] = "select * exclude (rejected_at) from raw.rejected_files"
    tables["raw.landing_files"] = "select * exclude (first_seen_at) from raw.landing_files"
    return table_rows(db_path, tables)


def marts_csv_bytes(db_path: Path, out_dir: Path) -> dict[str, bytes]:
    """Each mart exported to CSV in a total order: the bytes an analyst would diff."""
    import duckdb

    out_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        result = {}
        for t in MART_TABLES:
            target = out_dir / f"{t}.csv"
            con.execute(f"copy (select * from marts.{t} order by all) to '{target}' (header)")
            result[t] = target.read_bytes()
        return result
    finally:
        con.close()


def copy_warehouse(src: Path, dst: Path) -> None:
    """The warehouse file (and its WAL), and its published marts beside it:
    a build counts as current only once published."""
    from quote_warehouse.settings import published_path_for

    shutil.copyfile(src, dst)
    wal = Path(str(src) + ".wal")
    if wal.exists():
        shutil.copyfile(wal, Path(str(dst) + ".wal"))
    if published_path_for(src).exists():
        shutil.copyfile(published_path_for(src), published_path_for(dst))


if __name__ == "__main__" and sys.argv[1:] == ["build"]:
    # `python -m tests.landing build`: the real CLI build, with the hook.
    install_vanish_hook()
    arm_vanish(Path(os.environ["RAW_DIR"]))
    from orchestration.cli import main

    sys.exit(main(["build"]))


# An analyst's read-only connection that comes and goes: opens the file,
# reads, holds it 0.1 s, closes, waits 0.4 s; refused while a build writes.
_READER = """
import os, sys, time
import duckdb
path, stop = sys.argv[1], sys.argv[2]
opened = refused = 0
while not os.path.exists(stop):
    try:
        con = duckdb.connect(path, read_only=True)
        con.execute("SELECT count(*) FROM information_schema.tables").fetchall()
        time.sleep(0.1)
        con.close()
        opened += 1
    except duckdb.IOException:
        refused += 1
    time.sleep(0.4)
print(opened, refused)
"""


def start_reader(db_path: Path, stop: Path) -> subprocess.Popen:
    """A reader process on `db_path` until `stop` exists; it prints
    "<times opened> <times refused>" when it ends."""
    return subprocess.Popen([sys.executable, "-c", _READER, str(db_path), str(stop)],
                            stdout=subprocess.PIPE, text=True)
