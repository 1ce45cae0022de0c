"""Tests of quote_warehouse/landing/: every landing file is read or rejected with a reason.

All inputs are real files written to tmp_path (no mocks); PDFs are built by
hand with a correct xref table, so pypdf parses exactly what a PDF writer
would produce.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from quote_warehouse.landing.decode import decode_text
from quote_warehouse.landing.errors import (
    BinaryContentError,
    CorruptPdfError,
    NoTextLayerError,
    UndecodableError,
)
from quote_warehouse.landing.files import (
    RawFile,
    RejectedFile,
    list_landing_files,
    read_article_file,
    read_landing_folder,
)
from quote_warehouse.landing.html import html_meta, html_to_text
from quote_warehouse.landing.pdf import pdf_to_text

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
LIMIT = 20 * 1024 * 1024

ARTICLE = (
    "Russia explains its red lines\n"
    "\n"
    "Spokeswoman Maria Zakharova warned of \u201cserious negative consequences\u201d "
    "if NATO\u2019s expansion continues \u2014 the Foreign Ministry said.\n"
)

# A real 1x1 PNG (signature, IHDR, IDAT, IEND).
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


# ---------------------------------------------------------------- helpers


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def read(tmp_path: Path, name: str, data: bytes, max_bytes: int = LIMIT):
    return read_article_file(write(tmp_path, name, data), tmp_path, max_bytes)


def assert_raw(result, fmt: str = "txt", encoding: str | None = None) -> RawFile:
    assert isinstance(result, RawFile), getattr(result, "reason", result)
    assert result.source_format == fmt
    if encoding is not None:
        assert result.encoding == encoding
    return result


def assert_rejected(result, code: str) -> RejectedFile:
    assert isinstance(result, RejectedFile), f"expected {code}, got {result!r}"
    assert result.reason.split(":", 1)[0] == code, result.reason
    assert len(result.reason) > len(code) + 3  # code plus a message
    return result


def pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(pages: list[list[str]]) -> bytes:
    """A minimal valid PDF: one Helvetica text object per page, exact xref."""
    n_pages = len(pages)
    font_id = 3 + 2 * n_pages
    page_ids = [3 + 2 * i for i in range(n_pages)]
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: (
            "<< /Type /Pages /Kids ["
            + " ".join(f"{pid} 0 R" for pid in page_ids)
            + f"] /Count {n_pages} >>"
        ).encode(),
        font_id: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
        b"/Encoding /WinAnsiEncoding >>",
    }
    for pid, lines in zip(page_ids, pages):
        ops = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
        for line in lines:
            ops.append(f"({pdf_escape(line)}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("cp1252")
        objects[pid] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Contents {pid + 1} 0 R /Resources << /Font << /F1 {font_id} 0 R >> >> >>"
        ).encode()
        objects[pid + 1] = (
            f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream"
        )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for obj_id in sorted(objects):
        offsets[obj_id] = len(out)
        out += f"{obj_id} 0 obj\n".encode() + objects[obj_id] + b"\nendobj\n"
    xref_at = len(out)
    size = max(objects) + 1
    out += f"xref\n0 {size}\n".encode() + b"0000000000 65535 f \n"
    for obj_id in range(1, size):
        out += f"{offsets[obj_id]:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n".encode()
    return bytes(out)


def blank_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- encodings


def test_utf8(tmp_path):
    result = assert_raw(read(tmp_path, "a.txt", ARTICLE.encode("utf-8")), encoding="utf-8")
    assert result.raw_text == ARTICLE
    assert result.size_bytes == len(ARTICLE.encode("utf-8"))
    assert result.sha256 == hashlib.sha256(ARTICLE.encode("utf-8")).hexdigest()
    assert result.path == str(tmp_path / "a.txt")
    assert result.file_name == "a.txt"


def test_utf8_bom_is_stripped(tmp_path):
    result = assert_raw(
        read(tmp_path, "a.txt", ARTICLE.encode("utf-8-sig")), encoding="utf-8-sig"
    )
    assert result.raw_text == ARTICLE
    assert "\ufeff" not in result.raw_text


@pytest.mark.parametrize(
    "codec, expected",
    [
        ("utf-16", "utf-16"),  # with BOM (native order)
        ("utf-16-le", "utf-16-le"),  # no BOM
        ("utf-16-be", "utf-16-be"),  # no BOM
        ("utf-32", "utf-32"),  # with BOM
    ],
)
def test_utf16_and_utf32(tmp_path, codec, expected):
    data = ARTICLE.encode(codec)
    result = assert_raw(read(tmp_path, "a.txt", data), encoding=expected)
    assert result.raw_text == ARTICLE
    # The label is a codec that reproduces the text from the original bytes.
    assert data.decode(result.encoding) == ARTICLE


def test_utf16_be_with_bom(tmp_path):
    data = b"\xfe\xff" + ARTICLE.encode("utf-16-be")
    result = assert_raw(read(tmp_path, "a.txt", data), encoding="utf-16")
    assert result.raw_text == ARTICLE


def test_utf16_without_bom_cyrillic():
    text = "Мария Захарова заявила, что расширение НАТО на восток — красная линия.\n"
    assert decode_text(text.encode("utf-16-le")) == (text, "utf-16-le")


def test_cp1252_curly_quotes(tmp_path):
    data = b"Zakharova warned of \x93serious consequences\x94 \x96 NATO\x92s red line."
    result = assert_raw(read(tmp_path, "a.txt", data), encoding="cp1252")
    assert result.raw_text == (
        "Zakharova warned of \u201cserious consequences\u201d \u2013 NATO\u2019s red line."
    )


def test_latin1_reads_as_cp1252_with_identical_text(tmp_path):
    """Latin-1 printable text is a subset of cp1252: same text, label cp1252."""
    text = "Caf\u00e9 na\u00efve Z\u00fcrich, Gr\u00f6\u00dfe, fa\u00e7ade, se\u00f1or."
    result = assert_raw(read(tmp_path, "a.txt", text.encode("latin-1")), encoding="cp1252")
    assert result.raw_text == text


def test_latin1_when_bytes_undefined_in_cp1252():
    data = "Caf\u00e9 r\u00e9sum\u00e9 ".encode("latin-1") + b"\x8d ok"
    text, encoding = decode_text(data)
    assert encoding == "latin-1"
    assert text == "Caf\u00e9 r\u00e9sum\u00e9 \x8d ok"


def test_cp1251_is_not_read_as_cp1252_mojibake():
    text = (
        "Представитель МИД России Мария Захарова заявила, что расширение НАТО "
        "на восток является красной линией для Москвы."
    )
    decoded, encoding = decode_text(text.encode("cp1251"))
    assert decoded == text
    assert encoding == "cp1251"


def test_newlines_normalised_but_text_otherwise_untouched():
    raw = "Line one\r\nLine two\rLine three\n\u201cQuote\u201d \ufb01 \u00bd".encode()
    text, _ = decode_text(raw)
    assert text == "Line one\nLine two\nLine three\n\u201cQuote\u201d \ufb01 \u00bd"


def test_truncated_utf8_tail_dropped_and_reported(tmp_path):
    """Chosen behaviour: accept, drop the cut character, say so in `encoding`."""
    full = ARTICLE.rstrip("\n") + " Caf\u00e9"
    data = full.encode("utf-8")[:-1]  # cut the 2-byte "é" in half
    result = assert_raw(
        read(tmp_path, "cut.txt", data), encoding="utf-8 (truncated tail dropped)"
    )
    assert result.raw_text == full[:-1]
    assert "\ufffd" not in result.raw_text
    assert result.size_bytes == len(data)


def test_truncated_utf8_three_byte_char():
    data = "\u201cNATO\u201d said \u2014".encode("utf-8")[:-2]
    assert decode_text(data) == ("\u201cNATO\u201d said ", "utf-8 (truncated tail dropped)")


def test_ascii_with_one_high_byte_at_end_is_cp1252_not_truncated_utf8():
    # No complete multi-byte UTF-8 character before the cut: no evidence of UTF-8.
    assert decode_text(b"caf\xe9") == ("caf\u00e9", "cp1252")


def test_invalid_utf8_in_middle_is_not_silently_replaced():
    data = "\u201cquote\u201d".encode() + b" \xff\xfe\x00\x00 junk"
    with pytest.raises(UndecodableError):
        decode_text(data)


def test_control_characters_are_undecodable(tmp_path):
    data = bytes(range(1, 9)) * 20 + b"some text"
    result = assert_rejected(read(tmp_path, "ctrl.txt", data), "undecodable")
    assert "control characters" in result.reason
    assert result.sha256 == hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------- empty / binary / size


def test_empty_file(tmp_path):
    result = assert_rejected(read(tmp_path, "empty.txt", b""), "empty")
    assert result.reason == "empty: file has no bytes"
    assert result.size_bytes == 0
    assert result.sha256 == hashlib.sha256(b"").hexdigest()


@pytest.mark.parametrize(
    "data", [b"   \n\t\r\n  ", "  \n ".encode("utf-16"), b"\xef\xbb\xbf \n"]
)
def test_whitespace_only(tmp_path, data):
    result = assert_rejected(read(tmp_path, "blank.txt", data), "empty")
    assert "whitespace" in result.reason
    assert result.size_bytes == len(data)


@pytest.mark.parametrize("name", ["image.png", "image.txt", "image"])
def test_png_rejected_whatever_the_extension(tmp_path, name):
    result = assert_rejected(read(tmp_path, name, PNG_BYTES), "binary")
    assert result.reason == "binary: looks like a PNG image"


def test_zip_rejected(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("article.txt", ARTICLE)
    result = assert_rejected(read(tmp_path, "article.txt", buffer.getvalue()), "binary")
    assert "ZIP" in result.reason


@pytest.mark.parametrize(
    "data, kind",
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "JPEG"),
        (b"GIF89a\x01\x00\x01\x00", "GIF"),
        (b"\x1f\x8b\x08\x00" + b"\x00" * 20, "gzip"),
    ],
)
def test_other_magic_numbers(tmp_path, data, kind):
    result = assert_rejected(read(tmp_path, "x.txt", data), "binary")
    assert kind in result.reason


def test_nul_bytes_are_binary(tmp_path):
    data = b"\x00\x00\x00\x01\x02\x00header\x00\x00\xde\xad\xbe\xef\x00" * 10
    result = assert_rejected(read(tmp_path, "data.txt", data), "binary")
    assert "NUL" in result.reason
    with pytest.raises(BinaryContentError):
        decode_text(data)


def test_text_with_a_stray_nul_is_binary():
    with pytest.raises(BinaryContentError):
        decode_text(b"abc\x00def")


def test_too_large_rejected_before_reading(tmp_path):
    path = write(tmp_path, "big.txt", b"x" * 101)
    result = assert_rejected(read_article_file(path, tmp_path, max_bytes=100), "too_large")
    assert result.reason == "too_large: 101 bytes > limit 100"
    assert result.size_bytes == 101
    assert result.sha256 is None  # never read
    # exactly at the limit is fine
    assert_raw(read_article_file(path, tmp_path, max_bytes=101))


def test_huge_sparse_file_rejected_quickly(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(210_000_000)  # sparse: no disk, but stat says 210 MB
    result = assert_rejected(read_article_file(path, tmp_path, LIMIT), "too_large")
    assert result.reason == f"too_large: 210000000 bytes > limit {LIMIT}"


# ---------------------------------------------------------------- html

NEWS_HTML = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Russia warns NATO of red lines | Example Times</title>
<meta property="og:title" content="Russia warns NATO of red lines">
<meta property="og:site_name" content="Example Times">
<meta property="og:url" content="https://example.com/og-url">
<link rel="canonical" href="https://example.com/news/red-lines">
<meta property="article:published_time" content="2021-12-03T10:22:00+00:00">
<script>var MENU_SCRIPT = "Home | World";</script>
<style>.STYLE_RULE { color: red }</style>
</head>
<body>
<header class="site-header"><a href="/">SITE HEADER LINK</a></header>
<nav><ul><li><a href="/">MENU Home</a></li><li><a href="/world">MENU World</a></li></ul></nav>
<div id="cookie-consent">COOKIE We use cookies. <button>Accept</button></div>
<main>
<article>
<h1>Russia warns NATO of red lines</h1>
<p>The expansion of NATO &amp; its   infrastructure is a
   <em>red line</em>, Maria Zakharova said on&nbsp;Thursday.</p>
<div class="share-bar">SHARE on Twitter</div>
<p>&ldquo;Since the end of the Cold War, Russia has been assured,&rdquo; she said.<br>A second line.</p>
<blockquote>Quoted passage.</blockquote>
<figure><img src="x.jpg"><figcaption>PHOTO CAPTION</figcaption></figure>
<div>Direct text in a div <span>with a span</span>.</div>
<section class="related-articles"><h2>RELATED Read more</h2></section>
</article>
<aside><article><h2>TEASER headline</h2><p>TEASER text</p></article></aside>
<div class="newsletter-signup">NEWSLETTER sign up</div>
</main>
<footer>FOOTER Copyright 2021</footer>
<div class="comments">COMMENT by a reader</div>
</body></html>
"""


def test_html_main_text_without_junk():
    text, title = html_to_text(NEWS_HTML)
    assert title == "Russia warns NATO of red lines"
    assert text.split("\n\n") == [
        "Russia warns NATO of red lines",
        "The expansion of NATO & its infrastructure is a red line, "
        "Maria Zakharova said on Thursday.",
        "\u201cSince the end of the Cold War, Russia has been assured,\u201d she said.",
        "A second line.",
        "Quoted passage.",
        "Direct text in a div with a span.",
    ]
    for junk in (
        "MENU", "SITE HEADER", "COOKIE", "SHARE", "PHOTO", "RELATED", "TEASER",
        "NEWSLETTER", "FOOTER", "COMMENT", "MENU_SCRIPT", "STYLE_RULE", "Accept",
    ):  # fmt: skip
        assert junk not in text, junk


def test_html_title_prepended_when_body_does_not_start_with_it():
    html = (
        "<html><head><title>Kremlin identifies red line</title></head>"
        "<body><p>First paragraph.</p><p>Second.</p></body></html>"
    )
    text, title = html_to_text(html)
    assert title == "Kremlin identifies red line"
    assert text == "Kremlin identifies red line\n\nFirst paragraph.\n\nSecond."


def test_html_title_not_repeated_when_h1_is_the_headline():
    html = (
        "<html><head><title>Headline here | Outlet</title></head>"
        "<body><article><h1>Headline here</h1><p>Body text.</p></article></body></html>"
    )
    text, title = html_to_text(html)
    assert title == "Headline here | Outlet"
    assert text == "Headline here\n\nBody text."


def test_html_title_from_h1_when_no_title():
    text, title = html_to_text("<body><h1>Only H1</h1><p>Text.</p></body>")
    assert title == "Only H1"
    assert text == "Only H1\n\nText."


def test_html_meta():
    assert html_meta(NEWS_HTML) == {
        "url": "https://example.com/news/red-lines",
        "published": "2021-12-03T10:22:00+00:00",
        "outlet": "Example Times",
    }


def test_html_meta_fallbacks():
    html = """<html><head><meta property="og:url" content="https://ex.org/x">
    <script type="application/ld+json">{"@type": "NewsArticle",
      "datePublished": "2022-01-15", "publisher": {"name": "Time News"}}</script>
    </head><body><p>x</p></body></html>"""
    assert html_meta(html) == {
        "url": "https://ex.org/x",
        "published": "2022-01-15",
        "outlet": "Time News",
    }
    html = '<article><time datetime="2021-11-14">Nov 14</time><p>x</p></article>'
    assert html_meta(html) == {"url": None, "published": "2021-11-14", "outlet": None}


def test_html_file_is_read_with_source_kept(tmp_path):
    result = assert_raw(read(tmp_path, "page.html", NEWS_HTML.encode()), fmt="html")
    assert result.encoding == "utf-8"
    assert result.raw_text == NEWS_HTML  # the source, converted later
    assert "<nav>" in result.raw_text


def test_html_in_cp1252(tmp_path):
    data = b"<html><body><p>\x93Quoted\x94 text.</p></body></html>"
    result = assert_raw(read(tmp_path, "page.htm", data), fmt="html", encoding="cp1252")
    assert html_to_text(result.raw_text)[0] == "\u201cQuoted\u201d text."


def test_html_without_body_text_rejected(tmp_path):
    html = (
        b"<!DOCTYPE html><html><head><title>Only a title</title>"
        b"<script>document.write('x')</script></head>"
        b"<body><nav><a>Home</a></nav><div class='ad-slot'>AD</div>"
        b"<footer>(c) 2021</footer></body></html>"
    )
    result = assert_rejected(read(tmp_path, "empty.html", html), "html_no_text")
    assert result.sha256 == hashlib.sha256(html).hexdigest()


def test_txt_with_html_content_is_html(tmp_path):
    data = b"\n  <!doctype html><html><body><p>Article body.</p></body></html>"
    assert_raw(read(tmp_path, "saved.txt", data), fmt="html")


def test_deeply_nested_html_does_not_crash():
    html = "<div>" * 5000 + "deep text" + "</div>" * 5000
    assert html_to_text(html)[0] == "deep text"


# ---------------------------------------------------------------- pdf


def test_handmade_pdf_is_valid_for_pypdf():
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(make_pdf([["Hello PDF world"]])))
    assert len(reader.pages) == 1
    assert "Hello PDF world" in reader.pages[0].extract_text()


def test_pdf_with_text_layer(tmp_path):
    data = make_pdf(
        [
            ["Russia explains its red lines", "Zakharova said NATO expansion is a red line."],
            ["Second page text."],
        ]
    )
    result = assert_raw(read(tmp_path, "doc.pdf", data), fmt="pdf", encoding="pdf-text-layer")
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    pages = result.raw_text.split("\n\n")
    assert len(pages) == 2
    assert "Russia explains its red lines" in pages[0]
    assert "Zakharova said NATO expansion is a red line." in pages[0]
    assert pages[1].strip() == "Second page text."
    assert result.raw_text == pdf_to_text(data)


def test_pdf_named_txt_is_sniffed(tmp_path):
    result = assert_raw(read(tmp_path, "doc.txt", make_pdf([["Sniffed text"]])), fmt="pdf")
    assert "Sniffed text" in result.raw_text


def test_pdf_without_text_layer(tmp_path):
    data = blank_pdf()
    with pytest.raises(NoTextLayerError):
        pdf_to_text(data)
    result = assert_rejected(read(tmp_path, "scan.pdf", data), "no_text")
    assert result.reason.startswith("no_text: PDF has no text layer")


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\n1 0 obj << /Type /Catalog garbage",
        make_pdf([["Some text"]])[:150],  # truncated download
    ],
)
def test_corrupt_pdf(tmp_path, data):
    with pytest.raises(CorruptPdfError):
        pdf_to_text(data)
    result = assert_rejected(read(tmp_path, "broken.pdf", data), "corrupt_pdf")
    assert result.sha256 == hashlib.sha256(data).hexdigest()


def test_pdf_extension_without_pdf_header(tmp_path):
    result = assert_rejected(read(tmp_path, "fake.pdf", b"just some text"), "corrupt_pdf")
    assert "header" in result.reason
    assert_rejected(read(tmp_path, "img.pdf", PNG_BYTES), "binary")


# ---------------------------------------------------------------- filesystem


def test_vanished_file(tmp_path):
    result = assert_rejected(
        read_article_file(tmp_path / "gone.txt", tmp_path, LIMIT), "vanished"
    )
    assert result.reason == "vanished: file disappeared before it could be read"
    assert result.sha256 is None and result.size_bytes is None
    assert result.file_name == "gone.txt"


def test_unreadable_file(tmp_path):
    path = write(tmp_path, "secret.txt", ARTICLE.encode())
    path.chmod(0)
    try:
        try:
            path.read_bytes()
        except PermissionError:
            pass
        else:
            pytest.skip("running with privileges that ignore file permissions (root)")
        result = assert_rejected(read_article_file(path, tmp_path, LIMIT), "unreadable")
        assert "Permission denied" in result.reason
        assert result.sha256 is None
        assert result.size_bytes == len(ARTICLE.encode())
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_directory_and_fifo_rejected_without_hanging(tmp_path):
    (tmp_path / "folder.txt").mkdir()
    result = assert_rejected(read_article_file(tmp_path / "folder.txt", tmp_path, LIMIT), "unreadable")
    assert "directory" in result.reason
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.txt")
        result = assert_rejected(read_article_file(tmp_path / "pipe.txt", tmp_path, LIMIT), "unreadable")
        assert "FIFO" in result.reason


def test_symlink_loop_does_not_hang(tmp_path):
    write(tmp_path, "a/article.txt", ARTICLE.encode())
    (tmp_path / "a" / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "self").symlink_to(tmp_path / "self")  # loop on itself
    files = list_landing_files(tmp_path)
    names = [str(p.relative_to(tmp_path)) for p in files]
    assert names == ["a/article.txt", "a/loop", "self"]
    # The entries that are not articles are rejected, not dropped silently.
    loop = assert_rejected(read_article_file(tmp_path / "a" / "loop", tmp_path, LIMIT), "unreadable")
    assert "not followed" in loop.reason
    assert_rejected(read_article_file(tmp_path / "self", tmp_path, LIMIT), "unreadable")


def test_symlinks_to_files(tmp_path):
    """A link to a file inside the landing folder is read under the link's
    name; a link that leaves the folder is rejected without being opened,
    whether its target exists or not: a shared drop folder must not be a
    way to read the host."""
    target = write(tmp_path, "outside/real.txt", ARTICLE.encode())
    landing = tmp_path / "landing"
    landing.mkdir()
    write(landing, "sub/inside.txt", ARTICLE.encode())
    (landing / "link.txt").symlink_to(target)
    (landing / "broken.txt").symlink_to(tmp_path / "missing.txt")
    (landing / "inner.txt").symlink_to(landing / "sub" / "inside.txt")
    assert list_landing_files(landing) == [landing / "broken.txt", landing / "inner.txt", landing / "link.txt",
                                           landing / "sub" / "inside.txt"]
    inner = assert_raw(read_article_file(landing / "inner.txt", landing, LIMIT))
    assert inner.raw_text == ARTICLE
    assert inner.path == str(landing / "inner.txt")
    for name, target_shown in (("link.txt", str(target)), ("broken.txt", str(tmp_path / "missing.txt"))):
        outside = assert_rejected(read_article_file(landing / name, landing, LIMIT), "outside_landing")
        assert target_shown in outside.reason


WEIRD_NAMES = [
    'quote"double.txt',
    "quote'single.txt",
    "semi;colon; DROP TABLE x;.txt",
    "new\nline.txt",
    "Zakharova_\u0417\u0430\u0445\u0430\u0440\u043e\u0432\u0430 \u201cred line\u201d.txt",
    "caf\u00e9 \u65b0\u95fb.txt",
    "spaces  and\ttab.txt",
    "no_extension",
]


def test_weird_file_names(tmp_path):
    for name in WEIRD_NAMES:
        write(tmp_path, name, ARTICLE.encode())
    files = list_landing_files(tmp_path)
    assert sorted(p.name for p in files) == sorted(WEIRD_NAMES)
    for path in files:
        result = assert_raw(read_article_file(path, tmp_path, LIMIT))
        assert result.file_name == path.name
        assert result.raw_text == ARTICLE


@pytest.mark.skipif(sys.platform != "linux", reason="bytes file names are a Linux thing")
def test_non_utf8_file_name_is_storable(tmp_path):
    raw_name = b"caf\xe9_latin1.txt"
    with open(os.path.join(os.fsencode(tmp_path), raw_name), "wb") as handle:
        handle.write(ARTICLE.encode())
    (path,) = list_landing_files(tmp_path)
    result = assert_raw(read_article_file(path, tmp_path, LIMIT))
    assert result.file_name == "caf\\xe9_latin1.txt"
    result.file_name.encode("utf-8")  # storable in DuckDB / JSON
    result.path.encode("utf-8")


def test_hidden_files_and_dirs_skipped_and_order(tmp_path):
    for name in ["b.txt", "a/z.txt", "a/b/c.txt", ".hidden.txt", ".git/config",
                 "a/.DS_Store", "a/.cache/x.txt", "A.txt"]:  # fmt: skip
        write(tmp_path, name, ARTICLE.encode())
    names = [str(p.relative_to(tmp_path)) for p in list_landing_files(tmp_path)]
    assert names == ["A.txt", "a/b/c.txt", "a/z.txt", "b.txt"]
    result = assert_raw(read_article_file(tmp_path / "a/b/c.txt", tmp_path, LIMIT))
    assert result.file_name == "a/b/c.txt"


def test_missing_landing_folder_raises(tmp_path):
    with pytest.raises(NotADirectoryError):
        list_landing_files(tmp_path / "nope")


def test_same_bytes_same_sha(tmp_path):
    one = assert_raw(read(tmp_path, "one.txt", ARTICLE.encode()))
    two = assert_raw(read(tmp_path, "sub/two.txt", ARTICLE.encode()))
    other = assert_raw(read(tmp_path, "three.txt", ARTICLE.encode() + b" "))
    assert one.sha256 == two.sha256 == hashlib.sha256(ARTICLE.encode()).hexdigest()
    assert other.sha256 != one.sha256
    assert one.file_name != two.file_name


def test_read_landing_folder_accounts_for_every_file(tmp_path):
    write(tmp_path, "good.txt", ARTICLE.encode())
    write(tmp_path, "page.html", NEWS_HTML.encode())
    write(tmp_path, "doc.pdf", make_pdf([["PDF text"]]))
    write(tmp_path, "empty.txt", b"")
    write(tmp_path, "image.png", PNG_BYTES)
    write(tmp_path, "scan.pdf", blank_pdf())
    raw, rejected = read_landing_folder(tmp_path, LIMIT)
    assert [r.file_name for r in raw] == ["doc.pdf", "good.txt", "page.html"]
    assert {r.file_name: r.reason.split(":")[0] for r in rejected} == {
        "empty.txt": "empty",
        "image.png": "binary",
        "scan.pdf": "no_text",
    }


# ---------------------------------------------------------------- seeds


def test_seed_files_all_read_as_utf8_text():
    files = list_landing_files(SEEDS_DIR)
    assert len(files) == 5
    for path in files:
        result = assert_raw(read_article_file(path, SEEDS_DIR, LIMIT), fmt="txt", encoding="utf-8")
        assert result.file_name == path.name
        assert result.raw_text == path.read_text(encoding="utf-8")
        assert len(result.raw_text) > 1000


# ---------------------------------------------------------------- properties


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.binary(max_size=400),
    suffix=st.sampled_from([".txt", ".html", ".pdf", "", ".bin"]),
)
def test_never_raises_on_arbitrary_bytes(tmp_path, data, suffix):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    result = read_article_file(path, tmp_path, 10_000)
    assert isinstance(result, (RawFile, RejectedFile))
    if isinstance(result, RawFile):
        assert result.raw_text.strip()
        assert result.sha256 == hashlib.sha256(data).hexdigest()
    else:
        assert ": " in result.reason


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cc", "Cs"), max_codepoint=0x2FFFF)
        | st.sampled_from("\n\t "),
        min_size=1,
    )
)
def test_utf8_text_round_trips(text):
    assume(not text.startswith("\ufeff"))  # that is a BOM: utf-8-sig
    assert decode_text(text.encode("utf-8")) == (text, "utf-8")
