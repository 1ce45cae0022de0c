"""Ingest: turn every file in the landing folder into an article or a rejection.

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
``too_large``, ``unreadable``, ``vanished``, ``undecodable``, ``no_text``,
``corrupt_pdf``, ``encrypted_pdf``, ``html_no_text``, ``internal_error``)
followed by ``": "`` and a message, so they can be grouped in SQL with
``split_part(reason, ':', 1)``.

Everything here is plain, typed Python without Dagster, so tests and the
asset layer call the same functions.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "RawFile",
    "RejectedFile",
    "UndecodableError",
    "BinaryContentError",
    "CorruptPdfError",
    "EncryptedPdfError",
    "NoTextLayerError",
    "list_landing_files",
    "read_article_file",
    "read_landing_folder",
    "decode_text",
    "html_to_text",
    "html_meta",
    "pdf_to_text",
    "detect_format",
]


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


class UndecodableError(ValueError):
    """The bytes do not decode to plausible text in any encoding we trust."""


class BinaryContentError(UndecodableError):
    """The bytes are binary data (NUL bytes outside UTF-16/32), not text."""


class CorruptPdfError(ValueError):
    """pypdf could not parse the file as a PDF."""


class EncryptedPdfError(CorruptPdfError):
    """The PDF is encrypted and does not open with the empty password."""


class NoTextLayerError(ValueError):
    """The PDF parses but has no extractable text (e.g. a scan)."""


# --------------------------------------------------------------------------
# Listing
# --------------------------------------------------------------------------


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


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
        raise NotADirectoryError(f"landing folder {raw_dir} is not a directory")

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
# Decoding
# --------------------------------------------------------------------------

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32-LE before UTF-16-LE: FF FE 00 00 starts with FF FE.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

TRUNCATED_SUFFIX = " (truncated tail dropped)"

# C0 controls other than \t \n \v \f \r, DEL, C1 controls, and U+FFFD.
# A few of them happen in real text (a stray ^Z at the end of a DOS file);
# many of them mean we decoded binary data or guessed the wrong codec.
_BAD_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")

_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_strict(data: bytes, codec: str) -> tuple[str, str] | None:
    """Strict decode; tolerate only a multi-byte character cut at the very end.

    Returns (text, encoding label) or None. A file whose last character was
    cut in half (an interrupted download or copy) is otherwise fine; the
    incomplete bytes are dropped and the label says so, e.g.
    ``'utf-8 (truncated tail dropped)'``. Anything else invalid -> None.
    """
    try:
        return data.decode(codec), codec
    except UnicodeDecodeError as err:
        at_end = err.end == len(data) and err.reason in (
            "unexpected end of data",
            "truncated data",
        )
        if not at_end:
            return None
        try:
            return data[: err.start].decode(codec), codec + TRUNCATED_SUFFIX
        except UnicodeDecodeError:
            return None


def _bad_char_count(text: str) -> int:
    return len(_BAD_CHARS.findall(text))


def _too_many_bad_chars(text: str) -> bool:
    """More control characters than real text has (2, or 0.5% of the text)."""
    return _bad_char_count(text) > max(2, len(text) // 200)


def _implausible(text: str, label: str) -> None:
    """Raise when decoded ``text`` is not text a human wrote."""
    if "\x00" in text:
        raise BinaryContentError(
            f"decodes as {label} but contains {text.count(chr(0))} NUL characters"
        )
    if _too_many_bad_chars(text):
        bad = _bad_char_count(text)
        raise UndecodableError(
            f"decodes as {label} but {bad} of {len(text)} characters are "
            "control characters: not text"
        )


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when the NUL bytes follow a UTF-16 pattern.

    Text in UTF-16 has the high byte 0x00 for every ASCII character (spaces,
    digits, punctuation, Latin letters), so NULs cluster on odd positions
    (little endian) or even positions (big endian), and the other positions
    almost never hold a NUL. Binary data has NULs everywhere. And the high
    bytes of real text take very few values (0x00 for Latin, 0x04 for
    Cyrillic, 0x20 for curly quotes and dashes), whereas garbage spreads
    over many. Fewer than 8 characters are too little evidence: binary.
    """
    if len(data) < 16:
        return None
    even = data[0::2]
    odd = data[1::2]
    half = len(data) // 2
    even_nul, odd_nul = even.count(0), odd.count(0)
    if odd_nul >= 0.1 * half and even_nul <= 0.01 * half:
        codec, high = "utf-16-le", odd
    elif even_nul >= 0.1 * half and odd_nul <= 0.01 * half:
        codec, high = "utf-16-be", even
    else:
        return None
    counts = sorted((high.count(value) for value in set(high)), reverse=True)
    if sum(counts[:3]) < 0.9 * len(high):
        return None
    return codec


def _looks_non_western(text: str) -> bool:
    """True when a cp1252 reading is probably the wrong single-byte codec.

    Western European text is mostly ASCII letters (French, German, Spanish:
    under 10% accented). Russian in cp1251 or koi8-r read as cp1252 gives
    words made only of accented letters ("Ïðåäñòàâèòåëü"): then we ask
    charset-normalizer instead of trusting cp1252.
    """
    sample = text[:200_000]
    letters = [c for c in sample if c.isalpha()]
    if len(letters) < 20:
        return False
    non_ascii = sum(1 for c in letters if ord(c) > 127)
    return non_ascii / len(letters) > 0.4


def _charset_normalizer_guess(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        return None
    return str(best), str(best.encoding)


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode raw bytes to ``(text, encoding)`` without silent damage.

    Order, and why:

    1. A byte-order mark is authoritative (``utf-32``, ``utf-8-sig``,
       ``utf-16``; the label is a Python codec that strips the BOM, so
       ``data.decode(encoding)`` reproduces the text).
    2. Strict UTF-8, the encoding of nearly all our sources. Rejected if it
       contains NULs (UTF-16 ASCII text is also valid UTF-8).
    3. UTF-16 without BOM, recognised by the position of its NUL bytes
       (``utf-16-le`` / ``utf-16-be``). Other data with NULs is binary
       (:class:`BinaryContentError`).
    4. cp1252 if every byte is defined in it and the text is plausible
       (few control characters). cp1252 is a superset of latin-1's
       printable range, so a Latin-1 file is reported as ``cp1252`` with the
       same text. If the bytes use 0x81, 0x8D, 0x8F, 0x90 or 0x9D (undefined
       in cp1252) we fall back to ``latin-1``.
    5. charset-normalizer as the last resort, and also when the cp1252
       reading looks like another single-byte codec (Cyrillic cp1251, ...).

    Truncated multi-byte tail: a UTF-8 (or BOM-marked UTF) file whose last
    character is cut in half is ACCEPTED, the incomplete bytes dropped, and
    the encoding reported as ``'utf-8 (truncated tail dropped)'``. Rationale:
    the text that is there is intact and the damage is recorded where it can
    be queried (``raw_files.encoding``), whereas rejecting would throw away
    a whole article for one character. Replacement characters are never
    inserted. For the un-marked case we require at least one complete
    multi-byte UTF-8 character before the cut as evidence that the file is
    UTF-8; ``b"caf\\xe9"`` is cp1252 "café", not UTF-8 with a cut tail.

    Newlines are normalised to ``\\n`` (from ``\\r\\n`` and ``\\r``); nothing
    else is altered: no Unicode normalisation, curly quotes kept.

    Raises :class:`UndecodableError` (or its subclass
    :class:`BinaryContentError`) when no reading gives plausible text.
    """
    # 1. byte-order marks
    for bom, codec in _BOMS:
        if data.startswith(bom):
            decoded = _decode_strict(data, codec)
            if decoded is None:
                raise UndecodableError(
                    f"starts with a {codec} byte-order mark but is not valid {codec}"
                )
            text, label = decoded
            _implausible(text, label)
            return _normalise_newlines(text), label

    has_nul = b"\x00" in data

    # 2. strict UTF-8
    if not has_nul:
        decoded = _decode_strict(data, "utf-8")
        if decoded is not None:
            text, label = decoded
            truncated = label != "utf-8"
            if not truncated or any(ord(c) > 127 for c in text):
                _implausible(text, label)
                return _normalise_newlines(text), label

    # 3. UTF-16 without BOM, else NULs mean binary
    if has_nul:
        codec = _utf16_without_bom(data)
        if codec is not None:
            decoded = _decode_strict(data, codec)
            if decoded is not None:
                text, label = decoded
                _implausible(text, label)
                return _normalise_newlines(text), label
        raise BinaryContentError(
            f"{data.count(0)} NUL bytes and no UTF-16 pattern: binary data, not text"
        )

    # 4. cp1252, or latin-1 for the five bytes cp1252 leaves undefined
    codec = "latin-1" if _CP1252_UNDEFINED.intersection(data) else "cp1252"
    single = data.decode(codec)  # cannot fail for these inputs
    single_ok = not _too_many_bad_chars(single)
    if single_ok and not _looks_non_western(single):
        return _normalise_newlines(single), codec

    # 5. charset-normalizer
    guess = _charset_normalizer_guess(data)
    if guess is not None:
        text, label = guess
        if "\x00" not in text and not _too_many_bad_chars(text):
            return _normalise_newlines(text), label
    if single_ok:
        return _normalise_newlines(single), codec
    bad = _bad_char_count(single)
    raise UndecodableError(
        f"not valid UTF-8 or UTF-16; as {codec} {bad} of {len(single)} characters "
        "are control characters, and charset-normalizer found no better reading"
    )


# --------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------

# Subtrees that never hold article text.
_DROP_TAGS = frozenset(
    {
        "head", "script", "style", "noscript", "template", "nav", "footer",
        "aside", "form", "iframe", "svg", "button", "figure", "figcaption",
        "select", "option", "textarea", "input", "label", "video", "audio",
        "canvas", "object", "embed", "map", "dialog", "menu",
    }
)  # fmt: skip

# Block elements: each starts and ends a paragraph.
_BLOCK_TAGS = frozenset(
    {
        "html", "body", "main", "article", "section", "div", "p", "h1", "h2",
        "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
        "blockquote", "pre", "address", "table", "thead", "tbody", "tfoot",
        "tr", "td", "th", "caption", "hr", "details", "summary", "center",
        "header", "hgroup", "fieldset", "legend",
    }
)  # fmt: skip

# class/id tokens (split on space, '-' and '_') that mark page furniture.
# Exact tokens, not substrings: "commentary" is content, "comments" is not.
_JUNK_TOKENS = frozenset(
    {
        "nav", "navbar", "navigation", "menu", "menus", "breadcrumb",
        "breadcrumbs", "share", "sharing", "shares", "sharebar", "social",
        "related", "recommended", "comments", "comment", "disqus", "cookie",
        "cookies", "consent", "gdpr", "newsletter", "subscribe", "subscription",
        "signup", "advert", "advertisement", "adverts", "ad", "ads", "adslot",
        "sponsored", "sponsor", "promo", "promoted", "outbrain", "taboola",
        "sidebar", "footer", "popup", "modal", "toolbar", "skip", "tags",
    }
)  # fmt: skip

_JUNK_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "search", "dialog",
     "menu", "menubar", "toolbar"}
)  # fmt: skip

_TOKEN_SPLIT = re.compile(r"[\s_\-]+")
_WS = re.compile(r"\s+")


def _collapse(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _is_junk(node, keep_header: bool) -> bool:  # node: LexborNode
    """True for elements whose subtree is page furniture, not article text."""
    tag = node.tag
    if tag in _DROP_TAGS:
        return True
    if tag == "header" and not keep_header:
        return True
    attrs = node.attributes
    if "hidden" in attrs or (attrs.get("aria-hidden") or "").lower() == "true":
        return True
    if (attrs.get("role") or "").lower() in _JUNK_ROLES:
        return True
    marks = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()
    return any(token in _JUNK_TOKENS for token in _TOKEN_SPLIT.split(marks))


def _paragraphs(container, keep_header: bool) -> list[tuple[str, str]]:
    """Paragraphs of ``container`` as (text, tag of the block that ended it).

    Iterative walk (a page with 10 000 nested divs must not hit Python's
    recursion limit). Text of inline elements is concatenated; every block
    element and every <br> ends the current paragraph.
    """
    paragraphs: list[tuple[str, str]] = []
    buffer: list[str] = []
    block_stack: list[str] = []

    def flush(tag: str) -> None:
        text = _collapse("".join(buffer))
        buffer.clear()
        if text:
            paragraphs.append((text, tag))

    # stack of (node, is_exit)
    stack: list[tuple[object, bool]] = [(container, False)]
    while stack:
        node, is_exit = stack.pop()
        if is_exit:
            flush(node.tag)  # type: ignore[attr-defined]
            block_stack.pop()
            continue
        if node.is_text_node:  # type: ignore[attr-defined]
            buffer.append(node.text_content or "")  # type: ignore[attr-defined]
            continue
        if not node.is_element_node:  # type: ignore[attr-defined]
            continue  # comments, doctype
        tag = node.tag  # type: ignore[attr-defined]
        if node is not container and _is_junk(node, keep_header):
            continue
        if tag == "br":
            flush(block_stack[-1] if block_stack else "br")
            continue
        if tag in _BLOCK_TAGS:
            flush(block_stack[-1] if block_stack else tag)
            block_stack.append(tag)
            stack.append((node, True))
        children = list(node.iter(include_text=True))  # type: ignore[attr-defined]
        stack.extend((child, False) for child in reversed(children))
    flush("")
    return paragraphs


def _has_junk_ancestor(node) -> bool:
    parent = node.parent
    while parent is not None and parent.tag not in ("body", "html", "-document"):
        if parent.is_element_node and _is_junk(parent, keep_header=False):
            return True
        parent = parent.parent
    return False


def _meta_content(tree, *names: str) -> str | None:
    """content of the first <meta property|name|itemprop=...> among ``names``."""
    wanted = [n.lower() for n in names]
    found: dict[str, str] = {}
    for meta in tree.css("meta"):
        attrs = meta.attributes
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "")
        key = key.strip().lower()
        content = _collapse(attrs.get("content") or "")
        if key in wanted and content and key not in found:
            found[key] = content
    for name in wanted:
        if name in found:
            return found[name]
    return None


def _extract_html(html: str) -> tuple[str | None, list[tuple[str, str]]]:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)

    title = _meta_content(tree, "og:title", "twitter:title")
    if title is None:
        title_node = tree.css_first("title")
        if title_node is not None:
            title = _collapse(title_node.text(deep=True)) or None
    if title is None:
        h1 = tree.css_first("h1")
        if h1 is not None:
            title = _collapse(h1.text(deep=True)) or None

    # Prefer the article: the <article> with most text that is not itself
    # inside page furniture (related-story teasers are <article>s too),
    # then <main>, then the whole body.
    candidates = [a for a in tree.css("article") if not _has_junk_ancestor(a)]
    best: list[tuple[str, str]] = []
    for article in candidates:
        paras = _paragraphs(article, keep_header=True)
        if sum(len(t) for t, _ in paras) > sum(len(t) for t, _ in best):
            best = paras
    if not best:
        main = tree.css_first("main") or tree.css_first('[role="main"]')
        if main is not None:
            best = _paragraphs(main, keep_header=True)
    if not best:
        root = tree.body or tree.root
        if root is not None:
            best = _paragraphs(root, keep_header=False)
    return title, best


def html_to_text(html: str) -> tuple[str, str | None]:
    """Main text of a web page and its title: ``(text, title or None)``.

    Menus, share bars, cookie banners, comments and related-story teasers
    are dropped (by tag, by ARIA role and by class/id tokens), then the main
    container is read: the largest <article>, else <main>, else <body>. Its
    <header> is kept (headline, byline, date), the page's <header> is not.

    The layout matches the plain-text articles in the landing folder: the
    title on the first line, a blank line, then one paragraph per block
    element separated by blank lines. The title is not repeated when the
    first paragraph already is the title, or is the <h1> headline the title
    contains ("Headline | Outlet"). Whitespace inside paragraphs is
    collapsed; entities are decoded by the parser.

    Title: og:title (usually without the " | Site" suffix), else <title>,
    else the first <h1>.
    """
    title, paragraphs = _extract_html(html)
    texts = [t for t, _ in paragraphs]
    if title and texts:
        first, first_tag = paragraphs[0]
        same = first.casefold() == title.casefold()
        headline_in_title = first_tag == "h1" and first.casefold() in title.casefold()
        if not (same or headline_in_title):
            texts.insert(0, title)
    elif title:
        texts = [title]
    return "\n\n".join(texts), title


def _html_has_body_text(html: str) -> bool:
    """True when the page has visible text besides its title."""
    title, paragraphs = _extract_html(html)
    folded_title = (title or "").casefold()
    return any(text.casefold() != folded_title for text, _ in paragraphs)


def _json_ld_value(tree, key: str) -> object | None:
    """First value of ``key`` found anywhere in the page's JSON-LD blocks."""
    for script in tree.css('script[type="application/ld+json"]'):
        try:
            data = json.loads(script.text(deep=True) or "null")
        except ValueError:
            continue
        pending: list[object] = [data]
        while pending:
            item = pending.pop(0)
            if isinstance(item, dict):
                if key in item and item[key]:
                    return item[key]
                pending.extend(item.values())
            elif isinstance(item, list):
                pending.extend(item)
    return None


def html_meta(html: str) -> dict[str, str | None]:
    """Document metadata from a web page: ``url``, ``published``, ``outlet``.

    * url: ``<link rel="canonical">``, else ``og:url``.
    * published: ``article:published_time`` (or similar meta tags), JSON-LD
      ``datePublished``, else the first ``<time datetime>`` (inside the
      article when there is one). Returned as written, not parsed: dating is
      a later step and must see the original string.
    * outlet: ``og:site_name``, else JSON-LD ``publisher.name``.
    """
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)

    url: str | None = None
    for link in tree.css("link"):
        rel = (link.attributes.get("rel") or "").lower().split()
        href = (link.attributes.get("href") or "").strip()
        if "canonical" in rel and href:
            url = href
            break
    if url is None:
        url = _meta_content(tree, "og:url")

    published = _meta_content(
        tree,
        "article:published_time",
        "og:published_time",
        "datePublished",
        "publishdate",
        "pubdate",
        "parsely-pub-date",
        "dc.date.issued",
        "dc.date",
        "date",
    )
    if published is None:
        value = _json_ld_value(tree, "datePublished")
        if isinstance(value, str) and value.strip():
            published = value.strip()
    if published is None:
        scope = tree.css_first("article") or tree
        for time_node in scope.css("time"):
            value = (time_node.attributes.get("datetime") or "").strip()
            if value:
                published = value
                break

    outlet = _meta_content(tree, "og:site_name")
    if outlet is None:
        publisher = _json_ld_value(tree, "publisher")
        if isinstance(publisher, list) and publisher:
            publisher = publisher[0]
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            outlet = publisher["name"].strip() or None

    return {"url": url, "published": published, "outlet": outlet}


# --------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------


def pdf_to_text(data: bytes) -> str:
    """Text layer of a PDF: pages' text joined with a blank line between pages.

    Pages without text are skipped (they would only add empty lines).
    Newlines are normalised to ``\\n``. Raises :class:`NoTextLayerError` when
    there is no text at all (a scan), :class:`EncryptedPdfError` when the
    PDF does not open with the empty password, and :class:`CorruptPdfError`
    for anything pypdf cannot parse. pypdf raises a zoo of exception types
    on malformed input (PdfReadError, but also KeyError, ValueError,
    zlib.error, ...), so every exception from it counts as corrupt.
    """
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception as err:  # noqa: BLE001 - e.g. missing AES backend
                raise EncryptedPdfError(f"PDF is encrypted: {err}") from err
            if not opened:
                raise EncryptedPdfError("PDF is encrypted and needs a password")
        pages = list(reader.pages)
        if not pages:
            raise CorruptPdfError("PDF has no pages")
        texts = []
        for page in pages:
            text = _normalise_newlines(page.extract_text() or "")
            if text.strip():
                texts.append(text)
    except CorruptPdfError:
        raise
    except Exception as err:  # noqa: BLE001 - see docstring
        message = str(err) or type(err).__name__
        raise CorruptPdfError(f"{type(err).__name__}: {message}") from err
    text = "\n\n".join(texts)
    if not text.strip():
        raise NoTextLayerError("PDF has no text layer (scanned image?)")
    return text


# --------------------------------------------------------------------------
# Reading one file
# --------------------------------------------------------------------------


def _display(path_str: str) -> str:
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


def read_article_file(path: Path, raw_dir: Path, max_bytes: int) -> RawFile | RejectedFile:
    """Read one landing file as an article, or say why not. Never raises.

    Steps: stat (size checked before reading, so a 200 MB file is rejected
    without loading it; FIFOs and directories rejected without opening
    them), read at most ``max_bytes + 1`` bytes (the file may grow between
    stat and read), hash, then sniff the content (PDF header, binary magic
    numbers) before trusting the extension, decode, and check that there is
    text in it.
    """
    path = Path(path)
    abs_path = os.path.abspath(path)
    shown_path = _display(abs_path)
    file_name = _display(os.path.relpath(abs_path, os.path.abspath(raw_dir)))

    sha: str | None = None
    size: int | None = None

    def reject(reason: str) -> RejectedFile:
        return RejectedFile(shown_path, file_name, sha, size, reason)

    try:
        # -- stat: before reading anything
        try:
            st = os.stat(path)
        except FileNotFoundError:
            if os.path.islink(path):
                return reject(f"unreadable: broken symlink to {_display(os.readlink(path))}")
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
            with open(path, "rb") as handle:
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
        if fmt == "html" and not _html_has_body_text(text):
            return reject(
                "html_no_text: no visible text after removing scripts, styles "
                "and page navigation"
            )
        return accepted(fmt, encoding, text)
    except Exception as err:  # noqa: BLE001 - the safety net the contract promises
        return reject(f"internal_error: {type(err).__name__}: {err}")


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
