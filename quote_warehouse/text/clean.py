"""Turn a raw article into clean text plus header metadata.

Raw files arrive as scraped web text (navigation sprites, player widgets, "Read
more" teasers with photo captions, comment widgets), as text pulled out of PDFs
(hard line wraps), as feed dumps (a summary that repeats the lead) and as HTML.
Everything downstream (statement offsets, near-duplicate detection) works on
the clean text this module returns, so it is the one text stored in
`documents.clean_text` and every offset points into it.

The rules are line and paragraph classifiers that know the *shape* of
boilerplate, not any particular article: a line made mostly of UI words, a
media-player timestamp, a teaser block that starts with "Read more", a caption
with a photo credit, a paragraph that repeats another one.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

from quote_warehouse.text.dates import parse_publication_date

# --------------------------------------------------------------------------
# Line classifiers
# --------------------------------------------------------------------------

# Words that make up navigation bars, icon sprites and share widgets.
_UI_WORDS = frozenset(
    """icon icons chevron bookmark bookmarks camera check close compress download
    edit expand fb file filter flag full gp ins mail move music muted nomuted ok
    pause play search share sign signin signup stepback stepfor swipe tag tags tg
    trash tw vk yt wt fm menu login logout subscribe home up down left right
    v-pause v-play v-compress v-expand""".split()
)
_WORD = re.compile(r"[A-Za-z][A-Za-z\-]*")

_TIMESTAMP_LINE = re.compile(r"^\s*\d{1,2}:\d{1,2}(?::\d{1,2})?\s*$")
_URL_LINE = re.compile(r"^\s*(https?://\S+|www\.\S+)\s*$", re.I)
_BYLINE = re.compile(r"^\s*by\s+(?P<who>[^\n]{2,60}?)\s*$", re.I)

# A standalone line that opens a teaser block (headline, caption, credit of
# another story) that runs to the next blank line.
_TEASER_OPENERS = re.compile(
    r"^\s*(read more|read also|see also|related|related articles?|more on this( story)?|"
    r"recommended|also read|most read|trending)\s*:?\s*$",
    re.I,
)
# Whole-line boilerplate of comment widgets, newsletter boxes and footers.
_BOILERPLATE_LINE = re.compile(
    r"^\s*(you may also like|you might also like|leave a comment|leave a reply|"
    r"\d+\s+comments?|comments?|post a comment|share this( article| story)?|share|"
    r"follow us( on \w+)?|subscribe( now)?|sign up( for our newsletter)?|newsletter|"
    r"advertisement|sponsored( content)?|podcasts?|videos?|photos?|print|email|"
    r"click here to .*|all rights reserved.*|copyright .*|©.*)\s*$",
    re.I,
)
# A photo caption or credit: a credit sign (not the "©" of mojibake, "rÃ©sumÃ©"),
# an agency credit where a credit stands ("© Reuters / …", "(… /AFP/Getty
# Images)", not "a Reuters/Ipsos poll"), "FILE PHOTO". Matched against the
# lower-cased line (faster than a case-blind regex).
_CAPTION = re.compile(
    r"((?<![ãâ\u0302\u0303])©|\(c\)\s|\bgetty images\b|\bfile photo\b|\bphoto(graph)?:|\bimage:|"
    r"(?:^|[(/.:|©]\s*)(reuters|afp|ap|epa|sputnik|tass)\s*/\s*\w)"
)
# Who stands where in a photo: "Boris Yeltsin (L) and Bill Clinton (R)". One
# marker alone is most often a party ("Gov. Rick Scott (R) blasted …"), and a
# long line is a sentence of the story ("Zimmerman (left) shot and killed …").
_POSITION = re.compile(r"\((?:l|r|c|left|right|center)\)\s")
_CAPTION_MAX_WORDS = 30


def _is_caption(line: str) -> bool:
    """A photo caption or credit line: a credit, or two position markers in a short line."""
    low = line.lower()
    if _CAPTION.search(low):
        return True
    return len(_POSITION.findall(low)) >= 2 and len(low.split()) <= _CAPTION_MAX_WORDS


# "Read Full Article at RT.com" style tails of feed summaries.
_READ_FULL = re.compile(
    r"\s*read (the )?(full|whole|complete) (article|story)( (at|on) (?P<site>[\w.\-]+))?\.?\s*$",
    re.I,
)
# Title suffixes that name a section or a site ("| News | News").
_TITLE_SEPARATOR = re.compile(r"\s+[|–—]\s+|\s+-\s+")
_SECTION_WORDS = frozenset(
    """news world politics europe business opinion home latest breaking top
    stories analysis us uk international russia asia africa americas""".split()
)

_TERMINAL = re.compile(r"""[.!?:;…]["'”’»)\]]*\s*$""")


def _is_ui_sprite(line: str) -> bool:
    """A navigation/icon sprite: many words, most of them UI vocabulary."""
    words = _WORD.findall(line.lower())
    if len(words) < 6:
        return False
    ui = sum(1 for w in words if "icon" in w or w in _UI_WORDS)
    return ui / len(words) >= 0.5 and not _TERMINAL.search(line)


_PAGE_TEMPLATES_CSV = Path(__file__).with_name("page_templates.csv")


@lru_cache(maxsize=1)
def page_templates() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(outlet, marker) of the site templates we know (`page_templates.csv`):
    a page's chrome names its outlet even when its text does not."""
    with _PAGE_TEMPLATES_CSV.open(encoding="utf-8", newline="") as f:
        return tuple((row["outlet"], re.compile(row["marker"])) for row in csv.DictReader(f))


def template_outlet(line: str) -> str | None:
    """The outlet whose page template this (junk) line is, if we know it."""
    return next((outlet for outlet, marker in page_templates() if marker.search(line)), None)


def _is_junk_line(line: str) -> bool:
    stripped = line.strip()
    if not stripped:
        return False
    return bool(
        _TIMESTAMP_LINE.match(stripped)
        or _is_ui_sprite(stripped)
        or _BOILERPLATE_LINE.match(stripped)
    )


# --------------------------------------------------------------------------
# Text normalisation and repairs
# --------------------------------------------------------------------------

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")

# A pair of curly quotes lost as '?': "?dire consequences?". The opening '?'
# stands where a word starts, the closing one right after a word or punctuation
# and before a space or punctuation; a real question mark never opens a word.
_LOST_QUOTES = re.compile(
    r"(?:(?<=[\s(\[])|^)\?(?=\w)([^?\n]{1,400}?[\w.,!])\?(?=[\s.,;:!)\]]|$)", re.M
)
# An apostrophe lost as '?' inside a word: "Russia?s", "don?t".
_LOST_APOSTROPHE = re.compile(r"(?<=[A-Za-z])\?(?=(?:s|t|re|ll|ve|d|m)\b)")


def normalise_spacing(text: str) -> str:
    """Unify newlines and exotic spaces; drop invisible characters.

    Keeps every visible character (curly quotes stay curly) so the clean text
    reads like the source.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_INVISIBLE)
    text = unicodedata.normalize("NFC", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines)


def restore_lost_quotes(text: str) -> str:
    """Put back curly quotes and apostrophes that an encoding round trip turned into '?'."""
    text = _LOST_APOSTROPHE.sub("\u2019", text)
    return _LOST_QUOTES.sub("\u201c\\1\u201d", text)


def _ends_sentence(line: str) -> bool:
    """A line that ends a sentence: a stop, maybe followed by closing quotes.

    A line that ends with a bare closing quote (`warned of "serious
    consequences"`) may still go on, so it does not count.
    """
    # Same as _TERMINAL.search(line), but reads only the tail: a regex search
    # anchored with $ tries every start position, which made joining a
    # 10,000-line paragraph quadratic.
    tail = line.rstrip().rstrip("\"'”’»)]")
    if tail[-1:] in (".", "!", "?", ":", ";", "…"):
        return True
    # a quote credited at the end of its line ("…” ― Sonya Herridge") is whole
    return bool(_CREDIT_END.search(line[-80:]))


_CREDIT_END = re.compile(r"[”\"]\s*[―—–-]{1,2}\s*(?:[A-Z][\w.'’-]*\s*){1,5}$")


def _starts_continuation(line: str) -> bool:
    """A line that carries on the sentence before it; a byline ("by time news") never does."""
    s = line.lstrip()
    return bool(s) and (s[0].islower() or s[0] in ",;:)]") and not _BYLINE.match(s)


def _looks_hard_wrapped(blocks: list[list[str]]) -> bool:
    """PDF text: most lines stop mid-sentence, each its own block or not.

    Measured over lines long enough to be prose, so titles and metadata lines
    do not decide it.
    """
    lines = [ln for block in blocks for ln in block if len(ln) > 40]
    if len(lines) < 4:
        return False
    unfinished = sum(1 for ln in lines if not _ends_sentence(ln))
    return unfinished / len(lines) >= 0.4


def _join(left: str, right: str) -> str:
    if left.endswith("-") and len(left) > 1 and left[-2].isalpha() and right[:1].islower():
        return left + right  # "long-" + "term": keep the hyphen, no space
    return left + " " + right


class _Line:
    """A line being rebuilt from hard-wrapped pieces, joined once at the end.

    Appending to a growing string and re-reading it for every piece made a
    10,000-line paragraph quadratic; this keeps what the join rules look at
    (length, last piece, the last two characters, whether there is a space).
    """

    __slots__ = ("pieces", "length", "tail", "last", "spaced")

    def __init__(self, first: str) -> None:
        self.pieces = [first]
        self.length = len(first)
        self.tail = first[-2:]
        self.last = first
        self.spaced = " " in first

    def ends_sentence(self) -> bool:
        # Pieces are stripped and non-empty, so the end of the line is the
        # end of its last piece (see _ends_sentence).
        return _ends_sentence(self.last)

    def join(self, right: str) -> None:
        """_join(self, right), in place."""
        if (self.tail.endswith("-") and self.length > 1 and self.tail[-2].isalpha()
                and right[:1].islower()):
            sep = ""
        else:
            sep = " "
            self.spaced = True
        self.pieces.append(sep + right)
        self.length += len(sep) + len(right)
        self.tail = (self.tail + sep + right)[-2:]
        self.last = right
        self.spaced = self.spaced or " " in right

    def text(self) -> str:
        return "".join(self.pieces)


def join_hard_wraps(text: str) -> str:
    """Rebuild paragraphs from hard-wrapped lines.

    Inside a block, a line that does not end a sentence and is followed by a
    line that continues it (lower-case start) is joined. In a document that
    looks hard-wrapped (PDF extraction: a blank line after every line), blocks
    are joined too while the previous one stops mid-sentence.

    Every line that survives is a paragraph of its own in the result (feed
    dumps put one paragraph per line), so a block joined to the previous one
    continues that block's last line. Linear in the length of the text.
    """
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            current.append(line.strip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)

    wrapped = _looks_hard_wrapped(blocks)
    out: list[_Line] = []
    for block in blocks:
        lines: list[_Line] = [_Line(block[0])]
        for line in block[1:]:
            prev = lines[-1]
            if (
                not prev.ends_sentence()
                and prev.spaced and " " in line  # a date or URL line stays
                and (_starts_continuation(line) or (wrapped and prev.length > 40))
            ):
                prev.join(line)
            else:
                lines.append(_Line(line))
        first = lines[0]
        prev_line = out[-1] if out else None
        if (
            prev_line is not None
            and not prev_line.ends_sentence()
            and prev_line.spaced
            and ((wrapped and prev_line.length > 40) or _starts_continuation(first.pieces[0]))
        ):
            prev_line.join(first.text())
            out.extend(lines[1:])
        else:
            out.extend(lines)
    return "\n\n".join(ln.text() for ln in out)


# --------------------------------------------------------------------------
# Block-level boilerplate
# --------------------------------------------------------------------------


def drop_teasers_and_captions(text: str) -> str:
    """Remove "Read more" teaser blocks and photo captions/credits.

    A teaser block starts at a standalone "Read more"-like line and runs to
    the next blank line: it carries another story's headline and photo
    caption, whose people say nothing in this article.
    """
    out: list[str] = []
    in_teaser = False
    for line in text.split("\n"):
        if not line.strip():
            in_teaser = False
            out.append(line)
            continue
        if in_teaser:
            continue
        if _TEASER_OPENERS.match(line):
            in_teaser = True
            continue
        if _is_caption(line) and not _QUOTE_IN_LINE.search(line):
            continue
        out.append(line)
    return "\n".join(out)


_QUOTE_IN_LINE = re.compile(r"[\"“”„«»]")


def _fingerprint(paragraph: str) -> str:
    return re.sub(r"\W+", " ", paragraph.casefold()).strip()


def drop_repeated_paragraphs(paragraphs: list[str], title: str | None) -> list[str]:
    """Drop paragraphs that repeat another one.

    Feed dumps put a summary (the lead, again) and the headline before the
    body. The body copy is kept: it sits where the article has it. A repeat of
    the title is dropped wherever it stands.
    """
    title_fp = _fingerprint(title) if title else None
    fps = [_fingerprint(p) for p in paragraphs]
    last_index = {fp: i for i, fp in enumerate(fps)}
    kept: list[str] = []
    for i, (para, fp) in enumerate(zip(paragraphs, fps)):
        if not fp:
            continue
        if title_fp and fp == title_fp:
            continue
        if last_index[fp] != i and len(fp) > 20:
            continue
        kept.append(para)
    return kept


# --------------------------------------------------------------------------
# Header metadata
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class CleanDocument:
    """The clean text of one article and what its header says about it.

    `text` is the title (when there is one), a blank line, then the body
    paragraphs separated by blank lines. `body_start` is the offset of the
    body, so statement search can skip the headline.
    """

    text: str
    body_start: int
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published_date: dt.date | None = None
    published_raw: str | None = None
    removed: tuple[str, ...] = field(default_factory=tuple)


def _clean_title(line: str) -> tuple[str, str | None]:
    """Split "Headline | Section | Site" into the headline and a site name."""
    parts = [p.strip() for p in _TITLE_SEPARATOR.split(line) if p.strip()]
    if len(parts) <= 1:
        return line.strip(), None
    head, tail = parts[0], parts[1:]
    site = None
    while tail and (len(tail[-1].split()) <= 4):
        seg = tail.pop()
        if seg.casefold() not in _SECTION_WORDS:
            site = site or seg
    if tail:  # a long segment: the separator was part of the headline
        return line.strip(), None
    return head, site


def _looks_like_title(line: str) -> bool:
    """A headline: a short standalone line that does not end like a sentence."""
    words = line.split()
    if not 3 <= len(words) <= 30 or len(line) > 250:
        return False
    if line.rstrip().endswith((".", ",", ";")):
        return False
    return line[:1].isupper() or line[:1] in "‘'\"“"


def _outlet_from_url(url: str) -> str | None:
    host = urlparse(url).netloc.lower()
    host = host[4:] if host.startswith("www.") else host
    return host or None


def _outlet_from_site(site: str) -> str:
    """ "RT.com" -> "RT": a site named by its domain is the outlet of that name."""
    m = re.fullmatch(r"(?i)(www\.)?([\w\-]+)\.(com|net|org|co\.uk|ru|info)", site)
    return m.group(2) if m else site


def _is_person_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words)


def clean_article(raw_text: str, source_format: str = "txt") -> CleanDocument:
    """Clean one article and read its header.

    For HTML the caller passes the text produced by `ingest.html_to_text` and
    merges `ingest.html_meta`; this function only sees text.
    """
    removed: list[str] = []
    text = normalise_spacing(raw_text)
    text = restore_lost_quotes(text)

    # 1. whole-line junk: sprites, player timestamps, widget labels
    lines = []
    template_site = None
    for line in text.split("\n"):
        if _is_junk_line(line):
            removed.append("junk_line")
            template_site = template_site or template_outlet(line)
            lines.append("")
        else:
            lines.append(line)
    text = "\n".join(lines)

    # 2. teaser blocks and captions, then "Read full article at X" tails
    before = text
    text = drop_teasers_and_captions(text)
    if text != before:
        removed.append("teaser_or_caption")
    site_outlet = None
    new_lines = []
    for line in text.split("\n"):
        m = _READ_FULL.search(line)
        if m:
            removed.append("read_full_article")
            site_outlet = site_outlet or (m.group("site") and _outlet_from_site(m.group("site")))
            line = line[: m.start()].rstrip()
        new_lines.append(line)
    text = "\n".join(new_lines)

    # 3. paragraphs (PDF wraps joined)
    paragraphs = [p for p in join_hard_wraps(text).split("\n\n") if p.strip()]

    # 4. header: title, date, url, byline among the first lines
    title = outlet = url = published_raw = None
    published: dt.date | None = None
    header_end = 0
    for i, para in enumerate(paragraphs[:6]):
        if "\n" in para:
            break
        if published is None and (d := parse_publication_date(para)) is not None:
            published, published_raw = d, para
            header_end = i + 1
            continue
        if url is None and _URL_LINE.match(para):
            url = para.strip()
            header_end = i + 1
            continue
        if (m := _BYLINE.match(para)) and not _TERMINAL.search(para):
            who = m.group("who").strip()
            if not _is_person_name(who):
                outlet = outlet or who
            header_end = i + 1
            continue
        if title is None and i == header_end and _looks_like_title(para) and (
            i + 1 < len(paragraphs)
        ):
            title, title_site = _clean_title(para)
            outlet = outlet or title_site
            header_end = i + 1
            continue
        break
    body = drop_repeated_paragraphs(paragraphs[header_end:], title)
    outlet = outlet or site_outlet or (_outlet_from_url(url) if url else None) or template_site

    head = f"{title}\n\n" if title else ""
    clean = head + "\n\n".join(body)
    return CleanDocument(
        text=clean,
        body_start=len(head),
        title=title,
        outlet=outlet,
        url=url,
        published_date=published,
        published_raw=published_raw,
        removed=tuple(dict.fromkeys(removed)),
    )
