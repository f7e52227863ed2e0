"""People named in a document: full names, surname-only and title mentions resolved to the
fullest form the document gives ("Tokayev" → "Kassym-Jomart Tokayev")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

TITLES = re.compile(r"\b(?:President|Prime\s+Minister|Minister|Defen[cs]e\s+Minister|Foreign\s+Minister|Secretary|"
                    r"General|Colonel|Lieutenant|Major|Captain|Admiral|Commander|Chief|Dr\.?|Mr\.?|Mrs\.?|Ms\.?|"
                    r"Professor|Ambassador|spokes(?:man|woman|person))\b")


@dataclass
class PersonMention:
    start: int
    end: int
    name: str


class People:
    def __init__(self, mentions: list[PersonMention], country: dict[str, str] | None = None) -> None:
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.country = country or {}  # full name -> country ("Kazakhstan's President X")
        self.full: dict[str, str] = {}
        for m in self.mentions:
            surname = m.name.split()[-1]
            if len(m.name.split()) > len(self.full.get(surname, "").split()):
                self.full[surname] = m.name

    def resolve(self, name: str) -> str:
        """The fullest form of a name seen in the document."""
        parts = name.split()
        if not parts:
            return name
        full = self.full.get(parts[-1])
        return full if full and len(full.split()) > len(parts) else name

    def last_before(self, pos: int, not_before: int = 0) -> str | None:
        """The person mentioned last before ``pos`` (at or after ``not_before``)."""
        cands = [m for m in self.mentions if not_before <= m.start and m.end <= pos]
        return self.resolve(cands[-1].name) if cands else None


def find_people(text: str, spacy_doc: Any, known_terms: dict[str, Any] | None = None) -> People:
    """PERSON entities of the parse, minus words the gazetteer knows (demonyms, countries)."""
    mentions: list[PersonMention] = []
    pending: list[PersonMention] = []
    known_terms = known_terms or {}
    if spacy_doc is not None:
        for ent in spacy_doc.ents:
            if ent.label_ != "PERSON":
                continue
            name = re.sub(r"[’']s$", "", ent.text).strip()
            name = re.sub(r"^(?:the\s+)?", "", name)
            if not re.match(r"^[A-Z]", name) or len(name) < 3 or "\n" in name or name in known_terms \
                    or any(w in known_terms for w in name.split()):
                continue
            words = name.split()
            titled = bool(re.search(r"\b(?:" + _TITLE_WORDS + r")\s+$", text[max(0, ent.start_char - 25):ent.start_char]))
            # the small model calls many capitalized words PERSON: keep "First Last", or a surname
            # after a title, made of name-like words only
            if not all(_NAME_WORD.fullmatch(w) for w in words) or (len(words) == 1 and not titled) or len(words) > 4:
                if len(words) != 1:
                    continue
                pending.append(PersonMention(ent.start_char, ent.start_char + len(name), name))
                continue
            mentions.append(PersonMention(ent.start_char, ent.start_char + len(name), name))
    # titled names the parser missed: "Colonel Aidos Beremetov", "Defence Minister Ilse Marendt"
    for m in _TITLED.finditer(text):
        name = m.group("name")
        if not any(w in known_terms for w in name.split()):
            mentions.append(PersonMention(m.start("name"), m.end("name"), name))
    # fuller forms of known surnames: "Defence Minister Ilse Marendt" → Ilse Marendt
    for surname in {m.name.split()[-1] for m in mentions}:
        for m in re.finditer(rf"((?:[A-Z][\w’'-]+\s+){{1,2}}){re.escape(surname)}\b", text):
            words = m.group(1).split()
            while words and (TITLES.fullmatch(words[0]) or words[0] in known_terms or words[0].lower() in _STOP):
                words.pop(0)
            if words and not any(TITLES.fullmatch(w) or w in known_terms for w in words):
                full = " ".join([*words, surname])
                mentions.append(PersonMention(m.end() - len(full), m.end(), full))
    surnames = {m.name.split()[-1] for m in mentions if len(m.name.split()) > 1}
    counts: dict[str, int] = {}
    for p in pending:
        counts[p.name] = counts.get(p.name, 0) + 1
    # a lone surname counts once the document names the person in full, or keeps naming them
    mentions += [p for p in pending if p.name in surnames or (counts[p.name] >= 2 and _NAME_WORD.fullmatch(p.name))]
    people = People(mentions)
    for m in _OF_COUNTRY.finditer(text):
        label, key = known_terms.get(m.group("c").replace("’", "'"), ("", ""))
        if label in ("COUNTRY", "DEMONYM"):
            people.country.setdefault(people.resolve(m.group("name")), key)
    return people


_OF_COUNTRY = re.compile(r"(?P<c>[A-Z][\w-]+)(?:[’']s)?\s+(?:President|Prime\s+Minister|(?:Defen[cs]e\s+|Foreign\s+)?"
                         r"Minister|Leader)\s+(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})")


_STOP = {"the", "a", "an", "and", "but", "mr", "mrs", "ms", "dr", "in", "on", "of", "as", "while", "when", "after",
         "before", "according", "since", "although", "though", "however", "then", "yet", "so", "if", "because",
         "meanwhile", "still", "even", "also", "both", "whereas", "once", "until", "during", "with", "without", "for",
         "by", "at", "from", "to", "into", "that", "this", "these", "those", "his", "her", "their", "its", "our"}
_NAME_WORD = re.compile(r"[A-Z][a-zà-ÿ’'-]+(?:-[A-Z][a-zà-ÿ’'-]+)?|[A-Z]\.")
_TITLE_WORDS = (r"President|Minister|Secretary|General|Colonel|Lieutenant|Major|Captain|Admiral|Commander|Chief|"
                r"Dr\.?|Mr\.?|Mrs\.?|Ms\.?|Professor|Ambassador|spokes(?:man|woman|person)|analyst|expert")
_TITLED = re.compile(r"\b(?:President|Prime\s+Minister|Minister|Secretary|General|Colonel|Admiral|Ambassador|"
                     r"Commander|Chancellor)\s+(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})\b")
