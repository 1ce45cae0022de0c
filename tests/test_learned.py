"""The learned decisions of reported speech (extract/learned.py) and their trainer.

Rule-level tests use sentences written for them and hand-made models, so
that they test the mechanism, not this model's weights; two tests use the
committed model on sentences the rules alone leave out. The trainer is run
for real (scikit-learn) on a few PolNeAR train articles saved in brat's own
layout, through the CLI that users run on their folders.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quote_warehouse.extract.attribution import find_statements
from quote_warehouse.extract.document import EXTRACTOR_VERSION, PACKAGE_ROOT, RULES_VERSION, code_version
from quote_warehouse.extract.learned import (
    MODEL_PATH,
    MODEL_VERSION,
    DecisionModel,
    load_model,
    recording,
    using_model,
)
from tests.conftest import SHARED_CORPUS

POLNEAR_TRAIN = SHARED_CORPUS / "polnear" / "train"

# the rules refuse a bare lowercase plural and "police" as the subject of a trailing tag
TAGGED = ("While he trails in most polls, a second-place finish could show the extent of his "
          "appeal, veteran Republicans said.")
POLICE = ("A day earlier, six protesters were arrested after refusing to leave the hotel lobby, "
          "police said.")
ACCEPT_ALL = DecisionModel(bias=10.0, weights={}, threshold=0.5)
REJECT_ALL = DecisionModel(bias=-10.0, weights={}, threshold=0.5)


def _said(text: str) -> list[tuple[str, str]]:
    statements, _ = find_statements(text)
    return [(" ".join(text[a:b] for a, b in st.parts), st.speaker.name) for st in statements]


def test_rules_alone_leave_the_tag_out():
    with using_model(None):
        assert _said(TAGGED) == []
        assert _said(POLICE) == []


def test_an_accepted_candidate_gets_the_rules_content_boundaries():
    with using_model(ACCEPT_ALL):
        content = "While he trails in most polls, a second-place finish could show the extent of his appeal"
        assert _said(TAGGED) == [(content, "veteran Republicans")]
    with using_model(REJECT_ALL):
        assert _said(TAGGED) == []


def test_the_model_decides_by_its_weights_and_threshold():
    with recording() as candidates:
        find_statements(POLICE)
    assert len(candidates) == 1
    feats = candidates[0].features
    assert feats[0] == "point=subject"
    assert "lemma=say" in feats and "tag=True" in feats and "head=police" in feats
    lean_yes = DecisionModel(0.0, {"head=police": 1.0}, 0.6)  # p = 0.73
    lean_no = DecisionModel(0.0, {"head=police": 1.0}, 0.8)
    with using_model(lean_yes):
        assert [who for _, who in _said(POLICE)] == ["police"]
    with using_model(lean_no):
        assert _said(POLICE) == []


def test_a_weak_cue_without_quote_or_that_clause_is_the_models_call():
    text = "Trump called for a ban on foreign donations to political campaigns."
    with using_model(None):
        assert _said(text) == []
    with using_model(ACCEPT_ALL):
        # "called for" is a cue of its own: what was called for follows it
        assert _said(text) == [("a ban on foreign donations to political campaigns", "Trump")]
    with using_model(REJECT_ALL):
        assert _said(text) == []
    with recording() as candidates:
        find_statements(text)
    assert [c.features[:2] for c in candidates] == [["point=weak", "weak_lemma=call for"]]
    # with a quotation the rules need no model
    quoted = 'Trump called the deal "a disaster for American workers" on Monday.'
    with using_model(None):
        assert [who for _, who in _said(quoted)] == ["Trump"]


@pytest.mark.parametrize("text, obj", [
    ("Lena Vik urged the council to reopen the bridge before winter.", False),  # a call
    ("The governor criticized the state's handling of the flooding.", True),  # a judged object
    ("The ministry reported a sharp rise in exports last year.", True),  # the news conveyed
    ("The mayor dismissed the idea of a new bridge.", None),  # someone else's claim
    ("She cited promises made by the previous government.", None),  # a source
    ("The company has denied having plans to close the mill.", None),  # an act, not a call
    ("The mayor talked about the cost of the new bridge on Monday.", False),  # a topic of speech
    ("Lena Vik called for a second ferry to the islands.", False),  # what was called for
])
def test_a_weak_cue_is_a_candidate_with_a_complement_or_an_object_that_was_said(text, obj):
    # news annotates "criticized the response" as what was said; the model
    # weighs a verb's bare objects apart from its complements (weak_lemma_obj)
    with recording() as candidates:
        find_statements(text)
    assert [f"weak_obj={obj}" in c.features for c in candidates] == ([] if obj is None else [True])
    with using_model(ACCEPT_ALL):
        assert len(_said(text)) == (obj is not None)
    with using_model(REJECT_ALL):
        assert _said(text) == []


def test_committed_model_takes_speakers_the_rules_refuse():
    assert load_model() is not None
    assert [who for _, who in _said(TAGGED)] == ["veteran Republicans"]
    assert [who for _, who in _said(POLICE)] == ["police"]
    # a judged object is taken; "pledged support" is weighed and refused
    assert _said("Sanders accused the party leadership of rigging the primaries against him.") == [
        ("the party leadership of rigging the primaries against him", "Sanders")]
    assert _said("The senator pledged support for the new highway bill on Tuesday.") == []


def test_model_file_is_stable_text_and_part_of_the_extractor_version():
    model = load_model()
    assert model is not None
    text = MODEL_PATH.read_text(encoding="utf-8")
    assert model.to_json() == text  # what training writes is what is read back, byte for byte
    assert DecisionModel.from_json(text) == model
    assert EXTRACTOR_VERSION == f"{RULES_VERSION}+m{MODEL_VERSION}+c{code_version()}" and len(MODEL_VERSION) == 8


def test_changed_extraction_code_changes_the_extractor_version(tmp_path):
    """Rows made by older rules are re-extracted even if nobody bumps RULES_VERSION."""
    copy = tmp_path / "quote_warehouse"
    for sub in ("extract", "text"):
        shutil.copytree(PACKAGE_ROOT / sub, copy / sub, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "landing").mkdir()
    shutil.copy(PACKAGE_ROOT / "landing" / "html.py", copy / "landing" / "html.py")
    assert code_version(copy) == code_version()
    lexicon = copy / "extract" / "lexicon.py"
    lexicon.write_text(lexicon.read_text(encoding="utf-8") + "\n# a changed word list\n", encoding="utf-8")
    assert code_version(copy) != code_version()


def _brat_folder(dest: Path, n: int) -> Path:
    """`n` PolNeAR train articles in brat's own layout: <doc>.txt beside <doc>.ann."""
    docs = sorted(p.stem for p in (POLNEAR_TRAIN / "text").glob("*.txt"))[:n]
    for doc in docs:
        shutil.copy(POLNEAR_TRAIN / "text" / f"{doc}.txt", dest / f"{doc}.txt")
        ann = min((POLNEAR_TRAIN / "attributions").glob(f"{doc}_*.ann"))
        shutil.copy(ann, dest / f"{doc}.ann")
    return dest


@pytest.fixture
def brat_folder(tmp_path):
    if not (POLNEAR_TRAIN / "attributions").is_dir():
        pytest.skip(f"PolNeAR corpus absent: {POLNEAR_TRAIN} (set SHARED_CORPUS)")
    folder = tmp_path / "annotated"
    folder.mkdir()
    return _brat_folder(folder, 40)


def test_cli_trains_on_a_brat_folder_and_reports_before_writing(brat_folder, tmp_path, capsys):
    from orchestration.cli import main

    before = MODEL_PATH.read_bytes()
    out = tmp_path / "model.json"
    assert main(["train", "--train", str(brat_folder), "--dev", str(brat_folder), "--out", str(out)]) == 0
    report = capsys.readouterr().out
    assert "rules + model, train (5-fold CV)" in report and "rules + model, dev" in report
    assert report.index("rules + model, dev") < report.index(f"model written: {out}")
    trained = DecisionModel.from_json(out.read_text(encoding="utf-8"))
    assert trained.weights and 0.0 < trained.threshold < 1.0
    assert MODEL_PATH.read_bytes() == before  # nothing replaced without --replace
    # the same data, the same bytes
    again = tmp_path / "again.json"
    assert main(["train", "--train", str(brat_folder), "--out", str(again)]) == 0
    assert again.read_bytes() == out.read_bytes()


def test_cli_train_refuses_what_it_cannot_learn_from(tmp_path, capsys):
    from orchestration.cli import main

    assert main(["train", "--train", str(tmp_path / "nowhere")]) == 2
    assert "not a folder" in capsys.readouterr().err
    assert main(["train", "--train", str(tmp_path)]) == 2
    assert "no annotated articles" in capsys.readouterr().err


@pytest.mark.slow
def test_make_train_reproduces_the_committed_model():
    """`make train`'s computation on PolNeAR train gives the committed file's bytes."""
    if not (POLNEAR_TRAIN / "attributions").is_dir():
        pytest.skip(f"PolNeAR corpus absent: {POLNEAR_TRAIN} (set SHARED_CORPUS)")
    from quote_warehouse.learn.train import train

    model, _ = train(POLNEAR_TRAIN)
    assert model.to_json().encode("utf-8") == MODEL_PATH.read_bytes()


def test_the_proposed_subject_ends_before_its_own_verb():
    # "are" is the subject's verb, "say" the cue: the phrase stops at the first
    text = "Rural voters are slightly more likely to say that the mill should stay open."
    with using_model(ACCEPT_ALL):
        assert _said(text) == [("the mill should stay open", "Rural voters")]


@pytest.mark.parametrize("text, expected", [
    # "’s" is "has": the pronoun, pointing to the person before
    ("Lena Vik is running. She’s said that the senator has fallen out of touch with voters.",
     [("the senator has fallen out of touch with voters", "Lena Vik")]),
    # a conjunction opening the sentence is no part of the subject
    ("The party met in May. Yet delegates say the rules were changed in secret.",
     [("the rules were changed in secret", "delegates")]),
])
def test_the_proposed_subject_is_a_contracted_pronoun_or_follows_a_conjunction(text, expected):
    with using_model(ACCEPT_ALL):
        assert _said(text) == expected


def test_the_proposed_subject_starts_after_the_last_boundary_word():
    """"But as the paper noted": the words are counted from the sentence's
    start, however many boundary words come before the noun phrase."""
    from quote_warehouse.extract.learned import _np_before

    text = "But as the regional paper noted, the mayor has few allies left."
    start, end, kind = _np_before(text, 0, text.index(" noted"))
    assert (text[start:end], kind) == ("the regional paper", "word")


def test_the_word_before_a_weak_cue_and_a_naming_are_features():
    # "calling the plan a disaster" names the object: the speaker's judgement
    with recording() as candidates:
        find_statements("Lena Vik went further, calling the ferry plan a disaster.")
    assert "weak_naming=True" in candidates[0].features and "weak_prev=<punct>" in candidates[0].features
    # "a conference call": a noun, which the word before tells
    with recording() as candidates:
        find_statements("Lena Vik held a conference call with reporters on Tuesday.")
    assert [f for c in candidates for f in c.features if f.startswith(("weak_prev=", "weak_naming="))] == [
        "weak_prev=conference", "weak_naming=False"]


@pytest.mark.parametrize("text, expected", [
    # a relative clause between the subject and the cue is the subject's, not a subject of its own
    ("The ferry plan is costly. Economists who have studied the ferry plan say it would cost too much.",
     [("it would cost too much", "Economists")]),
    ("The report gave fresh ammunition to lawmakers who say the ferry is a money pit.",
     [("the ferry is a money pit", "lawmakers")]),
    # a negated auxiliary and a verb leading to the cue through "to" end the subject
    ("The ferry plan is costly. Ferry workers haven't said whether they will strike.",
     [("whether they will strike", "Ferry workers")]),
    ("The ferry plan is costly. The island's senator declined to say whether she would back the plan.",
     [("whether she would back the plan", "the island's senator")]),
])
def test_the_proposed_subject_is_the_noun_phrase_not_its_clause(text, expected):
    with using_model(ACCEPT_ALL):
        assert _said(text) == expected


@pytest.mark.parametrize("phrase, clause", [
    ("the Lund family deserved better", True),
    ("his behaviour has angered the party's leaders", True),
    ("the senator didn't", True),
    ("compared with 23 percent who", True),
    ("So if somebody", True),
    ("the retired general", False),
    ("a poll released Monday", False),
    ("people briefed on the talks", False),
    ("the state's elected officials", False),
    ("a previously undisclosed email obtained by the paper", False),
    ("columnist George Will", False),
    ("Trump made similarly bigoted", True),
    ("nine in 10 Democratic registered voters", False),
])
def test_a_clause_is_told_from_a_noun_phrase_that_names_a_source(phrase, clause):
    from quote_warehouse.extract.phrases import clause_like

    assert clause_like(phrase) is clause
