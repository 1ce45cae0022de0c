"""The cleaning and attribution rules on sentences written for these tests.

None of these sentences come from the seeds or the gold file: the rules must
work on news they have never seen.
"""

from __future__ import annotations

import datetime as dt

import pytest

from assets.clean import clean_article, join_hard_wraps, restore_lost_quotes
from assets.extract.attribution import find_statements
from assets.extract.document import extract_document


def _statements(text: str):
    sts, _ = find_statements(text)
    return [(st.speaker.name, st.quote_type, st.cue, " | ".join(text[a:b] for a, b in st.parts)) for st in sts]


def test_split_direct_quote_is_one_statement_with_two_parts():
    text = ("“The bridge will reopen in spring,” Mayor Anna Kowalski said. "
            "“We owe the city that much.”")
    sts, _ = find_statements(text)
    assert len(sts) == 1
    st = sts[0]
    assert st.speaker.name == "Anna Kowalski" and st.quote_type == "direct" and st.cue == "said"
    assert [text[a:b] for a, b in st.parts] == ["The bridge will reopen in spring,", "We owe the city that much."]


@pytest.mark.parametrize("sentence, speaker, cue, content", [
    ("Finance Minister Lars Berg said that the budget would be balanced by 2027.",
     "Lars Berg", "said", "the budget would be balanced by 2027"),
    ("The budget will be balanced by 2027, Finance Minister Lars Berg told reporters on Tuesday.",
     "Lars Berg", "told", "The budget will be balanced by 2027"),
    ("According to Lars Berg, the budget will be balanced by 2027.",
     "Lars Berg", "according to", "the budget will be balanced by 2027"),
    ("Lars Berg warned of deep cuts if the reform fails in parliament.",
     "Lars Berg", "warned", "deep cuts if the reform fails in parliament"),
    ("Lars Berg drew attention to the fact that tax revenue fell for a third year.",
     "Lars Berg", "drew attention to", "tax revenue fell for a third year"),
])
def test_reported_speech_frames(sentence, speaker, cue, content):
    found = _statements(sentence)
    assert found == [(speaker, "indirect", cue, content)]


def test_pronoun_and_role_noun_resolve_to_the_person_introduced_before():
    text = ("Swedish Ambassador to Ottawa Karin Lund said on Monday that talks would continue.\n\n"
            "“We are not in a hurry,” the diplomat said.\n\n"
            "She added that a deal was possible before summer.")
    names = {s[0] for s in _statements(text)}
    assert names == {"Karin Lund"}
    assert len(_statements(text)) == 3


def test_possessor_and_caption_people_do_not_speak():
    raw = ("Ministers meet over fishing rights\n\n"
           "Read more\nFILE PHOTO. Former premier John Doe (L). © Agency / Jane Roe\nAnother story headline\n\n"
           "The Prime Minister's spokesman said the talks were constructive and would go on.\n\n"
           "Prime Minister Ola Nilsen arrived late.")
    doc = clean_article(raw)
    assert "John Doe" not in doc.text and "Jane Roe" not in doc.text
    rows = extract_document("ab" * 32, "x.txt", raw)
    assert {s["name"] for s in rows.speakers} <= {"Ola Nilsen"}


def test_pdf_hard_wraps_are_joined():
    wrapped = ("The council voted on Friday to close the old harbour to heavy \n\n"
               "traffic, a decision the port authority called premature and \n\n"
               "costly for local firms.\n\nA second paragraph starts here and is long enough to count.")
    assert join_hard_wraps(wrapped).split("\n\n")[0] == (
        "The council voted on Friday to close the old harbour to heavy traffic, a decision "
        "the port authority called premature and costly for local firms.")


def test_quotes_lost_as_question_marks_are_restored():
    assert restore_lost_quotes("a ?historic step? for the region, and it?s late") == \
        "a “historic step” for the region, and it’s late"
    assert restore_lost_quotes("Why? Nobody knows?") == "Why? Nobody knows?"


def test_header_metadata_is_read():
    raw = "Port strike ends after two weeks\n20230310\nhttps://www.example-news.com/a/1\nWorkers returned, the union said on Thursday.\n"
    doc = clean_article(raw)
    assert doc.title == "Port strike ends after two weeks"
    assert doc.published_date == dt.date(2023, 3, 10)
    assert doc.url == "https://www.example-news.com/a/1"
    assert doc.outlet == "example-news.com"


def test_event_date_resolved_against_publication_date():
    raw = ("Port strike ends after two weeks\n20230310\n\n"
           "In an interview with the newspaper Harbour Times on Wednesday, union leader Mia Holm said that the strike was over.")
    rows = extract_document("cd" * 32, "y.txt", raw)
    assert [(e["event_type"], e["event_date"], e["outlet"]) for e in rows.events] == [
        ("interview", dt.date(2023, 3, 8), "Harbour Times")]
