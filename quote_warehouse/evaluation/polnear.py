"""Score extracted attributions against PolNeAR (brat standoff annotations).

Corpus layout (``shared/corpus/polnear/{train,dev}``): ``text/<doc>.txt`` and
``attributions/<doc>_<annotator>.ann`` with ``T`` lines (``Source``, ``Cue``,
``Content``, ``Attribution``, ``Discuss``, ``Discard``; code-point offsets,
``;`` joining pieces of a split span) and ``E`` lines tying them together
(``Attribution:Ta Source:Ts Cue:Tc Content:Tk [Content2:Tm]``, or
``Attribution-no-source:``).

Gold reading (:func:`load_polnear_gold`)
    One annotator per document: the lowest annotator id (hexadecimal ids
    compared as numbers). Every ``E`` event is one attribution; ``Content``
    and ``Content2`` spans are merged. Events without a ``Content`` span are
    skipped (nothing to match). Texts of spans are cut from the ``.txt`` by
    offset (pieces joined by one space). Attributions come sorted by their
    earliest offset (source, cue or content).

Subsets
    QUOTE: gold attributions whose content holds a quotation: a straight or
    curly double quote (``" “ ” „ ‟``) or the ``''`` pair that some
    publishers (NYT) use for one. Any cue.
    SPEECH: gold attributions whose cue is a verb of saying
    (:func:`is_speech_cue`).
    ALL: every gold attribution (reported for reference).

Matching (:func:`score_polnear`)
    Tokens are ``\\w+`` runs of the document text; an attribution's tokens are
    those overlapping its content spans. Overlap of a gold and a predicted
    attribution is |shared tokens| / max(|gold tokens|, |predicted tokens|):
    it is at least the threshold only when the prediction covers that share
    of the gold content *and* that share of the prediction lies in the gold
    content (a long prediction swallowing a short gold span, or a fragment of
    a long gold span, does not match). This is the stricter of the two usual
    measures (Dice, the harmonic mean of the same two shares, is never
    lower); we use it alone. Without the document texts (``texts=None``) the
    units are character offsets instead of tokens. Pairs at or above the
    threshold are matched one-to-one, greedily by best overlap (ties: earlier
    gold, then earlier prediction). The matching is done once over all gold
    attributions of the document.

Per-subset figures
    Recall: gold attributions of the subset matched by any prediction /
    gold attributions of the subset. (A quotation inside reported speech is
    a QUOTE gold item our extractor labels ``indirect``; finding it counts.)
    Precision: over the subset's predictions (QUOTE: ``quote_type ==
    'direct'``; SPEECH and ALL: every prediction); one matched to a gold
    attribution of the subset is a true positive, one matching no gold
    attribution a false positive, one matched to a gold attribution outside
    the subset (a belief, say) is ignored. ``tp`` counts the recall side,
    ``tp_predicted`` the precision side (equal except for QUOTE).
    Predictions for documents without gold are ignored (counted apart).

Speaker accuracy
    Over matched pairs whose gold source is *resolvable*:

    - *named*: the source span holds a capitalised word that is not a
      pronoun, determiner, title abbreviation or common plural noun
      (``The Post``, ``Mr. Obama``, ``Trump campaign manager Kellyanne
      Conway``; not ``a source``, ``the diplomat``, ``experts``);
    - *pronoun*: the source is a personal pronoun (``he``, ``she``, ``they``,
      ``I``, ``we``, ``you``, ``it``, ``his``, ``her``, ``their``) and one of
      the previous three attributions of the document resolves (named, or a
      pronoun resolved the same way, so chains of "he said" resolve).
      Relative pronouns (``who``, ``which``, ``that``) point inside their
      sentence and are not resolvable.

    A predicted speaker is right when its last word (possessive ``'s``
    dropped: the surname of a full name) equals, case-insensitively, a
    word of the gold source text (named), or a word of the resolved source of
    one of the previous three attributions (pronoun). A missing predicted
    speaker is wrong. :func:`gold_resolved_sources` gives, for each gold
    attribution, the source text a perfect extractor would name (the source
    itself, or the nearest resolvable antecedent).

Listed for reading (:func:`format_polnear_report`)
    Misses (gold QUOTE or SPEECH attributions no prediction matched),
    false positives (predictions matching no gold attribution), wrong
    speakers; and per predicted ``quote_type`` how many predictions matched
    any gold attribution, with the agreement of ``direct`` with "the gold
    content holds a quotation" over matched pairs.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "SPEECH_LEMMAS",
    "SPEECH_PHRASES",
    "GoldAttribution",
    "PolnearScore",
    "PredictedAttribution",
    "SubsetScore",
    "content_overlap",
    "format_polnear_report",
    "gold_resolved_sources",
    "has_quotation",
    "is_speech_cue",
    "lemma_candidates",
    "load_brat_folder",
    "load_polnear_gold",
    "load_polnear_texts",
    "score_polnear",
]

Span = tuple[int, int]


@dataclass(frozen=True)
class GoldAttribution:
    doc_id: str
    content_spans: tuple[Span, ...]
    source_text: str | None
    source_spans: tuple[Span, ...]
    cue_text: str
    cue_spans: tuple[Span, ...]
    has_quote: bool
    is_speech: bool
    content_text: str = ""
    ann_id: str = ""  # the E id in the .ann file
    annotator: str = ""


@dataclass(frozen=True)
class PredictedAttribution:
    doc_id: str
    content_spans: tuple[Span, ...]  # offsets into the same .txt text
    speaker: str | None
    quote_type: str  # "direct" | "indirect"


# --------------------------------------------------------------------------- cues

#: Lemmas of verbs of saying or writing (communication verbs). A cue is
#: speech when one of its words lemmatises to one of these. Kept deliberately
#: to verbs whose object is what was said; verbs of belief, intention,
#: perception or evidence (think, believe, want, hope, show, find, know,
#: see, seem) are not here, nor are bare punctuation cues (``:``, a dash),
#: which the QUOTE subset covers.
SPEECH_LEMMAS: frozenset[str] = frozenset(
    """
    say tell add warn state write explain note claim argue insist ask announce
    declare suggest stress continue call describe cite report reply respond
    answer comment remark recall acknowledge admit concede deny confirm reveal
    mention repeat reiterate emphasize emphasise observe quip joke shout yell
    scream whisper testify assert contend predict promise vow pledge urge
    conclude complain boast brag caution counter retort exclaim proclaim
    allege swear inform assure tweet post speak talk testify charge accuse
    criticize criticise blast slam praise dismiss reject echo demand condemn
    question disclose chant discuss propose
    """.split()
)

#: Multi-word cues of saying (matched on the normalised cue text).
SPEECH_PHRASES: tuple[str, ...] = (
    "according to",
    "point out",
    "pointed out",
    "points out",
    "pointing out",
    "drew attention",
    "draw attention",
    "in a statement",
    "in an interview",
    "put it",
    "puts it",
)

_IRREGULAR = {
    "said": "say",
    "says": "say",
    "told": "tell",
    "wrote": "write",
    "written": "write",
    "spoke": "speak",
    "spoken": "speak",
    "swore": "swear",
    "sworn": "swear",
    "went": "go",
    "gone": "go",
    "drew": "draw",
    "drawn": "draw",
}


def lemma_candidates(word: str) -> set[str]:
    """Possible lemmas of an English verb form by simple suffix rules:
    irregular table, -s/-es/-ies, -ed/-d/-ied, -ing (with e restored and
    doubled consonant undone)."""
    w = word.casefold()
    out = {w}
    if w in _IRREGULAR:
        out.add(_IRREGULAR[w])
    if w.endswith("ies") and len(w) > 4:
        out.add(w[:-3] + "y")
    if w.endswith("es") and len(w) > 3:
        out.add(w[:-2])
    if w.endswith("s") and len(w) > 2:
        out.add(w[:-1])
    if w.endswith("ied") and len(w) > 4:
        out.add(w[:-3] + "y")
    if w.endswith("ed") and len(w) > 3:
        stem = w[:-2]
        out.update({stem, stem + "e"})
        if len(stem) > 2 and stem[-1] == stem[-2]:
            out.add(stem[:-1])
    if w.endswith("d") and len(w) > 2:
        out.add(w[:-1])
    if w.endswith("ing") and len(w) > 4:
        stem = w[:-3]
        out.update({stem, stem + "e"})
        if len(stem) > 2 and stem[-1] == stem[-2]:
            out.add(stem[:-1])
    return out


def _norm_cue(text: str) -> str:
    text = text.replace("\u2019", "'").casefold()
    return re.sub(r"\s+", " ", text).strip()


def is_speech_cue(cue_text: str) -> bool:
    """True when the cue is a verb of saying (``said``, ``told reporters``,
    ``went on to say``, ``according to``, ``pointed out`` …): one of its
    words lemmatises to :data:`SPEECH_LEMMAS`, or it holds one of
    :data:`SPEECH_PHRASES`."""
    norm = _norm_cue(cue_text or "")
    if not norm:
        return False
    padded = f" {' '.join(re.findall(r'[a-z]+', norm))} "
    if any(f" {p} " in padded for p in SPEECH_PHRASES):
        return True
    return any(lemma_candidates(w) & SPEECH_LEMMAS for w in re.findall(r"[a-z]+", norm))


_QUOTE_CHARS = frozenset('"\u201c\u201d\u201e\u201f')


def has_quotation(text: str) -> bool:
    """A straight or curly double quotation mark, or the ``''`` pair used for one."""
    return any(c in _QUOTE_CHARS for c in text) or "''" in text


# --------------------------------------------------------------------------- loading

_T_LINE = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t?")
_E_LINE = re.compile(r"^(E\d+)\t(.*)$")


def _parse_spans(spec: str) -> tuple[Span, ...]:
    spans = []
    for piece in spec.split(";"):
        parts = piece.split()
        if len(parts) == 2:
            spans.append((int(parts[0]), int(parts[1])))
    return tuple(sorted(spans))


def _annotator_order(annotator: str) -> tuple[int, int | str]:
    try:
        return (0, int(annotator, 16))
    except ValueError:
        return (1, annotator)


def _span_text(text: str, spans: Sequence[Span]) -> str:
    return " ".join(text[a:b] for a, b in spans)


def _parse_ann(path: Path, doc_id: str, annotator: str, text: str) -> list[GoldAttribution]:
    spans: dict[str, tuple[str, tuple[Span, ...]]] = {}
    events: list[tuple[str, dict[str, list[str]]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _T_LINE.match(line)
        if m:
            spans[m.group(1)] = (m.group(2), _parse_spans(m.group(3)))
            continue
        m = _E_LINE.match(line)
        if m:
            roles: dict[str, list[str]] = defaultdict(list)
            for arg in m.group(2).split():
                if ":" in arg:
                    role, ref = arg.split(":", 1)
                    roles[role].append(ref)
            events.append((m.group(1), roles))
        # other lines: notes, or continuation of a T line whose text held a line break

    def collect(roles: Mapping[str, list[str]], prefix: str) -> tuple[Span, ...]:
        out: list[Span] = []
        for role, refs in roles.items():
            if role == prefix or (role.startswith(prefix) and role[len(prefix) :].isdigit()):
                for ref in refs:
                    if ref in spans:
                        out.extend(spans[ref][1])
        return tuple(sorted(set(out)))

    attributions = []
    for eid, roles in events:
        content = collect(roles, "Content")
        if not content:
            continue
        source = collect(roles, "Source")
        cue = collect(roles, "Cue")
        content_text = _span_text(text, content)
        cue_text = _span_text(text, cue)
        attributions.append(
            GoldAttribution(
                doc_id=doc_id,
                content_spans=content,
                source_text=_span_text(text, source) if source else None,
                source_spans=source,
                cue_text=cue_text,
                cue_spans=cue,
                has_quote=has_quotation(content_text),
                is_speech=is_speech_cue(cue_text),
                content_text=content_text,
                ann_id=eid,
                annotator=annotator,
            )
        )
    attributions.sort(key=lambda a: (_first_offset(a), a.content_spans))
    return attributions


def _first_offset(a: GoldAttribution) -> int:
    return min(s[0] for s in (*a.source_spans, *a.cue_spans, *a.content_spans))


def load_polnear_texts(split_dir: str | Path) -> dict[str, str]:
    """doc_id -> text of ``<split_dir>/text/<doc_id>.txt``."""
    text_dir = Path(split_dir) / "text"
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(text_dir.glob("*.txt"))}


def load_polnear_gold(split_dir: str | Path) -> dict[str, list[GoldAttribution]]:
    """doc_id -> attributions of the lowest-id annotator, in document order."""
    split_dir = Path(split_dir)
    by_doc: dict[str, list[tuple[str, Path]]] = defaultdict(list)
    for path in sorted((split_dir / "attributions").glob("*.ann")):
        doc_id, _, annotator = path.stem.rpartition("_")
        if doc_id:
            by_doc[doc_id].append((annotator, path))
    gold: dict[str, list[GoldAttribution]] = {}
    for doc_id in sorted(by_doc):
        text_path = split_dir / "text" / f"{doc_id}.txt"
        if not text_path.exists():
            continue
        annotator, path = min(by_doc[doc_id], key=lambda ap: _annotator_order(ap[0]))
        text = text_path.read_text(encoding="utf-8")
        gold[doc_id] = _parse_ann(path, doc_id, annotator, text)
    return gold


def load_brat_folder(folder: str | Path) -> tuple[dict[str, str], dict[str, list[GoldAttribution]]]:
    """Texts and gold of an annotated folder in either layout: PolNeAR's
    (``text/<doc>.txt`` and ``attributions/<doc>_<annotator>.ann``) or brat's
    own (``<doc>.txt`` beside ``<doc>.ann``, as brat saves a collection)."""
    folder = Path(folder)
    if (folder / "text").is_dir() and (folder / "attributions").is_dir():
        return load_polnear_texts(folder), load_polnear_gold(folder)
    texts: dict[str, str] = {}
    gold: dict[str, list[GoldAttribution]] = {}
    for ann in sorted(folder.glob("*.ann")):
        txt = ann.with_suffix(".txt")
        if txt.is_file():
            texts[ann.stem] = txt.read_text(encoding="utf-8")
            gold[ann.stem] = _parse_ann(ann, ann.stem, "", texts[ann.stem])
    return texts, gold


# --------------------------------------------------------------------------- matching

_TOKEN = re.compile(r"\w+")


def _units(spans: Iterable[Span], tokens: Sequence[Span] | None) -> frozenset[int]:
    """Token indices (or character offsets when ``tokens`` is None) covered by spans."""
    if tokens is None:
        return frozenset(i for a, b in spans for i in range(a, b))
    ends = [tb for _, tb in tokens]
    out = set()
    for a, b in spans:
        i = bisect.bisect_right(ends, a)  # first token ending after a
        while i < len(tokens) and tokens[i][0] < b:
            out.add(i)
            i += 1
    return frozenset(out)


def content_overlap(gold_units: frozenset[int], pred_units: frozenset[int]) -> float:
    """|shared| / max(|gold|, |pred|): both shares must be high."""
    denom = max(len(gold_units), len(pred_units))
    return len(gold_units & pred_units) / denom if denom else 0.0


def _greedy_match(
    gold_units: Sequence[frozenset[int]], pred_units: Sequence[frozenset[int]], threshold: float
) -> dict[int, int]:
    """pred index -> gold index, one-to-one, best overlap first."""
    pairs = []
    for gi, gu in enumerate(gold_units):
        for pi, pu in enumerate(pred_units):
            if gu & pu:
                ov = content_overlap(gu, pu)
                if ov >= threshold:
                    pairs.append((-ov, gi, pi))
    pairs.sort()
    used_g: set[int] = set()
    out: dict[int, int] = {}
    for _, gi, pi in pairs:
        if gi in used_g or pi in out:
            continue
        used_g.add(gi)
        out[pi] = gi
    return out


# --------------------------------------------------------------------------- speakers

_PRONOUNS = frozenset("he she they i we you it his her their him them".split())
_RELATIVE = frozenset("who which that whom whose".split())
_NOT_NAMES = frozenset(
    """
    he she they i we you it his her their him them its our my your who which
    that the a an this these those some many most several both all one other
    another each every any no such few
    mr mrs ms dr sen rep gov pres gen lt col sgt rev prof st jr sr
    sources source officials official aides aide critics supporters experts
    analysts people voters advocates protesters researchers reporters polls
    observers residents members leaders
    """.split()
)
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")


def _words(text: str | None) -> list[str]:
    out = []
    for w in _WORD.findall(text or ""):
        w = re.sub(r"['\u2019]s$", "", w)
        out.append(w)
    return out


def _name_words(source_text: str | None) -> list[str]:
    return [w for w in _words(source_text) if w[:1].isupper() and w.casefold() not in _NOT_NAMES]


def _is_pronoun(source_text: str | None) -> bool:
    return bool(source_text) and source_text.strip().casefold() in _PRONOUNS


def gold_resolved_sources(attrs: Sequence[GoldAttribution], window: int = 3) -> list[str | None]:
    """For each gold attribution of one document (in order): its source text
    when named, the resolved source of the nearest of the previous ``window``
    attributions when the source is a pronoun, else None (not resolvable)."""
    resolved: list[str | None] = []
    for i, a in enumerate(attrs):
        if _name_words(a.source_text):
            resolved.append(a.source_text)
        elif _is_pronoun(a.source_text):
            prev = [r for r in resolved[max(0, i - window) : i] if r]
            resolved.append(prev[-1] if prev else None)
        else:
            resolved.append(None)
    return resolved


def _speaker_targets(attrs: Sequence[GoldAttribution], window: int = 3) -> list[set[str] | None]:
    """Per attribution, the casefolded words a correct speaker's surname may
    equal; None when the source is not resolvable."""
    resolved = gold_resolved_sources(attrs, window)
    out: list[set[str] | None] = []
    for i, a in enumerate(attrs):
        if resolved[i] is None:
            out.append(None)
        elif _name_words(a.source_text):
            out.append({w.casefold() for w in _words(a.source_text)})
        else:
            words: set[str] = set()
            for r in resolved[max(0, i - window) : i]:
                words.update(w.casefold() for w in _words(r))
            out.append(words)
    return out


def _surname(speaker: str | None) -> str | None:
    words = _words(speaker)
    return words[-1].casefold() if words else None


# --------------------------------------------------------------------------- scoring


@dataclass
class SubsetScore:
    name: str
    gold: int  # gold attributions in the subset
    predicted: int  # the subset's predictions counted for precision (tp_predicted + fp)
    tp: int  # gold of the subset that were matched
    tp_predicted: int  # subset predictions matched to gold of the subset
    fp: int
    fn: int
    ignored: int  # subset predictions matched to gold outside the subset

    @property
    def precision(self) -> float:
        d = self.tp_predicted + self.fp
        return self.tp_predicted / d if d else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class PolnearScore:
    quote: SubsetScore
    speech: SubsetScore
    all: SubsetScore
    speaker_accuracy: float | None
    speaker_correct: int
    speaker_total: int
    n_docs: int
    n_gold: int
    n_predicted: int
    n_matched: int
    overlap: float
    predicted_outside_gold_docs: int = 0
    speaker_errors: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    # (doc_id, predicted speaker, gold source text) for wrong speakers
    missed: list[GoldAttribution] = field(default_factory=list)
    # gold QUOTE or SPEECH attributions no prediction matched, in document order
    false_positives: list[tuple[PredictedAttribution, str]] = field(default_factory=list)
    # predictions matching no gold attribution, with their content text ("" without texts)
    by_type: dict[str, tuple[int, int]] = field(default_factory=dict)
    # predicted quote_type -> (predictions, matched to any gold attribution)
    type_agreement: tuple[int, int] = (0, 0)
    # matched pairs where (predicted direct) == (gold content holds a quotation), of all matched


def score_polnear(
    gold: Mapping[str, Sequence[GoldAttribution]],
    predicted: Iterable[PredictedAttribution],
    overlap: float = 0.5,
    *,
    texts: Mapping[str, str] | None = None,
) -> PolnearScore:
    """Match predictions to gold per document and score the QUOTE, SPEECH and
    ALL subsets plus speaker accuracy (see module docs). Pass ``texts``
    (:func:`load_polnear_texts`) for token overlap; without them overlap is
    measured on character offsets."""
    preds_by_doc: dict[str, list[PredictedAttribution]] = defaultdict(list)
    outside = 0
    n_pred = 0
    for p in predicted:
        if p.doc_id in gold:
            preds_by_doc[p.doc_id].append(p)
            n_pred += 1
        else:
            outside += 1

    subsets = {
        "quote": (lambda g: g.has_quote, lambda p: (p.quote_type or "").casefold() == "direct"),
        "speech": (lambda g: g.is_speech, lambda p: True),
        "all": (lambda g: True, lambda p: True),
    }
    counts = {name: defaultdict(int) for name in subsets}
    sp_ok = sp_total = n_matched = 0
    sp_errors: list[tuple[str, str | None, str | None]] = []
    missed: list[GoldAttribution] = []
    false_positives: list[tuple[PredictedAttribution, str]] = []
    by_type: dict[str, tuple[int, int]] = {}
    type_agree = 0

    for doc_id in sorted(gold):
        attrs = list(gold[doc_id])
        preds = preds_by_doc.get(doc_id, [])
        tokens = None
        if texts is not None and doc_id in texts:
            tokens = [m.span() for m in _TOKEN.finditer(texts[doc_id])]
        g_units = [_units(a.content_spans, tokens) for a in attrs]
        p_units = [_units(p.content_spans, tokens) for p in preds]
        match = _greedy_match(g_units, p_units, overlap)
        matched_gold = set(match.values())
        n_matched += len(match)
        missed.extend(a for i, a in enumerate(attrs)
                      if i not in matched_gold and (a.has_quote or a.is_speech))
        for pi, p in enumerate(preds):
            t = (p.quote_type or "").casefold() or "none"
            n, m = by_type.get(t, (0, 0))
            by_type[t] = (n + 1, m + (pi in match))
            if pi in match:
                type_agree += ((t == "direct") == attrs[match[pi]].has_quote)
        doc_text = texts.get(doc_id, "") if texts is not None else ""
        false_positives.extend((p, _span_text(doc_text, p.content_spans) if doc_text else "")
                               for pi, p in enumerate(preds) if pi not in match)

        for name, (in_gold, in_pred) in subsets.items():
            c = counts[name]
            subset_gold = [i for i, a in enumerate(attrs) if in_gold(a)]
            c["gold"] += len(subset_gold)
            c["tp"] += sum(1 for i in subset_gold if i in matched_gold)
            for pi, p in enumerate(preds):
                if not in_pred(p):
                    continue
                if pi not in match:
                    c["fp"] += 1
                elif in_gold(attrs[match[pi]]):
                    c["tp_predicted"] += 1
                else:
                    c["ignored"] += 1

        targets = _speaker_targets(attrs)
        for pi, gi in match.items():
            want = targets[gi]
            if want is None:
                continue
            sp_total += 1
            surname = _surname(preds[pi].speaker)
            if surname is not None and surname in want:
                sp_ok += 1
            else:
                sp_errors.append((doc_id, preds[pi].speaker, attrs[gi].source_text))

    def subset(name: str) -> SubsetScore:
        c = counts[name]
        return SubsetScore(
            name=name,
            gold=c["gold"],
            predicted=c["tp_predicted"] + c["fp"],
            tp=c["tp"],
            tp_predicted=c["tp_predicted"],
            fp=c["fp"],
            fn=c["gold"] - c["tp"],
            ignored=c["ignored"],
        )

    return PolnearScore(
        quote=subset("quote"),
        speech=subset("speech"),
        all=subset("all"),
        speaker_accuracy=sp_ok / sp_total if sp_total else None,
        speaker_correct=sp_ok,
        speaker_total=sp_total,
        n_docs=len(gold),
        n_gold=sum(len(v) for v in gold.values()),
        n_predicted=n_pred,
        n_matched=n_matched,
        overlap=overlap,
        predicted_outside_gold_docs=outside,
        speaker_errors=sp_errors,
        missed=missed,
        false_positives=false_positives,
        by_type=dict(sorted(by_type.items())),
        type_agreement=(type_agree, n_matched),
    )


def _clip(text: str | None, n: int = 100) -> str:
    text = re.sub(r"\s+", " ", text or "").strip()
    return text if len(text) <= n else text[: n - 1] + "…"


def format_polnear_report(score: PolnearScore, max_errors: int = 10) -> str:
    """A readable multi-line report: figures, wrong speakers, misses (gold
    QUOTE/SPEECH attributions not found) and false positives, ``max_errors``
    of each; with 0, the figures alone."""
    s = score
    lines = [
        "PolNeAR attribution evaluation",
        "==============================",
        f"documents {s.n_docs}, gold attributions {s.n_gold}, predictions {s.n_predicted}, "
        f"matched {s.n_matched} (content token overlap >= {s.overlap:g})",
    ]
    if s.predicted_outside_gold_docs:
        lines.append(f"predictions for documents without gold (ignored): {s.predicted_outside_gold_docs}")
    labels = {
        "quote": "QUOTE  (content holds a quotation; precision over direct predictions)",
        "speech": "SPEECH (cue is a verb of saying)",
        "all": "ALL    (every attribution, for reference)",
    }
    for sub in (s.quote, s.speech, s.all):
        lines.append(labels[sub.name])
        lines.append(
            f"  P={sub.precision:.3f} R={sub.recall:.3f} F1={sub.f1:.3f}  "
            f"gold {sub.gold}, tp {sub.tp} (predicted side {sub.tp_predicted}), "
            f"fp {sub.fp}, fn {sub.fn}, ignored {sub.ignored}"
        )
    if s.by_type:
        parts = [f"{t} {m}/{n} matched ({m / n:.3f})" for t, (n, m) in s.by_type.items() if n]
        lines.append("predictions by quote_type: " + ", ".join(parts))
    agree, total = s.type_agreement
    if total:
        lines.append(f"type agreement (direct <=> gold content quoted) on matched pairs: "
                     f"{agree / total:.3f} ({agree}/{total})")
    acc = "n/a" if s.speaker_accuracy is None else f"{s.speaker_accuracy:.3f}"
    lines.append(f"speaker accuracy: {acc} ({s.speaker_correct}/{s.speaker_total} resolvable matched pairs)")
    for doc_id, pred, src in s.speaker_errors[:max_errors]:
        lines.append(f"  {doc_id}: predicted {pred!r}, gold source {src!r}")
    if 0 < max_errors < len(s.speaker_errors):
        lines.append(f"  … {len(s.speaker_errors) - max_errors} more")
    lines.append(f"missed (gold QUOTE or SPEECH attributions not found): {len(s.missed)}")
    for a in s.missed[:max_errors]:
        tags = "+".join(t for t, on in (("QUOTE", a.has_quote), ("SPEECH", a.is_speech)) if on)
        lines.append(f"  {a.doc_id} {a.ann_id} [{tags}] source {_clip(a.source_text, 40)!r}, "
                     f"cue {_clip(a.cue_text, 30)!r}: {_clip(a.content_text)!r}")
    if 0 < max_errors < len(s.missed):
        lines.append(f"  … {len(s.missed) - max_errors} more")
    lines.append(f"false positives (predictions matching no gold attribution): {len(s.false_positives)}")
    for p, text in s.false_positives[:max_errors]:
        where = _clip(text) if text else str(list(p.content_spans))
        lines.append(f"  {p.doc_id} [{p.quote_type}] speaker {p.speaker!r}: {where!r}")
    if 0 < max_errors < len(s.false_positives):
        lines.append(f"  … {len(s.false_positives) - max_errors} more")
    return "\n".join(lines)
