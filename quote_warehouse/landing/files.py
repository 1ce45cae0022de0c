"""Landing files: list the folder, read each file as an article or a rejection.

The decoders live beside this module (`decode`, `html`, `pdf`); this one
lists, detects the format and turns every outcome into a row.

Turn every file in the landing folder into an article or a rejection.

The landing folder is filled by scrapers, mail rules and people dragging files
around, so anything can be in it: UTF-8 text, Windows-1252 text from an old
CMS, UTF-16 from Notepad, saved web pages, PDFs with or without a text layer,
screenshots, zip archives, empty files, files that vanish while we look at
them. The contract of this module is therefore:

* every file is either read as a :class:`RawFile` or reported as a
  :class:`RejectedFile` with a reason a human can act on;
* nothing is lost silently: no guessing that turns bytes into mojibake
  without saying so, no dropping of files we did not understand;
* no exception escapes :func:`read_article_file` for one bad file, so one
  broken file never stops the run.

Reasons of a rejection always start with a short code (``empty``, ``binary``,
``too_large``, ``too_long``, ``unreadable``, ``outside_landing``,
``vanished``, ``undecodable``, ``no_text``, ``corrupt_pdf``,
``encrypted_pdf``, ``html_no_text``, ``html_too_complex``,
``internal_error``; the extract stage adds ``extract_timeout`` and
``extract_failed``, pipeline/extract.py) followed by ``": "`` and a message,
so they can be grouped in SQL with ``split_part(reason, ':', 1)``.

Bounded work: the landing folder is a boundary (a symlink whose target
resolves outside it is rejected, ``outside_landing``, without its target
being opened), and what ingest passes on is bounded in size
(``too_large`` bytes, ``too_long`` text, ``html_too_complex`` markup), so
no single file can make ingest or extraction run for minutes.

Everything here is plain, typed Python without Dagster, so tests and the
asset layer call the same functions.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from quote_warehouse.landing.decode import decode_text
from quote_warehouse.landing.errors import (
    BinaryContentError,
    CorruptPdfError,
    EncryptedPdfError,
    NoTextLayerError,
    UndecodableError,
)
from quote_warehouse.landing.html import HtmlTooComplexError, html_body_chars
from quote_warehouse.landing.pdf import pdf_to_text



# --------------------------------------------------------------------------
# Results and errors
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class RawFile:
    """A landing file that was read successfully."""

    path: str  # absolute path as str (symlinks not resolved: the landing name)
    file_name: str  # path relative to the landing folder, as str
    sha256: str  # hex digest of the raw bytes
    size_bytes: int
    source_format: str  # 'txt' | 'html' | 'pdf'
    encoding: str  # codec that decoded the bytes; 'pdf-text-layer' for pdf
    raw_text: str  # decoded text; for html the HTML source; for pdf the text layer


@dataclass(frozen=True)
class RejectedFile:
    """A landing file that could not be read as an article, and why."""

    path: str
    file_name: str
    sha256: str | None  # None when the bytes could not be read
    size_bytes: int | None  # None when not even stat() worked
    reason: str  # "<code>: <message>"



# --------------------------------------------------------------------------
# Listing
# --------------------------------------------------------------------------


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


class LandingFolderError(NotADirectoryError):
    """The landing folder itself is missing or unreadable: the whole run stops."""


@dataclass(frozen=True)
class LandingSummary:
    path: Path
    files: int
    bytes: int


def landing_summary(raw_dir: Path) -> LandingSummary:
    """How many files the landing folder holds, and their total size."""
    paths = list_landing_files(raw_dir)
    size = 0
    for path in paths:
        try:
            size += path.lstat().st_size
        except OSError:
            continue  # vanished since the listing: ingest reports it
    return LandingSummary(Path(raw_dir), len(paths), size)


def list_landing_files(raw_dir: Path) -> list[Path]:
    """Every file entry under ``raw_dir``, recursively, sorted by relative path.

    Hidden files and hidden directories (name starting with '.') are skipped:
    they are editor swap files, ``.DS_Store``, ``.git`` and the like, never
    articles.

    Directories are walked with ``os.scandir`` and ``follow_symlinks=False``,
    so a symlinked directory is never descended into and a symlink loop cannot
    hang the listing. Because nothing may be lost silently, every *non
    directory* entry is listed, including symlinks to files, broken symlinks,
    symlinks to directories and special files (FIFOs, sockets): they are not
    articles, but :func:`read_article_file` then rejects them with a reason
    instead of them disappearing without a trace. A sub-folder that cannot
    be listed (permission denied) is listed itself for the same reason.

    A missing or unlistable ``raw_dir`` raises: that is a configuration error
    of the whole run, not a property of one file.
    """
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        what = "does not exist" if not raw_dir.exists() else "is not a directory"
        raise LandingFolderError(f"landing folder {raw_dir} {what}: set RAW_DIR to the folder "
                                 "where articles are dropped")

    found: list[Path] = []
    pending: list[Path] = [raw_dir]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as entries:
                items = list(entries)
        except OSError:
            if current == raw_dir:
                raise
            found.append(current)  # rejected later as an unlistable sub-folder
            continue
        for entry in items:
            if _is_hidden(entry.name):
                continue
            try:
                is_real_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_real_dir = False
            if is_real_dir:
                pending.append(Path(entry.path))
            else:
                found.append(Path(entry.path))
    found.sort(key=lambda p: str(p.relative_to(raw_dir)))
    return found


# --------------------------------------------------------------------------
# Format detection
# --------------------------------------------------------------------------

_EXTENSION_FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "txt",
    "": "txt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
}

# Magic numbers of formats that are never an article. Checked before any
# decoding, because cp1252 decodes almost any byte sequence "successfully".
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a ZIP archive (or docx/xlsx/epub)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"PK\x07\x08", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x28\xb5\x2f\xfd", "a zstd archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE2 document (doc/xls/msg)"),
    (b"\x7fELF", "an ELF executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 audio file"),
    (b"\x00asm", "a WebAssembly module"),
    (b"{\\rtf", "an RTF document"),
)


def _binary_kind(data: bytes) -> str | None:
    """Name of the binary format ``data`` starts with, or None."""
    for magic, kind in _BINARY_MAGIC:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return {b"WEBP": "a WebP image", b"WAVE": "a WAV audio file"}.get(
            data[8:12], "an AVI video"
        )
    if data[4:8] == b"ftyp":
        return "an MP4/HEIC media file"
    return None


def _starts_like_pdf(data: bytes) -> bool:
    """True when the bytes open with a PDF header (after leading whitespace)."""
    return data[:1024].lstrip(b" \t\r\n\f\x00")[:5] == b"%PDF-"


_HTML_START = re.compile(
    r"""^\s*
        (?:<\?xml[^>]*>\s*)?          # xhtml declaration
        (?:<!--.*?-->\s*)*            # e.g. "<!-- saved from url=... -->"
        (?:<!doctype\s+html|<html[\s>])""",
    re.IGNORECASE | re.DOTALL | re.VERBOSE,
)


def _looks_like_html(text: str) -> bool:
    return _HTML_START.match(text[:4096]) is not None


def detect_format(path: Path, data: bytes) -> str:
    """'txt', 'html' or 'pdf' from the extension, overridden by the content.

    The extension is only a hint: a '.txt' that starts with ``%PDF-`` is a
    PDF, a '.txt' that starts with ``<!doctype html`` is a saved web page.
    Unknown extensions (``.csv``, ``.2021-12-03``, ...) are treated as text;
    binary content is rejected later by its magic bytes anyway.
    """
    if _starts_like_pdf(data):
        return "pdf"
    fmt = _EXTENSION_FORMATS.get(path.suffix.lower(), "txt")
    if fmt == "pdf" and b"%PDF-" in data[:1024]:
        return "pdf"  # PDF readers accept junk before the header
    return fmt



# --------------------------------------------------------------------------
# Reading one file
# --------------------------------------------------------------------------


def display_name(path_str: str) -> str:
    """Path as storable text: undecodable file-name bytes become ``\\xNN``.

    On Linux a file name can be any bytes; Python keeps undecodable ones as
    lone surrogates, which cannot be written to DuckDB or JSON. The path
    stays recognisable; it is a label, the reader opens the real Path.
    """
    try:
        path_str.encode("utf-8")
        return path_str
    except UnicodeEncodeError:
        return os.fsencode(path_str).decode("utf-8", "backslashreplace")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _os_error_text(err: OSError) -> str:
    """'[Errno 13] Permission denied', without the path (it is in its own column)."""
    if err.errno is not None and err.strerror:
        return f"[Errno {err.errno}] {err.strerror}"
    return str(err) or type(err).__name__


def _file_type(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device file"
    return "not a regular file"


def _not_regular_reason(path: Path, mode: int) -> str:
    if stat.S_ISDIR(mode):
        if path.is_symlink():
            return "unreadable: symlink to a directory (symlinked folders are not followed)"
        try:
            os.listdir(path)
        except OSError as err:
            return f"unreadable: sub-folder could not be listed: {err}"
        return "unreadable: is a directory, not a file"
    return f"unreadable: {_file_type(mode)}, not a regular file"


# Characters of article text above which a file is rejected (too_long).
# Extraction time grows linearly with the text (bench/hostile_text.py): about
# 1 to 5 s per million characters, so a 15 MB single line took 77 s. The
# longest long-reads are some 200,000 characters (30,000 words); a million
# (170,000 words, two novels) is no news article, and keeps the worst case
# of one file at a few seconds, well inside the time budget of extraction
# (EXTRACT_TIMEOUT_SECONDS), deterministically: the same file is rejected on
# any machine under any load. Read when a file is read (a module attribute,
# so a test can lower or raise it).
MAX_TEXT_CHARS = 1_000_000


def _outside_landing(path: Path, raw_dir: Path) -> str | None:
    """The reason to reject ``path`` when it resolves outside ``raw_dir``.

    Sub-folders are real folders (listing never follows a symlinked one),
    so in practice this is a symlink whose target, after every link on the
    way is followed, is not under the landing folder (itself resolved, so a
    landing folder that is a symlink works). The reason names the link's
    target as written and nothing about the target: the path is resolved,
    never opened, and the reason is the same whether the target exists or
    not. A shared drop folder must not be a way to read or probe the host.
    """
    root = os.path.realpath(raw_dir)
    resolved = os.path.realpath(path)
    if resolved == root or resolved.startswith(root.rstrip(os.sep) + os.sep):
        return None
    try:
        target = display_name(os.readlink(path))
    except OSError:
        target = display_name(resolved)
    return (f"outside_landing: symlink to {target} leaves the landing folder "
            "(only links to files inside it are read)")


def _open_inside(path: Path, raw_dir: Path) -> int:
    """Open ``path`` for reading, as a file inside ``raw_dir``: the resolved
    path, with O_NOFOLLOW (a link swapped in since the check is not followed)
    and O_NONBLOCK (a FIFO swapped in does not hang the run). On Linux the
    opened file's real name (/proc/self/fd) is checked once more."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(os.path.realpath(path), flags)
    try:
        opened = os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return fd  # no /proc: the checks above stand
    root = os.path.realpath(raw_dir)
    if not opened.startswith(root.rstrip(os.sep) + os.sep):
        os.close(fd)
        raise PermissionError(1, "file moved outside the landing folder while being opened")
    return fd


def read_article_file(path: Path, raw_dir: Path, max_bytes: int) -> RawFile | RejectedFile:
    """Read one landing file as an article, or say why not. Never raises.

    Steps: refuse a path that resolves outside the landing folder (a symlink
    to /etc/passwd is rejected ``outside_landing`` before its target is
    opened; a symlink to a file inside the folder is read as that file),
    stat (size checked before reading, so a 200 MB file is rejected
    without loading it; FIFOs and directories rejected without opening
    them), read at most ``max_bytes + 1`` bytes (the file may grow between
    stat and read), hash, then sniff the content (PDF header, binary magic
    numbers) before trusting the extension, decode, and check that there is
    text in it, not more than `MAX_TEXT_CHARS` characters of it
    (``too_long``) and, for a web page, markup within the bounds of
    landing/html.py (``html_too_complex``).
    """
    path = Path(path)
    abs_path = os.path.abspath(path)
    shown_path = display_name(abs_path)
    file_name = display_name(os.path.relpath(abs_path, os.path.abspath(raw_dir)))
    max_chars = MAX_TEXT_CHARS

    sha: str | None = None
    size: int | None = None

    def reject(reason: str) -> RejectedFile:
        return RejectedFile(shown_path, file_name, sha, size, reason)

    try:
        # -- the landing folder is a boundary: nothing outside it is read
        outside = _outside_landing(path, raw_dir)
        if outside is not None:
            return reject(outside)

        # -- stat: before reading anything
        try:
            st = os.stat(path)
        except FileNotFoundError:
            if os.path.islink(path):
                return reject(f"unreadable: broken symlink to {display_name(os.readlink(path))}")
            return reject("vanished: file disappeared before it could be read")
        except OSError as err:
            return reject(f"unreadable: {_os_error_text(err)}")
        if not stat.S_ISREG(st.st_mode):
            return reject(_not_regular_reason(path, st.st_mode))
        size = st.st_size
        if size > max_bytes:
            return reject(f"too_large: {size} bytes > limit {max_bytes}")

        # -- read
        try:
            with os.fdopen(_open_inside(path, raw_dir), "rb") as handle:
                if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                    return reject("vanished: replaced by something that is not a file while being read")
                data = handle.read(max_bytes + 1)
        except FileNotFoundError:
            return reject("vanished: file disappeared before it could be read")
        except OSError as err:
            return reject(f"unreadable: {_os_error_text(err)}")
        if len(data) > max_bytes:
            size = None
            return reject(f"too_large: grew past the limit of {max_bytes} bytes while being read")
        sha = _sha256(data)
        size = len(data)

        if not data:
            return reject("empty: file has no bytes")

        # -- sniff
        fmt = detect_format(path, data)
        if fmt != "pdf":
            kind = _binary_kind(data)
            if kind is not None:
                return reject(f"binary: looks like {kind}")
        elif b"%PDF-" not in data[:1024]:  # .pdf without a header
            kind = _binary_kind(data)
            if kind is not None:
                return reject(f"binary: named .pdf but looks like {kind}")
            return reject("corrupt_pdf: no %PDF- header in the first 1024 bytes")

        def accepted(fmt: str, encoding: str, text: str) -> RawFile:
            return RawFile(shown_path, file_name, sha, size, fmt, encoding, text)  # type: ignore[arg-type]

        # -- pdf
        if fmt == "pdf":
            try:
                text = pdf_to_text(data)
            except NoTextLayerError:
                return reject("no_text: PDF has no text layer (scanned image?)")
            except EncryptedPdfError as err:
                return reject(f"encrypted_pdf: {err}")
            except CorruptPdfError as err:
                return reject(f"corrupt_pdf: {err}")
            if len(text) > max_chars:
                return reject(_too_long(len(text), max_chars, "of text layer"))
            return accepted("pdf", "pdf-text-layer", text)

        # -- text and html
        try:
            text, encoding = decode_text(data)
        except BinaryContentError as err:
            return reject(f"binary: {err}")
        except UndecodableError as err:
            return reject(f"undecodable: {err}")
        if not text.strip():
            return reject(f"empty: only whitespace ({size} bytes)")
        if fmt == "txt" and _looks_like_html(text):
            fmt = "html"
        if fmt == "html":
            try:
                chars = html_body_chars(text)
            except HtmlTooComplexError as err:
                return reject(f"html_too_complex: {err}")
            if not chars:
                return reject(
                    "html_no_text: no visible text after removing scripts, styles "
                    "and page navigation"
                )
            if chars > max_chars:
                return reject(_too_long(chars, max_chars, "of visible text"))
        elif len(text) > max_chars:
            return reject(_too_long(len(text), max_chars, "of text"))
        return accepted(fmt, encoding, text)
    except Exception as err:  # noqa: BLE001 - the safety net the contract promises
        return reject(f"internal_error: {type(err).__name__}: {err}")


def _too_long(chars: int, limit: int, what: str) -> str:
    return (f"too_long: {chars:,} characters {what} > limit {limit:,} "
            "(no news article is that long; extraction time grows with it)")


def read_landing_folder(
    raw_dir: Path, max_bytes: int
) -> tuple[list[RawFile], list[RejectedFile]]:
    """Read every landing file: (articles, rejections), in listing order."""
    raw: list[RawFile] = []
    rejected: list[RejectedFile] = []
    for path in list_landing_files(raw_dir):
        result = read_article_file(path, raw_dir, max_bytes)
        (raw if isinstance(result, RawFile) else rejected).append(result)  # type: ignore[arg-type]
    return raw, rejected


# --------------------------------------------------------------------------
# Change detection and files still being written
# --------------------------------------------------------------------------

# (size, mtime_ns, inode, ctime_ns): a file whose four values are unchanged
# was not written to. mtime alone can be set back (`touch -d`, `cp -p`,
# os.utime), ctime cannot (the kernel sets it on every write, rename and
# utime), and a replacement by rename has another inode.
Signature = tuple[int, int, int, int]


def landing_signature(path: Path) -> Signature | None:
    """The signature of a landing file (symlinks followed, as the reader
    does), or None when it cannot be stat()ed."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns


def settled_files(sigs: dict[Path, Signature | None], settle_seconds: float, now_ns: int,
                  sleep=None, clock_ns=None) -> tuple[dict[Path, Signature | None], list[Path]]:
    """Split files into (readable now, still being written).

    A file last written (mtime or ctime) at least ``settle_seconds`` ago is
    readable. A younger one is looked at again once the youngest of them is
    that old (one wait for all, at most ``settle_seconds``): it is readable
    only if its signature did not change across the wait and its times are
    then old enough; otherwise it waits for a later build (a writer still at
    work, or a modification time in the future). Files that cannot be
    stat()ed are returned as readable: the reader rejects them with a reason.
    """
    import time

    sleep = sleep or time.sleep
    clock_ns = clock_ns or time.time_ns
    limit = int(settle_seconds * 1e9)

    def young(sig: Signature, at_ns: int) -> bool:
        return at_ns - max(sig[1], sig[3]) < limit

    ready = {p: s for p, s in sigs.items() if s is None or not young(s, now_ns)}
    to_watch = {p: s for p, s in sigs.items() if p not in ready}
    if not to_watch:
        return ready, []
    wait_ns = min(limit, max(limit - (now_ns - max(s[1], s[3])) for s in to_watch.values()))
    if wait_ns > 0:
        sleep(wait_ns / 1e9)
    later = clock_ns()
    waiting = []
    for path, sig in to_watch.items():
        again = landing_signature(path)
        if again is None:
            ready[path] = None  # gone or unreadable now: the reader says which
        elif again == sig and not young(again, later):
            ready[path] = again
        else:
            waiting.append(path)
    return ready, sorted(waiting)
