"""Hostile text: the cleaner and the extractor never raise, every offset is
inside the clean text, every statement is exactly the slices its offsets name,
and the huge inputs of the issue finish.

Property tests (hypothesis) feed news-shaped word soup with quote marks,
SQL fragments and newlines. The huge inputs run in a subprocess with a hard
timeout (no timing assertion; bench/hostile_text.py prints the scaling).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quote_warehouse.text.clean import clean_article
from quote_warehouse.extract.attribution import find_statements
from quote_warehouse.extract.document import extract_document
from tests.conftest import ROOT

TOKENS = [
    "Maria", "Zakharova", "Sergei", "Lavrov", "Peskov", "the", "Kremlin", "spokesman", "she", "he",
    "said", "told", "reporters", "warned", "stressed", "that", "according", "to", "added", "NATO",
    "is", "a", "red", "line", "on", "Thursday", "January", "14,", "2022", "in", "an", "interview",
    "with", "CNN", ",", ".", ":", ";", "?", "!", "\u2014", "-", "(", ")",
    "\"", "\u201c", "\u201d", "\u00ab", "\u00bb", "\u2018", "\u2019", "'", "''", "\u201e",
    "'); DROP TABLE marts.documents; --", "\" OR 1=1 --", "/*", "*/", "\\", "%", "_",
    "\n", "\n\n", "\n\n\n", " ", "\t", "\u00a0", "\u200b", "Read more", "By", "http://x.org/a",
]
news_soup = st.lists(st.sampled_from(TOKENS), max_size=120).map(" ".join)
any_text = st.one_of(news_soup, st.text(max_size=400))

PROPS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_statement_offsets(text: str, statements) -> None:
    for st_ in statements:
        assert st_.parts, st_
        previous_end = 0
        for a, b in st_.parts:
            assert 0 <= a < b <= len(text), (a, b, len(text))
            assert a >= previous_end  # parts in order, not overlapping
            previous_end = b
        assert (st_.start, st_.end) == (st_.parts[0][0], st_.parts[-1][1])
        if st_.cue_span is not None:
            assert 0 <= st_.cue_span[0] <= st_.cue_span[1] <= len(text)


@PROPS
@given(any_text)
def test_clean_article_never_raises_and_its_header_offsets_hold(raw):
    doc = clean_article(raw)
    assert 0 <= doc.body_start <= len(doc.text)
    if doc.title:
        assert doc.text[: doc.body_start] == f"{doc.title}\n\n"
    else:
        assert doc.body_start == 0
    assert clean_article(raw) == doc  # pure: same input, same output


@PROPS
@given(any_text)
def test_find_statements_offsets_lie_inside_the_text(raw):
    text = clean_article(raw).text
    statements, _ = find_statements(text, 0)
    assert_statement_offsets(text, statements)


@PROPS
@given(any_text, st.sampled_from(["txt", "html"]))
def test_extracted_rows_are_the_slices_their_offsets_name(raw, fmt):
    rows = extract_document("ab" * 32, "x.txt", raw, fmt)
    text = rows.document["clean_text"]
    parts: dict[str, list[tuple[int, int, int]]] = {}
    for p in rows.statement_parts:
        assert 0 <= p["char_start"] < p["char_end"] <= len(text)
        parts.setdefault(p["statement_mention_id"], []).append((p["part_index"], p["char_start"], p["char_end"]))
    assert set(parts) == {s["statement_mention_id"] for s in rows.statements}
    for s in rows.statements:
        mine = sorted(parts[s["statement_mention_id"]])
        assert [i for i, _, _ in mine] == list(range(len(mine)))
        # the contract of extract_document: text is the parts' slices joined by a space
        assert s["text"] == " ".join(text[a:b] for _, a, b in mine)
        assert (s["char_start"], s["char_end"]) == (mine[0][1], mine[-1][2])
    for e in rows.events:
        assert 0 <= e["char_start"] <= e["char_end"] <= len(text)
    speakers = {sp["speaker_mention_id"] for sp in rows.speakers}
    assert {s["speaker_mention_id"] for s in rows.statements} <= speakers


def test_sql_and_quote_soup_is_text_like_any_other():
    raw = ("Maria Zakharova said that '); DROP TABLE marts.statements; -- was \"not\" an answer.\n\n"
           "\u201c' OR '1'='1\u201d, Peskov said. \u201cUnbalanced, he said.\n\n"
           "Lavrov told reporters that ''nested \u00ab\u201cquotes\u201d\u00bb'' are fine.")
    rows = extract_document("cd" * 32, "'); DROP TABLE x; --.txt", raw)
    text = rows.document["clean_text"]
    assert "DROP TABLE marts.statements; --" in text
    assert rows.statements, "the reported speech around the SQL is still found"
    for s in rows.statements:
        assert s["text"] in text or all(part in text for part in s["text"].split(" "))


HUGE = textwrap.dedent("""
    import json, sys
    from quote_warehouse.extract.document import extract_document

    SENT = "Zakharova said the expansion of NATO is a red line for Moscow, and the ministry agreed. "
    LINE = "the minister said the talks would go on, Lavrov told reporters on Thursday. He added"
    cases = {
        "million_char_line": (SENT * (1_000_000 // len(SENT) + 1))[:1_000_000],
        "ten_thousand_line_paragraph": "\\n".join([LINE] * 10_000),
        "ten_thousand_line_quotes": "\\n".join(
            f"\\u201cNothing will change in week {i},\\u201d Peskov said." for i in range(10_000)),
        "unbalanced_quote_megabyte": "\\u201c" + "he said it would go on " * 45_000,
        "sql_fragments": "Lavrov said the string '); DROP TABLE marts.documents; -- came in. " * 15_000,
    }
    out = {}
    for name, raw in cases.items():
        rows = extract_document("ef" * 32, name, raw)
        text = rows.document["clean_text"]
        ok = all(0 <= p["char_start"] < p["char_end"] <= len(text) for p in rows.statement_parts)
        out[name] = {"chars": len(raw), "clean": len(text), "statements": len(rows.statements), "offsets_ok": ok}
    print(json.dumps(out))
""")


def test_huge_hostile_inputs_finish():
    """A million-character line and 10,000-line paragraphs: extraction ends
    (hard timeout 240 s for all five, a generous bound: they take seconds)
    and its offsets are valid."""
    proc = subprocess.run([sys.executable, "-c", HUGE], cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout)
    assert result["million_char_line"]["chars"] == 1_000_000
    assert result["ten_thousand_line_paragraph"]["chars"] > 10_000 * 80
    for name, r in result.items():
        assert r["offsets_ok"], name
        assert r["clean"] > 0.9 * r["chars"] - 10, (name, r)  # nothing silently dropped
    assert result["million_char_line"]["statements"] > 1000
    assert result["ten_thousand_line_quotes"]["statements"] >= 9_000
