"""People named in a document: full names, surname-only and title mentions resolved to the
fullest form the document gives ("Tokayev" → "Kassym-Jomart Tokayev")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .lexicon import cue_pattern, cue_words

@dataclass
class PersonMention:
    start: int
    end: int
    name: str


class People:
    def __init__(self, mentions: list[PersonMention], country: dict[str, str] | None = None) -> None:
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.country = country or {}  # full name -> country ("Kazakhstan's President X")
        self.full: dict[str, str] = {}  # family name (last word, suffix aside) -> fullest name
        self.by_first: dict[str, str] = {}  # first word -> fullest name ("Wang" of "Wang Jinhai", family name first)
        for m in self.mentions:
            self.add(m.name)

    def copy(self) -> People:
        other = People([], dict(self.country))
        other.mentions = list(self.mentions)
        other.full, other.by_first = dict(self.full), dict(self.by_first)
        return other

    def add(self, name: str) -> None:
        """Learn a name (from the parse or from a quote's attribution)."""
        words = name.split()
        if not words or " and " in name:
            return
        surname = _surname(name)
        if len(words) > len(self.full.get(surname, "").split()):
            self.full[surname] = name
        if len(words) > 1 and len(words) > len(self.by_first.get(words[0], "").split()):
            self.by_first[words[0]] = name

    def resolve(self, name: str) -> str:
        """The fullest form of a name seen in the document: "Ellison" → "Mara T. Ellison",
        "Aguirre" → "Tomas Aguirre Jr."; a one-word name that opens a fuller one resolves to
        it too, as family names do in Chinese, Japanese or Korean order ("Wang" → "Wang Jinhai")
        and Thai given names do in Thai usage."""
        parts = name.split()
        if not parts:
            return name
        full = self.full.get(_surname(name))
        if full and len(full.split()) > len(parts):
            return full
        if len(parts) == 1 and parts[0] in self.by_first:
            return self.by_first[parts[0]]
        return name

    def last_before(self, pos: int, not_before: int = 0) -> str | None:
        """The person mentioned last before ``pos`` (at or after ``not_before``)."""
        cands = [m for m in self.mentions if not_before <= m.start and m.end <= pos]
        return self.resolve(cands[-1].name) if cands else None


def _surname(name: str) -> str:
    words = [w for w in name.split() if w not in _SUFFIXES] or name.split()
    return words[-1] if words else ""


MAX_NAME_WORDS = 4  # "José Manuel García Márquez"; particles ("bin", "van") come on top


_PLACE_PREPOSITIONS = ("of", "from", "at", "with", "for", "in", "near", "across", "to")


def person_name(phrase: str, known_terms: dict[str, Any] | None = None) -> str | None:
    """The person's name in a titled phrase, or None when the phrase names nobody: ranks, titles,
    services, countries and organizations before the name and post-nominals after it go, a suffix
    such as "Jr." stays, and the text's order is kept.

    "U.S. Navy Vice Adm. Jane Q. Roe, commander" → "Jane Q. Roe";
    "[presidential adviser Ivan] Petrov" → "Ivan Petrov"; "Col. Pat Doe OBE" → "Pat Doe";
    "Kazakh Defence Minister Erlan Abenov" → "Erlan Abenov"; "the Defence Ministry" → None."""
    name = _name_at_end(phrase, known_terms or {})
    if name is None:  # "Colonel Jane Roe of the ministry", "Jane Roe from the institute"
        head = re.split(r"\s+(?:of|from|at|with|for|in)\s+", phrase)[0]
        name = _name_at_end(head, known_terms or {}) if head != phrase else None
    return name


def _name_at_end(phrase: str, known_terms: dict[str, Any]) -> str | None:
    text = re.sub(r"[\[\]]", "", phrase)
    text = re.split(r",|;|:|\s[–—-]\s|\s\(", text)[0]
    words = _one_sentence(text.split())
    while words and (words[-1].strip("()") in _POST_NOMINALS or words[-1] in (".",)):
        words.pop()
    suffix: list[str] = []
    if words and words[-1] in _SUFFIXES:
        suffix = [words.pop()]
    name: list[str] = []
    for w in reversed(words):
        bare = re.sub(r"[’']s$", "", w)
        if _INITIAL.fullmatch(w) and name:
            name.insert(0, w)
        elif w in _PARTICLES and name:
            name.insert(0, w)
        elif _is_name_word(w) and bare == w and w not in known_terms and \
                sum(x not in _PARTICLES for x in name) < MAX_NAME_WORDS:
            name.insert(0, w)
        else:
            break
    while name and name[0] in _PARTICLES:
        name.pop(0)
    if not name:
        return None
    rest = [w for w in words[:len(words) - len(name)] if w.lower() not in ("the", "a", "an")]
    if rest and rest[-1] in _PLACE_PREPOSITIONS:
        return None  # "the supreme commander in Europe": the capitalised words name a place, not the person
    return " ".join(name + suffix)


def _one_sentence(words: list[str]) -> list[str]:
    """"Jane Roe. New laws …" → "Jane Roe": a full stop after a word that is not an initial, an
    abbreviated rank or title, or a suffix ends the name."""
    for i, w in enumerate(words):
        if w.endswith(".") and len(w) > 3 and w[:-1].isalpha() and not w[:-1].isupper() and w not in _STOPWORDS \
                and w not in _SUFFIXES and w not in _POST_NOMINALS and i + 1 < len(words):
            return [*words[:i], w[:-1]]
    last = words[-1] if words else ""
    if last.endswith(".") and len(last) > 3 and last[:-1].isalpha() and not last[:-1].isupper() \
            and last not in _STOPWORDS and last not in _SUFFIXES:
        return [*words[:-1], last[:-1]]  # "said Col. Jane Roe."
    return words


def _is_name_word(w: str) -> bool:
    """"O'Reilly", "Jean-Pierre", "Min-jun", "Şahin", "McAllister": a capitalised word that is
    not an acronym, a rank or title ("Lieutenant-General" neither), nor a function word."""
    if len(w) < 2 or not w[0].isupper() or w.isupper() or w in _STOPWORDS or w.lower() in _STOP:
        return False
    if w.endswith("s") and w[:-1].lower() in _STOPWORDS_LOWER:
        return False  # "Researchers Ann Poe and Jo Roe wrote": a plural title
    if not re.fullmatch(r"[^\W\d_]+(?:[’'-][^\W\d_]+)*", w):
        return False
    parts = re.split(r"-", w)
    return not (len(parts) > 1 and all(p.rstrip(".") in _STOPWORDS or p.rstrip(".") + "." in _STOPWORDS
                                       for p in parts))


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
            clean = person_name(name, known_terms)  # "Commodore Jane Roe" → "Jane Roe"
            if clean and clean != name and len(clean.split()) > 1 and name.endswith(clean):
                ent_start = ent.start_char + ent.text.find(clean)
                mentions.append(PersonMention(ent_start, ent_start + len(clean), clean))
                continue
            if not re.match(r"^[A-Z]", name) or len(name) < 3 or "\n" in name or name in known_terms \
                    or any(w in known_terms for w in name.split()):
                continue
            words = name.split()
            titled = bool(re.search(rf"(?<![\w.])(?:{_NAME_TITLES})\s+$", text[max(0, ent.start_char - 25):ent.start_char]))
            # the small model calls many capitalized words PERSON: keep "First Last", or a surname
            # after a title, made of name-like words only
            if not all(_NAME_WORD.fullmatch(w) or _is_name_word(w) for w in words) or (len(words) == 1 and not titled) or len(words) > 4:
                if len(words) != 1:
                    continue
                pending.append(PersonMention(ent.start_char, ent.start_char + len(name), name))
                continue
            mentions.append(PersonMention(ent.start_char, ent.start_char + len(name), name))
    # titled names the parser missed: "President Kassym-Jomart Tokayev", "Defense Minister Adilbek Dzhaksybekov"
    for m in _TITLED.finditer(text):
        name = person_name(m.group("name"), known_terms) or ""
        if name and m.group("name").endswith(name) and not any(w in known_terms for w in name.split()):
            mentions.append(PersonMention(m.end("name") - len(name), m.end("name"), name))
    # fuller forms of known surnames: "Kazakh President Kassym-Jomart Tokayev" → Kassym-Jomart Tokayev
    for surname in {m.name.split()[-1] for m in mentions}:
        for m in re.finditer(rf"((?:[A-Z][\w’'-]+\s+){{1,2}}){re.escape(surname)}\b", text):
            words = m.group(1).split()
            while words and (words[0] in _STOPWORDS or words[0] in known_terms or words[0].lower() in _STOP):
                words.pop(0)
            if words and not any(w in _STOPWORDS or w in known_terms for w in words):
                full = person_name(" ".join([*words, surname]), known_terms) or ""
                if len(full.split()) < 2:
                    continue
                mentions.append(PersonMention(m.end() - len(full), m.end(), full))
    surnames = {m.name.split()[-1] for m in mentions if len(m.name.split()) > 1}
    counts: dict[str, int] = {}
    for p in pending:
        counts[p.name] = counts.get(p.name, 0) + 1
    # a lone surname counts once the document names the person in full, or keeps naming them
    mentions += [p for p in pending if p.name in surnames or (counts[p.name] >= 2 and _NAME_WORD.fullmatch(p.name))]
    for i, m in enumerate(mentions):  # "Jr." keeps its full stop when the parse cut it off
        if m.name.split()[-1] + "." in _SUFFIXES and text[m.end:m.end + 1] == ".":
            mentions[i] = PersonMention(m.start, m.end + 1, m.name + ".")
    people = People(mentions)
    for m in _OF_COUNTRY.finditer(text):
        label, key = known_terms.get(m.group("c").replace("’", "'"), ("", ""))
        if label in ("COUNTRY", "DEMONYM"):
            people.country.setdefault(people.resolve(m.group("name")), key)
    return people


_NAME_TITLES = cue_pattern("titles", "name_titles")
_OF_COUNTRY = re.compile(rf"(?P<c>[A-Z][\w-]+)(?:[’']s)?\s+(?:{cue_pattern('titles', 'head_titles')})\s+"
                         r"(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})")
_STOP = frozenset(cue_words("titles", "name_stop_words"))
_NAME_WORD = re.compile(r"[A-Z][a-zà-ÿ’'-]+(?:-[A-Z][a-zà-ÿ’'-]+)?|[A-Z]\.")
_PARTICLE_RE = "|".join(map(re.escape, cue_words("titles", "name_particles")))
# "President Ana da Costa": a lower-case particle inside a titled name
_TITLED = re.compile(rf"(?<![\w.])(?:{_NAME_TITLES})\s+(?P<name>[A-Z][\w’'-]+"
                     rf"(?:\s+(?:[A-Z]\.|(?:(?:{_PARTICLE_RE})\s+)?[A-Z][\w’'-]+)){{0,2}})\b")
_SUFFIXES = frozenset(cue_words("titles", "name_suffixes"))
_POST_NOMINALS = frozenset(cue_words("titles", "post_nominals"))
_PARTICLES = frozenset(cue_words("titles", "name_particles"))
_STOPWORDS = frozenset(cue_words("titles", "ranks") + cue_words("titles", "titles") + cue_words("quotes", "body_heads"))
_STOPWORDS_LOWER = frozenset(w.lower() for w in _STOPWORDS)
_INITIAL = re.compile(r"[A-Z]\.")
