"""Whom a mention refers to: the entities of one article, resolved in reading order.

`mentions` says what a stretch of text is (a name, a role, a pronoun, a
description); this module decides who it is. A surname is the person named
in full before (or after, by cataphora); "he" and "she" the person who spoke
or was named last, of a fitting gender, or whom the story has turned to
(`antecedents`); "the senator" the person whose known role fits
(`roles`); "it" and "they" the organisation or group that spoke last. Every
full name is registered once, in reading order, so a long article costs one
pass over its names.
"""

from __future__ import annotations

import re
from dataclasses import replace

from quote_warehouse.extract.antecedents import opening_group, opening_names
from quote_warehouse.extract.lexicon import NON_NAME_WORDS, ORG_HEADS, ROLE_NOUNS
from quote_warehouse.extract.mentions import (
    DESCRIPTOR_DET,
    DOCUMENT_HEADS,
    NAME_PARTICLES,
    Entity,
    Mention,
    bare_description,
    find_name_mentions,
    plural,
)
from quote_warehouse.extract.person_names import a_place, strip_possessive, unlike_a_person, words_before_given_name
from quote_warehouse.extract.roles import role_compatible


# How far back a role noun's unknown-fit speaker may have spoken, and how
# far after it a name may stand to be its apposition (characters)
_ROLE_REACH = 2000
_APPOSITION_REACH = 80
# Titles that stand before a given name alone: "Sir Ian", "Dame Judi"
_GIVEN_NAME_TITLES = frozenset({"sir", "dame"})
_PARAGRAPH_BREAK = re.compile(r"\n\s*")
# Between a role noun and the name in apposition to it: a comma, a title of the name's own
_APPOSITION_GAP = re.compile(r"(?:\s+of\s+[^,;.!?\"“”]{1,60})?\s*,\s*(?:[A-Z][\w’'.\-]*\s+){0,4}")
# particles that open a surname even when capitalised at its start ("De Blasio said"),
# but for those that are given names too ("Al Gore", "Van Jones")
_OPENING_PARTICLES = frozenset(p.capitalize() for p in NAME_PARTICLES) - {"Al", "Van", "La", "Bin", "Da"}


def _a_person(e: Entity) -> bool:
    """Whether a description names one person, whom "he" or "she" can point
    to: an office ("the senator"), a gendered noun ("the woman") or an age;
    not a group, a crowd, a message or a poll."""
    head = (e.role or e.name).split()[-1].lower()
    return not plural(e.role or e.name) and (
        head in ROLE_NOUNS or e.gender is not None or bool(re.fullmatch(r"\d+-year-old", head)))


def _full_name(name: str) -> bool:
    """A full name, not a capitalised run taken for one ("Wherever Hillary
    Clinton", "Donald Trump’s")."""
    return " " in name and not any(w in NON_NAME_WORDS or w.endswith(("'s", "\u2019s")) for w in name.split())


def _full_person_name(e: Entity) -> bool:
    return not e.descriptor and _full_name(e.name)


class DocumentEntities:
    """Entities of one article, resolved in reading order."""

    def __init__(self, text: str, body_start: int = 0) -> None:
        self.text = text
        self.entities: list[Entity] = []
        self._by_name: dict[str, Entity] = {}
        self._descriptors: dict[str, Entity] = {}
        # every full name in the article, for surnames and cataphora, and the
        # one-word names ("… remarks Clinton made …"): a known person named again by surname
        self._single_words: list[tuple[int, str]] = []
        self.named = find_name_mentions(text, body_start, self._single_words)
        self._observed = 0  # self.named[:_observed] are registered
        self._observed_single = 0
        self._first_by_surname: dict[str, Mention] = {}
        for m in self.named:
            if m.name:
                self._first_by_surname.setdefault(m.name.split()[-1].casefold(), m)
        # people with a full name, by surname: lookups stay cheap in long texts
        self._full_names: dict[str, list[Entity]] = {}

    def _new(self, name: str, kind: str) -> Entity:
        ent = Entity(key=len(self.entities), name=name, kind=kind)
        self.entities.append(ent)
        self._by_name[name.casefold()] = ent
        self._index_full_name(ent)
        return ent

    def _index_full_name(self, ent: Entity) -> None:
        if ent.kind == "person" and " " in ent.name:
            group = self._full_names.setdefault(ent.surname.casefold(), [])
            if ent not in group:
                group.append(ent)

    def _person(self, m: Mention) -> Entity:
        # "Clinton's claim …", "Barack Obama’s …": the person, not the possessive
        name = strip_possessive(m.name or m.text)
        ent = self._by_name.get(name.casefold())
        # "Mr. de Blasio", "De Blasio said" (not "Al Gore" or "Van Jones": given names too)
        surname_only = " " not in name or name.split()[0] in NAME_PARTICLES or name.split()[0] in _OPENING_PARTICLES
        if ent is None and not surname_only:
            # a surname-only entity seen before gets its full name
            surname = name.split()[-1].casefold()
            ent = self._by_name.get(surname)
            if ent is not None and ent.kind == "person":
                del self._by_name[surname]
                ent.name = name
                self._by_name[name.casefold()] = ent
                self._index_full_name(ent)
            else:
                ent = None
        if ent is None and surname_only:
            ent = self._full_name_for_surname(name.split()[-1], m.start)
        if ent is None and " " not in name and (m.role or "").rstrip(".").lower() in _GIVEN_NAME_TITLES:
            ent = self._full_name_for_given_name(name, m.start)  # "Sir Ian" is Sir Ian Blair
        if ent is None:
            full = None if " " in name else self._cataphora_name(name)
            ent = self._new(full.name if full else name, "person")
            if full:
                self._absorb(ent, full)
        self._absorb(ent, m)
        return ent

    def _absorb(self, ent: Entity, m: Mention) -> None:
        if m.kind in ("name", "org"):
            ent.add_form(m.text)
            if m.name:
                ent.add_form(m.name)
                if ent.kind == "person" and " " in ent.name:
                    ent.add_form(ent.surname)
        if m.role and (not ent.role or len(m.role) > len(ent.role)) and m.kind == "name":
            ent.role = m.role
        ent.organization = ent.organization or m.organization
        ent.country = ent.country or m.country
        ent.gender = ent.gender or m.gender

    def _full_name_for_given_name(self, given: str, pos: int) -> Entity | None:
        """The person named in full whose given name `given` is, a knight or a
        dame named by title and given name alone: the most recently seen."""
        matches = [e for e in self.entities if e.kind == "person" and " " in e.name and e.last_seen <= pos
                   and e.name.split()[0] == given and (e.role or "").rstrip(".").lower() in _GIVEN_NAME_TITLES]
        return max(matches, key=lambda e: e.last_seen) if matches else None

    def _full_name_for_surname(self, surname: str, pos: int) -> Entity | None:
        matches = [e for e in self._full_names.get(surname.casefold(), [])
                   if e.kind == "person" and " " in e.name and e.surname.casefold() == surname.casefold()]
        if matches:
            return max(matches, key=lambda e: (e.times_named, e.last_seen))
        return None

    def _cataphora_name(self, surname: str) -> Mention | None:
        return self._first_by_surname.get(surname.casefold())

    def observe_names(self, upto: int) -> None:
        """Register every full name mentioned before `upto` (roles from appositions).

        Names are registered once, in reading order, from where the last call
        stopped: a long article costs one pass over its names, not one per
        statement."""
        while self._observed < len(self.named) and self.named[self._observed].start < upto:
            m = self.named[self._observed]
            ent = self._person(m)
            ent.last_seen = max(ent.last_seen, m.start)
            ent.times_named += 1
            self._observed += 1
        while self._observed_single < len(self._single_words) and self._single_words[self._observed_single][0] < upto:
            pos, word = self._single_words[self._observed_single]
            self._observed_single += 1
            if word.casefold() in self._full_names and (ent := self._full_name_for_surname(word, pos)) is not None:
                ent.last_seen = max(ent.last_seen, pos)

    def resolve(self, m: Mention, as_speaker: bool = True) -> Entity | None:
        """The entity a mention refers to, or None when it cannot be told."""
        self.observe_names(m.start)
        ent: Entity | None
        if m.kind == "pronoun":
            ent = self._resolve_pronoun(m)
        elif m.kind == "org":
            name = m.name or m.text
            name = re.sub(r"^(?:the|The)\s+", "", name)
            name = re.sub(r"[’']s?$", "", name)
            ent = self._by_name.get(name.casefold()) or self._new(name, "organization")
            ent.country = ent.country or m.country
            ent.add_form(m.text)
        elif m.kind == "descriptor":
            ent = self._resolve_descriptor(m)
        elif m.kind == "role":
            ent = self._resolve_role(m)
            if ent is not None:
                ent.add_form(re.sub(r"^(?:The|A|An)\s", lambda x: x.group(0).lower(), m.text))
                if m.role and not ent.role:
                    possessor = self._possessor_name(m.possessor)
                    ent.role = f"{m.role} of {possessor}" if possessor else m.role
                ent.country = ent.country or m.country
        else:
            ent = self._person(m)
            ent.times_named += 1
        if ent is not None:
            ent.last_seen = m.start
            if as_speaker:
                ent.last_spoke = m.start
        return ent

    def _apposed_name(self, m: Mention) -> Mention | None:
        """A full name set beside a role noun by a comma: "its chairman, Sir Anthony Greener",
        "the chairman of the Commons education select committee, Labour MP Barry Sheerman"."""
        for later in self.named:
            if later.start >= m.end:
                gap = self.text[m.end : later.start]
                if not _APPOSITION_GAP.fullmatch(gap):
                    return None
                if later.name and _full_name(later.name):
                    return later  # (whatever role the name has besides: "the chairman …, Labour MP Barry Sheerman")
        return None

    def _possessor_name(self, possessor: str | None) -> str | None:
        if not possessor:
            return None
        poss = strip_possessive(possessor.split()[-1])
        for m in self.named:
            if m.name and m.name.split()[-1] == poss:
                return m.name
        return possessor

    def _resolve_pronoun(self, m: Mention) -> Entity | None:
        word = m.text.lower()
        if word in ("it", "they"):
            return self._resolve_group_pronoun(m, word)
        if word not in ("he", "she", "him", "her"):
            return None
        persons = [e for e in self.entities if e.kind == "person" and e.last_seen >= 0
                   and (_a_person(e) if e.descriptor else not unlike_a_person(e.name)) and not a_place(e.name)]
        people = [e for e in persons if e.gender is None or m.gender is None or e.gender == m.gender]
        if not people:
            return None
        ent = max(people, key=lambda e: self._salience(e, m.start))
        if max(persons, key=lambda e: self._salience(e, m.start)) is not ent:
            # the last speaker is of the other gender ("Clyburn said … She added"): the story has turned
            # to someone named since, not back to an earlier speaker (PolNeAR train: 6 more right)
            ent = max(people, key=lambda e: e.last_seen)
        # a person who opens one of the last sentences, after the last
        # speaker spoke, is who the story has turned to
        for at, name in opening_names(self.text, m.start):
            name = " ".join(name.split()[words_before_given_name(name.split()):])  # "Songwriter Guy Chambers"
            subject = self._by_name.get(name.casefold()) or self._full_name_for_surname(name, at)
            if at > ent.last_spoke and subject in people:
                ent = subject
                break
        if m.gender and not ent.gender:
            ent.gender = m.gender
        return ent

    def _resolve_group_pronoun(self, m: Mention, word: str) -> Entity | None:
        """"it said" is the organisation, "they said" the group, that spoke
        last, within the last few sentences; if no group spoke, "they" is the
        plural that opens one of the last sentences ("Mexican officials
        conducted polling. The outreach, they said, …"). No one else is
        guessed: "it" for an organisation only named before made more false
        rows than right ones on PolNeAR train."""
        pool = [e for e in self.entities if e.last_spoke >= 0 and m.start - e.last_spoke < 600
                and (e.kind == "organization" or (word == "they" and e.descriptor and plural(e.role or e.name)))]
        if word == "it":
            pool = [e for e in pool if not (e.descriptor and plural(e.role or e.name))]
        if not pool and word == "they" and (group := opening_group(self.text, m.start)):
            return self._resolve_descriptor(bare_description(*group, self.text[group[0]:group[1]]))
        return max(pool, key=lambda e: e.last_spoke) if pool else None

    @staticmethod
    def _salience(e: Entity, pos: int) -> tuple[bool, int]:
        """Who "he" or "she" points to: the person who spoke last; before
        anyone has spoken, the person named last. (Measured on PolNeAR train:
        preferring any person named after the last speaker is worse; only one
        who opens a sentence, `opening_names`, is preferred.)"""
        return (e.last_spoke >= 0, e.last_spoke if e.last_spoke >= 0 else e.last_seen)

    def _resolve_descriptor(self, m: Mention) -> Entity:
        """A definite description of someone with a known, fitting role ("the
        senator") is that person; any other description is a source of its own."""
        if m.definite:
            fitting = [e for e in self.entities if e.kind == "person" and e.last_seen >= 0
                       and role_compatible(m.head, e.role, m.mods) is True]
            if fitting:
                return max(fitting, key=lambda e: e.last_seen)
        name = " ".join(m.text.split())
        # "But other advisers", "Yet Republicans": the conjunction that opened the sentence is no part of it
        name = re.sub(r"^(?:But|Yet|And|Or|So|When|While|Though|Although)\s+(?=\S)", "", name)
        name = name[0].lower() + name[1:] if re.match(r"(?:The|A|An|One|This|That|His|Her|Their|My|Our)\b", name) else name
        ent = self._descriptors.get(name.casefold())
        if ent is None:
            kind = "organization" if m.head in ORG_HEADS or m.head in DOCUMENT_HEADS else "person"
            ent = Entity(key=len(self.entities), name=name, kind=kind, role=m.role,
                         gender=m.gender, descriptor=True)
            self.entities.append(ent)
            self._descriptors[name.casefold()] = ent
        return ent

    def _resolve_role(self, m: Mention) -> Entity:
        """The person a role noun points to, or a source of its own.

        * the person whose known role fits it ("the minister" after "Foreign
          Minister Sergey Lavrov");
        * for a definite role whose fit is unknown ("the Florida senator",
          "Putin's spokesman"), the last person with a full name who spoke
          in the last `_ROLE_REACH` characters;
        * or the person named right after it ("the drug company executive,
          Martin Shkreli"); for a role of someone ("Putin's spokesman",
          "Rubio's deputy"), the first person named after it in its
          paragraph, or in the next two after the story's lead ("Kostas
          Kenteris' lawyer has called for …" / "Gregory Ioannidis has
          submitted …"): a relation is introduced before it is named.

        Anything else, and every indefinite role ("a Democratic aide", "an
        Israeli official"), introduces someone new: a source of its own, like
        any description. Checked by hand on PolNeAR train, wider guesses (the
        last speaker at any distance, a person named anywhere later) named
        the wrong person two times in three, often a place parsed as a name.
        """
        det = DESCRIPTOR_DET.match(m.text.lstrip())
        if det and det.group(2):  # "a", "an", "one", …: someone new
            return self._resolve_descriptor(replace(m, kind="descriptor", definite=False))
        possessor = strip_possessive(m.possessor.split()[-1]) if m.possessor else None
        people = [
            e for e in self.entities
            if e.kind == "person" and e.last_seen >= 0
            and not (possessor and e.surname == possessor)
        ]
        apposed = self._apposed_name(m)
        if apposed is not None:  # "said its chairman, Sir Anthony Greener": the name it stands beside
            return self._person(apposed)
        fit = {e.key: role_compatible(m.head, e.role, m.mods) for e in people}
        fitting = [e for e in people if fit[e.key] is True]
        if fitting:
            return max(fitting, key=lambda e: e.last_seen)
        speakers = [e for e in people if fit[e.key] is None
                    and (e.gender is None or m.gender is None or e.gender == m.gender)
                    and e.last_spoke >= 0 and m.start - e.last_spoke < _ROLE_REACH and _full_person_name(e)]
        if speakers:
            return max(speakers, key=lambda e: e.last_spoke)
        for later in self.named:
            if later.start - m.end > _APPOSITION_REACH and not m.possessor:
                break
            if m.possessor and later.start > m.end and len(_PARAGRAPH_BREAK.findall(self.text, m.end, later.start)) > (
                    2 if len(_PARAGRAPH_BREAK.findall(self.text, 0, m.start)) <= 1 else 0):
                break  # named in its paragraph or, after a story's lead, in the next two; else not at all
            if later.start > m.start and later.name and not (
                possessor and later.name.split()[-1] == possessor
            ) and role_compatible(m.head, later.role, m.mods) is not False and _full_name(later.name):
                return self._person(later)
        return self._resolve_descriptor(replace(m, kind="descriptor", definite=False))
