"""Domain gazetteer: countries (names, aliases, demonyms, capitals), organizations, forces,
exercise series and places, from ``data/*.json`` (each file names its source).

``Gazetteer`` holds the tables (built once per process). The spaCy component ``ag_gazetteer``
matches their terms with a ``PhraseMatcher`` over the document's tokens and leaves the hits
on ``doc._.ag_hits`` (a list of ``Hit``) and as spans in ``doc.spans[spans_key]`` (label =
type, ``kb_id_`` = canonical key). ``Gazetteer.find`` gives the same hits for bare text,
tokenized by a blank English pipeline with the same tokenizer rules.
"""

from __future__ import annotations

from dataclasses import dataclass
import re
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any, Literal

from .. import data
from ..text import fold_name, fold_quotes

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

Label = Literal["COUNTRY", "DEMONYM", "CAPITAL", "ORG", "FORCE", "SERIES", "PLACE"]
LABEL_ORDER: dict[str, int] = {"SERIES": 0, "FORCE": 1, "ORG": 2, "COUNTRY": 3, "DEMONYM": 4, "PLACE": 5,
                               "CAPITAL": 6}
HYPHENS = "-–—"
# prefixes that make a name an attitude or a period, not a mention: "pro-Russian", "Anti-NATO"
STANCE_PREFIXES = frozenset({"pro", "anti", "non", "ex", "neo", "post", "pre"})


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    label: Label
    key: str  # canonical: country short name, organization acronym, force/series/place name
    text: str


class Gazetteer:
    """The domain tables and every term that names one of their entries."""

    def __init__(self) -> None:
        self.terms: dict[str, tuple[Label, str]] = {}
        self.country: dict[str, dict[str, Any]] = {}
        self.orgs: dict[str, dict[str, Any]] = {}
        self.series: dict[str, dict[str, Any]] = {}
        self.forces: dict[str, dict[str, Any]] = {}
        self.places: dict[str, dict[str, Any]] = {}
        for c in data.load("countries")["countries"]:
            self.country[c["name"]] = c
            self._add(c["name"], "COUNTRY", c["name"])
            for a in c.get("aliases", []):
                self._add(a, "COUNTRY", c["name"])
            for a in c.get("demonyms", []):
                self._add(a, "DEMONYM", c["name"])
            for a in c.get("capitals", []):
                self._add(a, "CAPITAL", c["name"])
        for o in data.load("organizations")["organizations"]:
            self.orgs[o["acronym"]] = o
            for a in (o["acronym"], o["name"], *o.get("aliases", [])):
                self._add(a, "ORG", o["acronym"])
        for f in data.load("forces")["forces"]:
            self.forces[f["name"]] = f
            for a in (f["name"], f.get("acronym"), *f.get("aliases", [])):
                if a:
                    self._add(a, "FORCE", f["name"])
        for p in data.load("places")["places"]:
            self.places[p["name"]] = p
            for a in (p["name"], *p.get("aliases", [])):
                self._add(a, "PLACE", p["name"])
        for s in data.load("exercise_series")["series"]:
            self.series[s["name"]] = s
            for a in (s["name"], *s.get("aliases", [])):
                if not a.lower().startswith("exercise "):
                    self._add(a, "SERIES", s["name"], override=False)
        self.series_alias: dict[str, str] = {}
        for s in self.series.values():
            for a in (s["name"], *s.get("aliases", [])):
                self.series_alias.setdefault(fold_name(a), s["name"])

    def _add(self, term: str, label: Label, key: str, override: bool = True) -> None:
        term = fold_quotes(term.strip())
        if len(term) < 2:
            return
        if term in self.terms:
            old = self.terms[term]
            if not override or LABEL_ORDER[old[0]] <= LABEL_ORDER[label]:
                return
        self.terms[term] = (label, key)

    def find(self, text: str, offset: int = 0) -> list[Hit]:
        """Every term in ``text`` (case-sensitive, whole tokens), offsets shifted by ``offset``;
        the same hits the ``ag_gazetteer`` component leaves on a parsed document."""
        tokenizer = _blank()
        hits = _component(tokenizer).match(tokenizer.make_doc(text))
        if offset:
            hits = [Hit(h.start + offset, h.end + offset, h.label, h.key, h.text) for h in hits]
        return hits

    def series_for(self, name: str) -> dict[str, Any] | None:
        key = self.series_alias.get(fold_name(name))
        return self.series[key] if key else None

    @cached_property
    def subdivisions(self) -> dict[str, str]:
        """ISO 3166-2 subdivision names (pycountry; folded by :func:`subdivision_key`) -> country
        short name, for names that belong to one country only ("Nord-Kivu" -> DR Congo)."""
        import pycountry

        by_iso = {c["iso2"]: name for name, c in self.country.items() if c.get("iso2")}
        seen: dict[str, set[str]] = {}
        for sub in pycountry.subdivisions:
            country = by_iso.get(sub.country_code)
            if country:
                seen.setdefault(subdivision_key(sub.name), set()).add(country)
        return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1 and len(k) > 3}

    def subdivision_country(self, name: str) -> str | None:
        """The country whose ISO 3166-2 subdivision ``name`` is ("Tillabéri province" -> Niger)."""
        return self.subdivisions.get(subdivision_key(name))

    def bloc_of(self, country: str, year: int | None) -> list[str]:
        """Blocs (CSTO, NATO, SCO) the country belonged to in ``year`` (now when None)."""
        out = []
        for o in self.orgs.values():
            if not o.get("bloc"):
                continue
            for m in o.get("members", []):
                if m["country"] == country and (year is None or (
                        (m.get("from") or 0) <= year and (m.get("to") is None or year <= m["to"]))):
                    out.append(o["bloc"])
                    break
        return out


ADMIN_WORDS = re.compile(r"\s+(?:oblysy|oblast['’]?|oblasty|viloyati|zizhiqu|huizu|hui|uygur|weiwu['’]?er|province|"
                          r"region|state|prefecture|territory|autonomous|islands?|occidental|oriental|shaary|"
                          r"training\s+\w+|range|base|naval\s+base)\b.*$", re.I)


def subdivision_key(name: str) -> str:
    """A region name folded for lookup: ASCII, lower case, administrative words dropped
    ("Zhambyl oblysy", "Zhambyl Region" -> "zhambyl")."""
    from anyascii import anyascii

    return ADMIN_WORDS.sub("", anyascii(name)).casefold().strip()


@cache
def gazetteer() -> Gazetteer:
    return Gazetteer()


def customize_tokenizer(nlp: Language) -> None:
    """Tokens that keep names whole and apart: a hyphen or dash between a word and a number
    ("Eagle-2024" → "Eagle", "-", "2024") so an edition year never hides the series name;
    slashes, em dashes and footnote brackets ("/Country/", "A/B", "—ABC", "NATO.[3]") and a
    full stop after a mixed-case acronym ("PfP.") split off; abbreviated ranks and titles
    (data/cues/titles.json "abbreviations") stay whole."""
    from spacy.util import compile_infix_regex, compile_suffix_regex

    infixes = [*nlp.Defaults.infixes, rf"(?<=[^\W\d_)\]])[{HYPHENS}](?=\d)", rf"[)\]](?=[{HYPHENS}]\d)", r"[/—\[\]]"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    suffixes = [*nlp.Defaults.suffixes, r"(?<=[a-z][A-Z])\.", r"/", r"\[\d+\]"]
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    prefixes = [*nlp.Defaults.prefixes, r"/"]
    from spacy.util import compile_prefix_regex

    nlp.tokenizer.prefix_search = compile_prefix_regex(prefixes).search
    # abbreviated ranks and titles stay one token ("Maj.", not "Maj" + "."), so the parse does not
    # end a sentence after them ("said Maj. Jane Roe")
    from spacy.symbols import ORTH

    for abbr in data.load("cues/titles").get("abbreviations", []):
        nlp.tokenizer.add_special_case(abbr, [{ORTH: abbr}])


class GazetteerComponent:
    """``ag_gazetteer``: gazetteer terms matched over tokens (PhraseMatcher on ORTH)."""

    def __init__(self, nlp: Language, name: str = "ag_gazetteer", spans_key: str = "ag") -> None:
        from spacy.matcher import PhraseMatcher

        self.name, self.spans_key = name, spans_key
        self.gaz = gazetteer()
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.entries: list[tuple[Label, str]] = []
        for term, entry in self.gaz.terms.items():
            variants = {term, term.replace("'", "’")}
            self.matcher.add(str(len(self.entries)), [nlp.make_doc(v) for v in variants])
            self.entries.append(entry)

    def match(self, doc: Doc) -> list[Hit]:
        """Leftmost-longest terms, never overlapping, never after a lower-case or stance prefix
        and a hyphen ("pro-Russian", "Anti-NATO" name no country; "African Union-UN" names the UN)."""
        found = []
        for match_id, start, end in self.matcher(doc):
            if start > 1 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_ \
                    and not doc[start - 2].whitespace_ \
                    and (doc[start - 2].is_lower or doc[start - 2].lower_ in STANCE_PREFIXES):
                continue
            found.append((start, -(end - start), match_id))
        hits: list[Hit] = []
        last = 0
        for start, neg_len, match_id in sorted(found):
            end = start - neg_len
            if start < last:
                continue
            label, key = self.entries[int(doc.vocab.strings[match_id])]
            span = doc[start:end]
            hits.append(Hit(span.start_char, span.end_char, label, key, span.text))
            last = end
        return hits

    def __call__(self, doc: Doc) -> Doc:
        hits = self.match(doc)
        doc._.ag_hits = hits
        doc.spans[self.spans_key] = [doc.char_span(h.start, h.end, label=h.label, kb_id=h.key) for h in hits]
        return doc


def register_component() -> None:
    """Register ``ag_gazetteer`` (config: ``spans_key``) and the ``Doc._.ag_hits`` extension."""
    from spacy.language import Language
    from spacy.tokens import Doc

    if not Doc.has_extension("ag_hits"):
        Doc.set_extension("ag_hits", default=None)
    if "ag_gazetteer" in Language.factories:
        return

    @Language.factory("ag_gazetteer", default_config={"spans_key": "ag"},
                      assigns=["doc.spans", "doc._.ag_hits"])
    def make_gazetteer(nlp: Language, name: str, spans_key: str) -> GazetteerComponent:
        return GazetteerComponent(nlp, name, spans_key)


@cache
def _blank() -> Language:
    import spacy

    nlp = spacy.blank("en")
    customize_tokenizer(nlp)
    return nlp


@cache
def _component(nlp: Language) -> GazetteerComponent:
    register_component()
    return GazetteerComponent(nlp)
