"""Make a benchmark landing folder of N raw news files with known near-duplicates.

Why a generator: the real corpus (``../shared/corpus``: BBC 2,225 + PolNeAR 924,
plus ``seeds/``) has ~3,150 distinct articles, far fewer than the 100,000 files
the pipeline has to handle, and it says nothing about which files are copies
of which. This module turns it into a landing folder of any size that looks
like the real thing and whose ground truth is known:

* **originals**: every real article first (in a seeded random order), then
  new stories spliced from paragraphs of different articles of the same
  source (a BBC section, or PolNeAR). The splicer never lets two stories share
  more than one paragraph and never lets one paragraph be more than ~35 % of
  a story, so two distinct originals stay far below the pipeline's
  near-duplicate threshold (Jaccard of word 5-shingles 0.7); a sample is
  checked and printed. Real articles that are near-duplicates of one another
  (the BBC set has some, PolNeAR has wire stories) are dropped, so
  "distinct original" is true of the input too.
* **copies** (about a third of the files) of an original, each the kind of
  mess a landing folder really gets: ``junk`` (re-scraped page text with icon
  sprites, timestamps, "Read more" teasers, share buttons, cookie banners),
  ``pdf`` (text layer of a PDF: hard wraps at 70-80 columns, page headers
  and footers; a fifth of them a real ``.pdf`` with a text layer),
  ``html`` (saved web page, article inside nav/aside/footer), ``feed`` (feed
  dump: the lead repeated above the article with a "Read Full Article" tail),
  ``headline`` (re-published under a new headline and URL).

Everything is deterministic in ``(n, seed)``. The ground truth goes to
``<out>/manifest.csv`` (file_name, original_id, copy_kind, source, format),
beside, never inside, the landing folder ``<out>/landing`` (the pipeline
would ingest it). ``<out>/corpus.json`` records how the corpus was made so
:func:`add_files` can later add new files consistently (the incremental run).

CLI::

    python bench/make_corpus.py --n 10000 --out /tmp/corpus_10k [--seed 0]
    python bench/make_corpus.py --add 10 --out /tmp/corpus_10k
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import html
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS_DIR = ROOT.parent / "shared" / "corpus"
DEFAULT_SEEDS_DIR = ROOT / "seeds"
GENERATOR_VERSION = 1

COPY_KINDS = ("junk", "pdf", "html", "feed", "headline")
# Share of each copy kind among copies; junk re-scrapes and PDFs are the most
# common in a real landing folder.
COPY_WEIGHTS = (0.28, 0.22, 0.20, 0.15, 0.15)
COPY_SHARE = 1 / 3  # files that are copies of an original
REAL_PDF_SHARE = 0.2  # of pdf copies, written as a real .pdf (pypdf is slow: keep it a minority)
HTML_ORIGINAL_SHARE = 0.08  # originals saved as a web page rather than text
CP1252_SHARE = 0.03  # text files from an old CMS (Windows-1252)
MAX_PARAGRAPH_SHARE = 0.35  # of a spliced story's words, for any one paragraph
MAX_PARAGRAPH_WORDS = 200  # longer "paragraphs" are whole articles without breaks: not spliced
SHINGLE_WORDS = 5
DISTINCT_JACCARD = 0.3  # two originals at or above this count as near-duplicates

PUBLISHERS: dict[str, tuple[str, str]] = {
    "breitbart": ("Breitbart", "breitbart.com"),
    "huff-post": ("HuffPost", "huffingtonpost.com"),
    "nyt": ("The New York Times", "nytimes.com"),
    "politico": ("Politico", "politico.com"),
    "usa-today": ("USA Today", "usatoday.com"),
    "wash-post": ("The Washington Post", "washingtonpost.com"),
    "west-journal": ("Western Journal", "westernjournal.com"),
}
# Outlets that re-publish a story under their own headline.
SYNDICATORS: tuple[tuple[str, str], ...] = (
    ("Yahoo News", "news.yahoo.com"), ("MSN", "msn.com"), ("NewsNow", "newsnow.co.uk"),
    ("The Independent", "independent.co.uk"), ("Europe Sun", "europesun.com"),
    ("World News Network", "wn.com"),
)

_WORDS = re.compile(r"\w+")


# --------------------------------------------------------------------------
# Stories
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Story:
    """One distinct news story: what every copy of it is rendered from."""

    story_id: str  # "bbc/politics/001", "polnear/<doc>", "gen/000042"
    group: str  # splice pool: "bbc/politics", "polnear"
    source: str  # "bbc" | "polnear" | "gen-bbc" | "gen-polnear"
    title: str
    paragraphs: tuple[str, ...]
    outlet: str
    domain: str
    published: dt.date
    url: str


@dataclass(frozen=True)
class SeedFile:
    """A file of seeds/, copied verbatim (already real mess)."""

    name: str
    data: bytes
    original_id: str
    copy_kind: str


@dataclass
class FileRecord:
    """One row of the manifest."""

    file_name: str
    original_id: str
    copy_kind: str
    source: str
    format: str


def _slug(text: str, words: int = 8) -> str:
    return "-".join(w.lower() for w in _WORDS.findall(text)[:words]) or "story"


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")  # bbc/sport/199.txt


def _split_article(text: str) -> tuple[str, list[str]]:
    """Title line and paragraphs (blank-line separated) of a corpus file."""
    text = text.replace("\r\n", "\n").strip()
    title, _, body = text.partition("\n")
    paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", body) if p.strip()]
    return " ".join(title.split()), paras


def _random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def load_real_stories(corpus_dir: Path) -> list[Story]:
    """Every BBC and PolNeAR article as a Story, in a stable order.

    BBC files carry no date or URL: a plausible 2004-2005 date (the years of
    the dataset) and a BBC-style URL are derived from the file path, so they
    are stable whatever the seed.
    """
    stories: list[Story] = []
    for path in sorted((corpus_dir / "bbc").glob("*/*.txt")):
        section = path.parent.name
        title, paras = _split_article(_read_text(path))
        if not paras:
            continue
        rng = random.Random(f"bbc-date:{section}/{path.stem}")
        published = _random_date(rng, dt.date(2004, 1, 1), dt.date(2005, 12, 31))
        url = f"https://www.bbc.co.uk/news/{section}-{rng.randrange(3_000_000, 4_600_000)}"
        stories.append(Story(f"bbc/{section}/{path.stem}", f"bbc/{section}", "bbc", title,
                             tuple(paras), "BBC News", "bbc.co.uk", published, url))
    meta: dict[str, dict[str, str]] = {}
    meta_path = corpus_dir / "polnear" / "metadata.tsv"
    if meta_path.exists():
        with meta_path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                meta[row["filename"]] = row
    for path in sorted((corpus_dir / "polnear").glob("*/text/*.txt")):
        title, paras = _split_article(_read_text(path))
        if not paras:
            continue
        row = meta.get(path.stem, {})
        outlet, domain = PUBLISHERS.get(row.get("publisher", ""), ("Politics Daily", "politicsdaily.com"))
        try:
            published = dt.date.fromisoformat(row.get("publication_date", ""))
        except ValueError:
            published = _random_date(random.Random(path.stem), dt.date(2015, 11, 1), dt.date(2016, 11, 8))
        url = f"https://www.{domain}/{published:%Y/%m/%d}/{_slug(row.get('title') or title)}/"
        stories.append(Story(f"polnear/{path.stem}", "polnear", "polnear", row.get("title") or title,
                             tuple(paras), outlet, domain, published, url))
    return stories


def load_seed_files(seeds_dir: Path) -> list[SeedFile]:
    """seeds/ as they are; 001 is 000 pulled out of a PDF (see its text)."""
    known_copies = {"001": ("seeds/000", "pdf")}
    files = []
    for path in sorted(seeds_dir.glob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        prefix = path.name.split("_", 1)[0]
        original, kind = known_copies.get(prefix, (f"seeds/{prefix}", "original"))
        files.append(SeedFile(path.name, path.read_bytes(), original, kind))
    return files


# --------------------------------------------------------------------------
# Shingles: the same notion of similarity as the pipeline's MinHash
# --------------------------------------------------------------------------


def shingles(text: str) -> set[int]:
    """Hashes of the word 5-shingles of casefolded text (as extract.document does)."""
    words = _WORDS.findall(text.casefold())
    return {hash(" ".join(words[i:i + SHINGLE_WORDS])) for i in range(max(1, len(words) - SHINGLE_WORDS + 1))}


def similar_pairs(sets: Sequence[set[int]], threshold: float, max_posting: int = 200) -> list[tuple[int, int, float]]:
    """Pairs (i, j, jaccard) of sets with exact Jaccard >= threshold.

    Candidate pairs come from an inverted index over shingles; shingles in
    more than ``max_posting`` sets (stock phrases) are skipped for candidate
    generation only, which can miss nothing near the threshold because
    similar texts share many rarer shingles too.
    """
    postings: dict[int, list[int]] = defaultdict(list)
    for i, s in enumerate(sets):
        for h in s:
            postings[h].append(i)
    overlap: Counter[tuple[int, int]] = Counter()
    for ids in postings.values():
        if 1 < len(ids) <= max_posting:
            for a in range(len(ids)):
                for b in range(a + 1, len(ids)):
                    overlap[(ids[a], ids[b])] += 1
    out = []
    for (i, j), n in overlap.items():
        smaller = min(len(sets[i]), len(sets[j]))
        if n < threshold * smaller * 0.5:
            continue  # cannot reach the threshold even if every shared shingle were counted
        jac = len(sets[i] & sets[j]) / len(sets[i] | sets[j])
        if jac >= threshold:
            out.append((i, j, jac))
    return out


def jaccard_profile(sets: Sequence[set[int]]) -> dict[str, float]:
    """Max and tail of pairwise Jaccard over all pairs that share any shingle."""
    pairs = similar_pairs(sets, threshold=0.0)
    values = sorted((j for _, _, j in pairs), reverse=True)
    n_pairs = len(sets) * (len(sets) - 1) // 2
    return {
        "documents": len(sets),
        "pairs": n_pairs,
        "pairs_sharing_a_shingle": len(values),
        "max": values[0] if values else 0.0,
        "top10_min": values[9] if len(values) >= 10 else (values[-1] if values else 0.0),
        "at_or_above_0.3": sum(1 for v in values if v >= DISTINCT_JACCARD),
    }


# --------------------------------------------------------------------------
# The planner: which originals, spliced how
# --------------------------------------------------------------------------


def _splice_title(rng: random.Random, a: str, b: str) -> str:
    """A new headline from the first half of one and the second half of another."""
    wa, wb = a.split(), b.split()
    cut_a = max(2, (len(wa) + 1) // 2)
    cut_b = min(len(wb) - 1, len(wb) // 2) if len(wb) > 2 else 0
    title = " ".join(wa[:cut_a] + wb[cut_b:])
    return title.rstrip(".,;:") or a


class Planner:
    """Deterministic stream of distinct originals: real ones first, then spliced ones.

    The invariant that keeps spliced stories distinct: no two stories (real
    or spliced) contain the same *pair* of paragraphs, so two stories share
    at most one paragraph, and no paragraph is more than
    MAX_PARAGRAPH_SHARE of a spliced story.
    """

    def __init__(self, corpus_dir: Path, seed: int, verbose: bool = True) -> None:
        self.seed = seed
        self.verbose = verbose
        self.rng = random.Random(f"planner:{seed}")
        stories = load_real_stories(corpus_dir)
        self.real, self.dropped_real = self._drop_real_duplicates(stories)
        self.rng.shuffle(self.real)
        self.paragraphs: list[str] = []
        self.paragraph_words: list[int] = []
        self.pool: dict[str, list[tuple[int, int]]] = defaultdict(list)  # group -> (pid, donor)
        self.leads: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.lengths: dict[str, list[int]] = defaultdict(list)  # paragraph counts of real stories
        self.titles: dict[str, list[str]] = defaultdict(list)
        self.used_pairs: set[int] = set()
        self.used_titles: set[str] = set()
        self._index_paragraphs()
        self.groups = sorted(self.pool)
        self.group_weights = [len(self.pool[g]) for g in self.groups]
        self.drawn = 0
        self.generated = 0
        self.max_attempts = 0  # draws needed by the hardest splice

    def _log(self, msg: str) -> None:
        if self.verbose:
            print(msg, file=sys.stderr)

    def _drop_real_duplicates(self, stories: list[Story]) -> tuple[list[Story], list[tuple[str, str, float]]]:
        """Keep the first of every group of near-duplicate real articles."""
        sets = [shingles("\n".join(s.paragraphs)) for s in stories]
        pairs = similar_pairs(sets, DISTINCT_JACCARD)
        dropped: set[int] = set()
        report = []
        for i, j, jac in sorted(pairs):
            if i not in dropped:
                dropped.add(j)
                report.append((stories[i].story_id, stories[j].story_id, round(jac, 3)))
        self._log(f"real articles: {len(stories)}, dropped {len(dropped)} near-duplicates of another "
                  f"(Jaccard >= {DISTINCT_JACCARD})")
        return [s for k, s in enumerate(stories) if k not in dropped], report

    def _index_paragraphs(self) -> None:
        seen: dict[str, int] = {}
        for donor, story in enumerate(sorted(self.real, key=lambda s: s.story_id)):
            self.lengths[story.group].append(len(story.paragraphs))
            self.titles[story.group].append(story.title)
            self.used_titles.add(story.title.casefold())
            pids = []
            for k, para in enumerate(story.paragraphs):
                key = " ".join(_WORDS.findall(para.casefold()))
                n_words = len(key.split())
                if n_words < 5 or n_words > MAX_PARAGRAPH_WORDS or key in seen:
                    continue  # too short to carry a story, a whole article, or the same paragraph twice
                pid = len(self.paragraphs)
                seen[key] = pid
                self.paragraphs.append(para)
                self.paragraph_words.append(n_words)
                self.pool[story.group].append((pid, donor))
                if k == 0:
                    self.leads[story.group].append((pid, donor))
                pids.append(pid)
            self._register(pids)

    @staticmethod
    def _pair_key(a: int, b: int) -> int:
        return (min(a, b) << 24) | max(a, b)

    def _register(self, pids: list[int]) -> None:
        for x in range(len(pids)):
            for y in range(x + 1, len(pids)):
                self.used_pairs.add(self._pair_key(pids[x], pids[y]))

    def _fits(self, pid: int, chosen: list[int]) -> bool:
        return all(self._pair_key(pid, c) not in self.used_pairs for c in chosen)

    def _splice(self, number: int) -> Story:
        rng = self.rng
        group = rng.choices(self.groups, weights=self.group_weights)[0]
        pool, leads = self.pool[group], self.leads[group] or self.pool[group]
        lo, hi = (5, 12) if group.startswith("bbc") else (6, 20)
        k = min(hi, max(lo, rng.choice(self.lengths[group])))
        chosen: list[int] = []
        donors: set[int] = set()
        for attempt in range(400):
            source = leads if not chosen else pool
            pid, donor = source[rng.randrange(len(source))]
            if donor in donors or pid in chosen or not self._fits(pid, chosen):
                continue
            chosen.append(pid)
            donors.add(donor)
            words = [self.paragraph_words[p] for p in chosen]
            if len(chosen) >= k and max(words) <= MAX_PARAGRAPH_SHARE * sum(words):
                break
            if len(chosen) >= hi:  # one paragraph dominates: drop it and draw on
                chosen.pop(max(range(len(chosen)), key=lambda x: words[x]))
        self.max_attempts = max(self.max_attempts, attempt + 1)
        self._register(chosen)
        titles = self.titles[group]
        for _ in range(20):
            title = _splice_title(rng, rng.choice(titles), rng.choice(titles))
            if title.casefold() not in self.used_titles:
                break
        self.used_titles.add(title.casefold())
        if group.startswith("bbc"):
            section = group.split("/", 1)[1]
            published = _random_date(rng, dt.date(2004, 1, 1), dt.date(2005, 12, 31))
            outlet, domain = "BBC News", "bbc.co.uk"
            url = f"https://www.bbc.co.uk/news/{section}-{rng.randrange(3_000_000, 4_600_000)}"
            source = "gen-bbc"
        else:
            published = _random_date(rng, dt.date(2015, 11, 1), dt.date(2016, 11, 8))
            outlet, domain = PUBLISHERS[rng.choice(sorted(PUBLISHERS))]
            url = f"https://www.{domain}/{published:%Y/%m/%d}/{_slug(title)}/"
            source = "gen-polnear"
        return Story(f"gen/{number:06d}", group, source, title,
                     tuple(self.paragraphs[p] for p in chosen), outlet, domain, published, url)

    def next_original(self) -> Story:
        """The next distinct original of the stream."""
        if self.drawn < len(self.real):
            story = self.real[self.drawn]
        else:
            story = self._splice(self.generated)
            self.generated += 1
        self.drawn += 1
        return story

    def take(self, count: int) -> list[Story]:
        return [self.next_original() for _ in range(count)]


# --------------------------------------------------------------------------
# Rendering: one story, many kinds of mess
# --------------------------------------------------------------------------

_SPRITE = ("icon bookmark-bicon bookmarkicon cameraicon checkicon chevron downicon chevron lefticon "
           "chevron righticon chevron upicon closeicon v-compressicon downloadicon editicon "
           "v-expandicon fbicon fileicon filtericon flag ruicon full chevron downicon gpicon insicon "
           "mailicon moveicon-musicicon mutedicon nomutedicon okicon v-pauseicon v-playicon searchicon "
           "shareicon sign inicon sign upicon stepbackicon stepforicon swipe downicon tagicon tagsicon "
           "tgicon trashicon twicon vkicon yticon wticon fm")
_NAV_MENUS = ("Home News Sport Weather iPlayer Sounds Bitesize", "Menu Search Sign in Subscribe",
              "Politics Business Tech Science Health Entertainment")
_COOKIE_BANNERS = (
    "We use cookies to give you the best experience on our website. By continuing to browse, "
    "you agree to our use of cookies.",
    "This site uses cookies. Find out more about how we use cookies and how to manage them in our "
    "Cookie Policy. Accept all",
)
_TAIL_JUNK = ("Share this article", "Share", "Follow us on Twitter", "Leave a comment",
              "Sign up for our newsletter", "Advertisement", "Print", "Email", "Comments")
_CAPTIONS = ("FILE PHOTO: {who} speaks to reporters. © Getty Images / {credit}",
             "{who} (L) at the meeting. REUTERS/{credit}",
             "Photo: {credit} / AFP")
_CREDITS = ("Larry Downing", "Kevin Lamarque", "Jonathan Ernst", "Carl Court", "Dan Kitwood")


def _date_line(rng: random.Random, d: dt.date) -> str:
    hh, mm = rng.randrange(6, 23), rng.randrange(60)
    return rng.choice((
        f"{d.day} {d:%b}, {d.year} {hh:02d}:{mm:02d}",
        f"{d:%Y%m%d}",
        f"{d:%Y-%m-%d}",
        f"Published: {d.day} {d:%B} {d.year}",
        f"{d:%B} {d.day}, {d.year}",
        f"{d:%A}, {d.day} {d:%B} {d.year}, {hh:02d}:{mm:02d} GMT",
    ))


def _header(rng: random.Random, title: str, outlet: str, url: str, d: dt.date) -> str:
    """Header lines the cleaner reads: headline (maybe "| Outlet"), date, URL."""
    head = f"{title} | {outlet}" if rng.random() < 0.5 else title
    lines = [head, _date_line(rng, d)]
    if rng.random() < 0.7:
        lines.append(url)
    return "\n".join(lines)


def _body(rng: random.Random, paragraphs: Sequence[str]) -> str:
    """Blank-line separated paragraphs, or one per line like a feed dump (seed 004)."""
    return ("\n" if rng.random() < 0.25 else "\n\n").join(paragraphs)


def render_original_txt(story: Story, rng: random.Random) -> str:
    return f"{_header(rng, story.title, story.outlet, story.url, story.published)}\n\n{_body(rng, story.paragraphs)}\n"


def render_junk(story: Story, rng: random.Random, other_title: str) -> str:
    """Re-scraped page text: sprites, timestamps, teasers with captions, share widgets."""
    parts: list[str] = []
    if rng.random() < 0.6:
        parts.append(_SPRITE)
    if rng.random() < 0.3:
        parts.append(rng.choice(_NAV_MENUS))
    parts.append(f"{rng.randrange(0, 24)}:{rng.randrange(60):02d}")
    parts.append(_date_line(rng, story.published))
    body = ["", story.title, ""]
    paras = list(story.paragraphs)
    teaser_at = rng.randrange(1, max(2, len(paras)))
    for k, para in enumerate(paras):
        if k == teaser_at:
            caption = rng.choice(_CAPTIONS).format(who=rng.choice(("The minister", "The spokesman", "Protesters")),
                                                   credit=rng.choice(_CREDITS))
            body += ["Read more", caption, other_title, ""]
        elif k and rng.random() < 0.2:
            body += ["Advertisement", ""]
        body += [para, ""]
    tail = rng.sample(_TAIL_JUNK, k=rng.randrange(2, 5))
    tail.append(f"{rng.randrange(0, 400)} comments")
    tail.append(f"© {story.published.year} {story.outlet}. All rights reserved.")
    if rng.random() < 0.3:
        tail.append(rng.choice(_COOKIE_BANNERS))
    return "\n".join(parts + body + tail) + "\n"


def _wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap (faster than textwrap, which is the point at 100k files)."""
    lines: list[str] = []
    cur: list[str] = []
    n = 0
    for word in text.split():
        if cur and n + 1 + len(word) > width:
            lines.append(" ".join(cur))
            cur, n = [word], len(word)
        else:
            n += len(word) + (1 if cur else 0)
            cur.append(word)
    if cur:
        lines.append(" ".join(cur))
    return lines


def pdf_lines(story: Story, rng: random.Random) -> list[list[str]]:
    """Pages of hard-wrapped lines with a browser print header and footer on each page."""
    width = rng.randrange(70, 81)
    lines: list[str] = []
    if rng.random() < 0.5:
        lines += _wrap(story.title, width) + [""]
    for para in story.paragraphs:
        lines += _wrap(para, width)
        if rng.random() < 0.5:
            lines.append("")
    per_page = rng.randrange(40, 56)
    chunks = [lines[i:i + per_page] for i in range(0, len(lines), per_page)] or [[]]
    stamp = f"{story.published:%d/%m/%Y}"
    pages = []
    for p, chunk in enumerate(chunks, 1):
        head = [f"{stamp} {story.title} - {story.outlet}"] if rng.random() < 0.7 else []
        foot = [f"{story.url} {p}/{len(chunks)}"] if rng.random() < 0.7 else [f"Page {p} of {len(chunks)}"]
        pages.append(head + chunk + foot)
    return pages


def render_pdf_text(story: Story, rng: random.Random) -> str:
    """Text as pulled out of a PDF (seed 001): every line ends early, often a blank line after it."""
    pages = pdf_lines(story, rng)
    spaced = rng.random() < 0.6  # pdftotext-style blank line after every line
    out = []
    for page in pages:
        joined = ("\n\n" if spaced else "\n").join(f"{ln} " if ln and spaced else ln for ln in page)
        out.append(joined)
    return "\n\n".join(out) + "\n"


def _pdf_escape(line: str) -> bytes:
    data = line.encode("cp1252", errors="replace")
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def render_pdf_bytes(pages: list[list[str]]) -> bytes:
    """A minimal PDF 1.4 with a Helvetica text layer: one text line per output line.

    Hand-written (no PDF library in the project's dependencies); pypdf reads
    it back the way it reads a printed web page.
    """
    objects: list[bytes] = []
    page_ids = []
    n_fixed = 3  # 1 catalog, 2 pages, 3 font
    for p, page in enumerate(pages):
        content = b"BT /F1 10 Tf 12 TL 56 770 Td\n" + b"".join(
            b"(" + _pdf_escape(ln) + b") Tj T*\n" for ln in page) + b"ET\n"
        page_id = n_fixed + 1 + 2 * p
        page_ids.append(page_id)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                       b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (page_id + 1))
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream")
    kids = b" ".join(b"%d 0 R" % i for i in page_ids)
    head = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(page_ids),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(head + objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(offsets) + 1, xref)
    return bytes(out)


def render_html(story: Story, rng: random.Random, other_title: str, furniture: bool = True) -> str:
    """A saved web page: meta tags, the article in <article>, page furniture around it."""
    e = html.escape
    iso = f"{story.published:%Y-%m-%d}T{rng.randrange(6, 23):02d}:{rng.randrange(60):02d}:00Z"
    paras = "\n".join(f"    <p>{e(p)}</p>" for p in story.paragraphs)
    head = (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{e(story.title)} | {e(story.outlet)}</title>\n"
            f'<meta property="og:title" content="{e(story.title)}">\n'
            f'<meta property="og:site_name" content="{e(story.outlet)}">\n'
            f'<meta property="article:published_time" content="{iso}">\n'
            f'<link rel="canonical" href="{e(story.url)}">\n'
            f'<link rel="stylesheet" href="/static/site.css">\n'
            f"<script>window.dataLayer = window.dataLayer || [];</script>\n</head>\n<body>\n")
    article = (f"<article>\n  <header>\n    <h1>{e(story.title)}</h1>\n"
               f'    <time datetime="{iso}">{story.published.day} {story.published:%B %Y}</time>\n'
               f"  </header>\n{paras}\n</article>\n")
    if not furniture:
        return head + f"<main>\n{article}</main>\n</body>\n</html>\n"
    nav = ('<header class="site-header"><nav class="nav-main"><ul>'
           + "".join(f'<li><a href="/{w.lower()}">{w}</a></li>' for w in rng.choice(_NAV_MENUS).split())
           + '</ul></nav><form role="search"><input name="q"></form></header>\n')
    cookie = ('<div class="cookie-banner" id="gdpr-consent"><p>'
              + e(rng.choice(_COOKIE_BANNERS)) + "</p><button>Accept</button></div>\n")
    share = ('<div class="share-bar"><a href="#">Facebook</a> <a href="#">Twitter</a> '
             '<a href="#">Email</a></div>\n')
    aside = (f'<aside class="related"><h2>Related stories</h2><article class="teaser">'
             f"<h3>{e(other_title)}</h3><p>{e(rng.choice(_CAPTIONS).format(who='The minister', credit='AP'))}</p>"
             f"</article></aside>\n")
    footer = (f'<footer class="site-footer"><p>© {story.published.year} {e(story.outlet)}. All rights reserved.</p>'
              '<ul><li><a href="/privacy">Privacy</a></li><li><a href="/terms">Terms</a></li></ul></footer>\n')
    return head + nav + (cookie if rng.random() < 0.5 else "") + "<main>\n" + article + share + aside + \
        "</main>\n" + footer + "</body>\n</html>\n"


def render_feed(story: Story, rng: random.Random) -> str:
    """A feed dump (seed 002): headline, the lead as summary with a tail, then the article."""
    lead = story.paragraphs[0]
    summary = f"{lead} Read Full Article at {story.domain}" if rng.random() < 0.8 else lead
    return (f"{story.title}\n\n{summary}\n\n{story.title}\n\n{_body(rng, story.paragraphs)}\n")


def new_headline(story: Story, rng: random.Random) -> str:
    """The same story under another headline, as syndicators and later updates do."""
    words = _WORDS.findall(story.paragraphs[0])
    choice = rng.randrange(4)
    if choice == 0 and len(words) >= 8:
        return " ".join(story.paragraphs[0].split()[: rng.randrange(7, 12)]).rstrip(".,;:\"“”")
    if choice == 1:
        return f"UPDATE {rng.randrange(1, 4)}-{story.title}"
    if choice == 2:
        return f"{story.title}: what we know so far"
    return f"Watch: {story.title}" if rng.random() < 0.5 else f"{story.title} (updated)"


def render_headline(story: Story, rng: random.Random) -> str:
    outlet, domain = rng.choice(SYNDICATORS)
    title = new_headline(story, rng)
    url = f"https://{domain}/news/{_slug(title)}-{rng.randrange(10**8, 10**9)}"
    return f"{_header(rng, title, outlet, url, story.published)}\n\n{_body(rng, story.paragraphs)}\n"


# --------------------------------------------------------------------------
# Writing the landing folder
# --------------------------------------------------------------------------


@dataclass
class Job:
    """A file to render: the story, what kind of copy, and the per-file rng seed."""

    story: Story
    kind: str
    key: str


@dataclass
class CorpusInfo:
    """What make_corpus produced: paths, counts and the distinctness check."""

    base: Path
    landing: Path
    manifest: Path
    files: int
    originals: int
    copies: int
    by_kind: dict[str, int]
    by_format: dict[str, int]
    seconds: float
    distinctness: dict[str, float] = field(default_factory=dict)


class _Writer:
    """Renders jobs to files with content-addressed names; keeps every file's bytes distinct."""

    def __init__(self, landing: Path, seed: int, other_titles: list[str]) -> None:
        self.landing = landing
        self.seed = seed
        self.other_titles = other_titles
        self.hashes: set[str] = set()

    def render(self, job: Job) -> tuple[bytes, str]:
        rng = random.Random(f"render:{self.seed}:{job.key}")
        story, kind = job.story, job.kind
        other = rng.choice(self.other_titles)
        if kind == "original":
            if rng.random() < HTML_ORIGINAL_SHARE:
                return render_html(story, rng, other, furniture=False).encode("utf-8"), "html"
            text = render_original_txt(story, rng)
        elif kind == "junk":
            text = render_junk(story, rng, other)
        elif kind == "pdf":
            if rng.random() < REAL_PDF_SHARE:
                return render_pdf_bytes(pdf_lines(story, rng)), "pdf"
            text = render_pdf_text(story, rng)
        elif kind == "html":
            return render_html(story, rng, other).encode("utf-8"), "html"
        elif kind == "feed":
            text = render_feed(story, rng)
        elif kind == "headline":
            text = render_headline(story, rng)
        else:
            raise ValueError(f"unknown copy kind {kind!r}")
        if rng.random() < CP1252_SHARE:
            try:
                return text.encode("cp1252"), "txt"
            except UnicodeEncodeError:
                pass
        return text.encode("utf-8"), "txt"

    def write(self, index: int, data: bytes, fmt: str) -> str:
        digest = hashlib.sha256(data).hexdigest()
        while digest in self.hashes:  # identical bytes would be one raw file: never let it happen
            data += b"\n"
            digest = hashlib.sha256(data).hexdigest()
        self.hashes.add(digest)
        name = f"{index:06d}_{digest[:16]}.{fmt}"
        (self.landing / name).write_bytes(data)
        return name


def _plan_copies(rng: random.Random, originals: Sequence[Story], count: int, start: int) -> list[Job]:
    kinds = rng.choices(COPY_KINDS, weights=COPY_WEIGHTS, k=count)
    return [Job(rng.choice(originals), kind, f"copy:{start + i}") for i, kind in enumerate(kinds)]


def _write_manifest(path: Path, records: list[FileRecord], append: bool = False) -> None:
    with path.open("a" if append else "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        if not append:
            w.writerow(["file_name", "original_id", "copy_kind", "source", "format"])
        for r in records:
            w.writerow([r.file_name, r.original_id, r.copy_kind, r.source, r.format])


def _check_distinct(stories: Sequence[Story], rng: random.Random, sample: int) -> dict[str, float]:
    """Pairwise Jaccard of word 5-shingles over a sample of originals, spliced ones preferred."""
    gen = [s for s in stories if s.story_id.startswith("gen/")]
    pool = gen if len(gen) >= sample else list(stories)
    chosen = rng.sample(pool, min(sample, len(pool)))
    return jaccard_profile([shingles("\n".join(s.paragraphs)) for s in chosen])


def make_corpus(n: int, out: Path, seed: int = 0, corpus_dir: Path = DEFAULT_CORPUS_DIR,
                seeds_dir: Path = DEFAULT_SEEDS_DIR, check_sample: int = 2000,
                verbose: bool = True) -> CorpusInfo:
    """Write ``n`` files to ``out/landing`` and the ground truth to ``out/manifest.csv``."""
    t0 = time.perf_counter()
    out = Path(out)
    landing = out / "landing"
    if landing.exists() and any(landing.iterdir()):
        raise FileExistsError(f"{landing} is not empty")
    landing.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"corpus:{seed}")
    seed_files = load_seed_files(seeds_dir)[:n]
    n_rest = n - len(seed_files)
    n_copies = round(n_rest * COPY_SHARE)
    n_orig = n_rest - n_copies
    planner = Planner(corpus_dir, seed, verbose)
    originals = planner.take(n_orig)
    jobs = [Job(s, "original", f"orig:{s.story_id}") for s in originals]
    jobs += _plan_copies(rng, originals, n_copies, 0) if originals else []
    rng.shuffle(jobs)
    writer = _Writer(landing, seed, [s.title for s in planner.real[:500]] or ["More news"])
    records: list[FileRecord] = []
    for sf in seed_files:  # seeds keep their names: they are the files the gold annotates
        (landing / sf.name).write_bytes(sf.data)
        records.append(FileRecord(sf.name, sf.original_id, sf.copy_kind, "seeds", "txt"))
    for index, job in enumerate(jobs):
        data, fmt = writer.render(job)
        name = writer.write(index, data, fmt)
        records.append(FileRecord(name, job.story.story_id, job.kind, job.story.source, fmt))
    manifest = out / "manifest.csv"
    _write_manifest(manifest, records)
    t_write = time.perf_counter() - t0
    distinct = _check_distinct(originals, random.Random(f"check:{seed}"), check_sample) if check_sample else {}
    n_originals = sum(r.copy_kind == "original" for r in records)
    info = CorpusInfo(out, landing, manifest, len(records), n_originals, len(records) - n_originals,
                      dict(Counter(r.copy_kind for r in records)), dict(Counter(r.format for r in records)),
                      t_write, distinct)
    (out / "corpus.json").write_text(json.dumps({
        "generator_version": GENERATOR_VERSION, "n": n, "seed": seed, "corpus_dir": str(corpus_dir),
        "seeds_dir": str(seeds_dir), "files": len(records), "originals_drawn": planner.drawn,
        "increments": 0, "spliced_originals": planner.generated,
        "real_articles_dropped_as_duplicates": len(planner.dropped_real),
        "distinctness_sample": distinct,
    }, indent=2))
    if verbose:
        print(format_info(info), file=sys.stderr)
    return info


def format_info(info: CorpusInfo) -> str:
    d = info.distinctness
    lines = [f"wrote {info.files} files to {info.landing} in {info.seconds:.1f} s "
             f"({info.files / max(info.seconds, 1e-9):.0f} files/s)",
             f"manifest: {info.manifest}",
             f"kinds: {dict(sorted(info.by_kind.items()))}; formats: {dict(sorted(info.by_format.items()))}"]
    if d:
        lines.append(f"distinct originals (sample of {d['documents']}, {d['pairs']} pairs): max Jaccard of "
                     f"5-shingle sets {d['max']:.3f}, 10th highest {d['top10_min']:.3f}, "
                     f"{d['at_or_above_0.3']} pairs >= {DISTINCT_JACCARD}")
    return "\n".join(lines)


def add_files(out: Path, count: int = 10, verbose: bool = True) -> list[FileRecord]:
    """Add ``count`` new files to an existing corpus: the incremental step.

    ``count - 2`` new originals (continuing the planner's stream, so they are
    distinct from everything already there), one copy of an existing
    original and one copy of a new one. Rebuilds the planner from
    ``corpus.json`` (deterministic), appends to the manifest.
    """
    out = Path(out)
    meta = json.loads((out / "corpus.json").read_text())
    seed, inc = int(meta["seed"]), int(meta["increments"])
    planner = Planner(Path(meta["corpus_dir"]), seed, verbose=False)
    existing = planner.take(int(meta["originals_drawn"]))
    new = planner.take(max(0, count - 2))
    rng = random.Random(f"increment:{seed}:{inc}")
    jobs = [Job(s, "original", f"orig:{s.story_id}") for s in new]
    copy_of = [rng.choice(existing)] + ([rng.choice(new)] if new else [])
    if count > len(jobs):
        for k, story in enumerate(copy_of[: count - len(jobs)]):
            jobs.append(Job(story, rng.choices(COPY_KINDS, weights=COPY_WEIGHTS)[0], f"inc:{inc}:{k}"))
    writer = _Writer(out / "landing", seed, [s.title for s in planner.real[:500]])
    records = []
    start = int(meta["files"])
    for k, job in enumerate(jobs):
        data, fmt = writer.render(job)
        name = writer.write(start + k, data, fmt)
        records.append(FileRecord(name, job.story.story_id, job.kind, job.story.source, fmt))
    _write_manifest(out / "manifest.csv", records, append=True)
    meta.update(files=start + len(records), originals_drawn=planner.drawn, increments=inc + 1)
    (out / "corpus.json").write_text(json.dumps(meta, indent=2))
    if verbose:
        print(f"added {len(records)} files to {out / 'landing'}: "
              f"{dict(Counter(r.copy_kind for r in records))}", file=sys.stderr)
    return records


def iter_manifest(path: Path) -> Iterator[dict[str, str]]:
    with Path(path).open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, help="number of files to generate")
    parser.add_argument("--out", type=Path, required=True,
                        help="base directory: landing/ (RAW_DIR), manifest.csv, corpus.json")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--add", type=int, help="add this many new files to an existing corpus instead")
    parser.add_argument("--corpus-dir", type=Path, default=DEFAULT_CORPUS_DIR)
    parser.add_argument("--check-sample", type=int, default=2000,
                        help="originals sampled for the pairwise Jaccard check (0: skip)")
    args = parser.parse_args(argv)
    if args.add:
        add_files(args.out, args.add)
        return 0
    if not args.n:
        parser.error("--n or --add is required")
    make_corpus(args.n, args.out, args.seed, args.corpus_dir, check_sample=args.check_sample)
    print(args.out / "landing")
    return 0


if __name__ == "__main__":
    sys.exit(main())
