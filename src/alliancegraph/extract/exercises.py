"""Exercise editions: names (known series and unseen ones), years, dates, hosts, organizer,
participants, declined countries, locations, figures, status, kind and scenario — each
value with the span it was read from. Pure: DocContext in, Exercise records out.

Per sentence, name mentions are found; mentions that follow each other with only "and",
commas or an alias in parentheses between them form a group that shares the words after
it ("A-2022, B-2022 and C-2022, held from …"); otherwise each mention reads its own
clause ("A with X; B with Y"). Later sentences that speak of "the drills" without a
name add locations, declined countries and (for a single exercise) figures to the last
group; a descriptor repeated elsewhere ("the bloc's largest ever mountain drills") carries
dates across sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..models import Exercise
from .context import EXERCISE_WORD, DocContext, SentenceInfo
from ..nlp.gazetteer import Hit
from ..text import fold_name
from .temporal import TimeExpr

YEAR = r"(?:19|20)\d\d"
DASH = r"\s?[-–—]\s?"
CAP = r"[A-Z][\w’'.]*"
NAME_WORDS = rf"{CAP}(?:[ -]{CAP}){{0,3}}"
QUOTES = "\"“”‘’'«»"
MODIFIERS = (r"military|joint|annual|naval|air|air-defen[cs]e|defen[cs]e|command|staff|command-staff|and|tactical|"
             r"operational|strategic|peacekeeping|anti-terror(?:ist|ism)|counter-terror(?:ist|ism)|multinational|"
             r"international|large-scale|field|live-fire|special|bilateral|trilateral|combined|computer-assisted|"
             r"snap|readiness|mobilization|search-and-rescue|amphibious|exercise")
EX_WORDS = r"exercises?|drills?|manoeuvres?|maneuvers?|war\s?games"
_YEAR_SUFFIX = re.compile(rf"(?P<name>{NAME_WORDS})(?P<paren>\s*\([^()]{{1,40}}\))?{DASH}(?P<year>{YEAR})\b")
_SPACE_YEAR_QUOTED = re.compile(rf"[{QUOTES}](?P<name>{NAME_WORDS})\s(?P<year>{YEAR})[{QUOTES}]")
_SPACE_YEAR = re.compile(rf"(?P<name>{NAME_WORDS})\s(?P<year>{YEAR})\b(?![-–/]\d)")
_QUOTED = re.compile(rf"[“\"‘«](?P<name>{NAME_WORDS})[”\"’»]\s+(?:(?:{MODIFIERS})\s+){{0,6}}(?:{EX_WORDS})\b")
_BEFORE_WORD = re.compile(rf"(?P<name>{NAME_WORDS})\s+(?:(?:{MODIFIERS})\s+){{0,5}}(?:{EX_WORDS})\b")
_UNNAMED = re.compile(r"\b(?:a|an|the)\s+(?P<joint>joint\s+|multinational\s+|trilateral\s+|bilateral\s+)?"
                      r"(?P<adj>[A-Z][\w-]+)\s+(?P<kind>(?:(?:naval|air|air[- ]defen[cs]e|land|amphibious|border|"
                      r"mountain|counter-terrorism|anti-terrorism|peacekeeping|military|maritime)\s+)+)"
                      r"(?P<word>exercise|drill|manoeuvres?|maneuvers?)\s+with\b")
_NOT_NAMES = {"the", "a", "an", "this", "these", "those", "its", "their", "his", "her", "our", "joint", "military",
              "in", "on", "at", "during", "since", "after", "before", "while", "when", "as", "by", "for", "with",
              "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
              "stage", "part", "vision", "strategy", "agenda", "program", "programme", "plan", "covid",
              "exercise", "exercises", "drill", "drills", "also", "annual", "first", "new", "all", "both", "other",
              "such", "some", "many", "several", "conducting", "holding", "however", "meanwhile"}

DECLINE = re.compile(r"\b(?:(?:is|are|was|were)\s+not\s+(?:taking\s+part|participating|attending|sending)|"
                     r"decided\s+not\s+to\s+(?:participate|take\s+part|join|attend|send)|declined\s+to|"
                     r"refused\s+to\s+(?:participate|take\s+part|join|host|send)|did\s+not\s+(?:participate|take\s+part|"
                     r"join|attend|send)|(?:will|would)\s+not\s+(?:participate|take\s+part|join|attend|send)|"
                     r"skip(?:ped|s)?|pulled\s+out|withdrew\s+from|boycott(?:ed|s)?|is\s+absent|was\s+absent|"
                     r"stayed\s+away|opted\s+out|without\s+the\s+participation\s+of|for\s+the\s+first\s+time\s+without)\b",
                     re.I)
OBSERVER = re.compile(r"\bobservers?\b", re.I)
HOST_BEFORE = re.compile(r"\b(?:host(?:s|ed|ing)?|will\s+host|is\s+hosting|to\s+host)\b", re.I)
HOST_AFTER = re.compile(r"\b(?:hosted\s+by|on\s+the\s+territory\s+of|(?:held|take\s+place|taking\s+place|took\s+place|"
                        r"conducted|being\s+held|will\s+be\s+held|staged|underway|under\s+way)\s+(?:\w+\s+){0,3}?in|"
                        r"drills?\s+in|exercises?\s+in|in\s+the\s+territory\s+of)\s+(?:the\s+)?$", re.I)
ORGANIZER_CUE = re.compile(r"\b(?:within(?:\s+the\s+(?:framework|scope)\s+of)?|with\s+the|under\s+the\s+(?:auspices|aegis)\s+of|"
                           r"organi[sz]ed\s+by|led\s+by|run\s+by)\s+(?:the\s+)?$", re.I)
KINDS = [("command-staff", re.compile(r"command[- ](?:and[- ])?staff", re.I)),
         ("air defence", re.compile(r"air[- ]defen[cs]e", re.I)),
         ("naval", re.compile(r"\bnaval\b|\bmaritime\b|\bsea\b", re.I)),
         ("peacekeeping", re.compile(r"peacekeeping", re.I)),
         ("counter-terrorism", re.compile(r"(?:counter|anti)[- ]terror", re.I)),
         ("field", re.compile(r"\bfield\b|live[- ]fire", re.I))]
CANCEL = re.compile(r"\b(?:cancel(?:l?ed|s)?|call(?:ed)?\s+off|postponed|suspended|scrapped)\b", re.I)
UNDER_WAY = re.compile(r"\b(?:are|is)\s+(?:being\s+held|under\s*way|taking\s+place|ongoing)\b|\bbegan\b.*\bwill\s+last\b",
                       re.I)
SCENARIO = re.compile(r"\bscenario\b[^.;]*", re.I)
SERIES_LEVEL = re.compile(r"\b(?:since|regularly|every\s+year|annually|each\s+year|series\s+of)\b", re.I)
CLAUSE_END = re.compile(r";|[”\"]\s*,?\s*(?:adding|and\s+added|he\s+added|she\s+added)\b|,\s*(?:but|while|although|"
                        r"whereas|however)\b")
SUBJECT_PARTICIPANT = re.compile(r"^(?:[’']s)?\s+(?:(?:\w+\s+){0,3}?)(?:will\s+|would\s+|has\s+|have\s+|had\s+|plans\s+to\s+|is\s+to\s+)?"
                                 r"(?:\w+ly\s+)?(?:engage[sd]?\s+in|take[sn]?\s+part\s+in|took\s+part\s+in|"
                                 r"participat(?:e|es|ed|ing)\s+in|join(?:s|ed)?|conduct(?:s|ed)?|hold(?:s)?|held)\b",
                                 re.I)
PARTICIPATE_LIST = re.compile(r"\b(?:took\s+part|take\s+part|taking\s+part|participat\w+|came\s+from|arrived\s+from|"
                              r"contribut\w+|br(?:ing|ings|ought)\s+together|gather\w*|send(?:s|ing)?|sent|"
                              r"contingents?\s+(?:from|of)|troops\s+from|units\s+from|forces\s+from|involv\w+|"
                              r"joined|are\s+sending|sent\s+(?:troops|units|contingents))\b", re.I)
GROUP_GAP = re.compile(rf"^[\s,;]*(?:(?:and|as\s+well\s+as|along\s+with)\s+)?(?:the\s+)?[{QUOTES}\s]*$", re.I)


@dataclass
class Mention:
    start: int
    end: int
    names: list[str]
    year: int | None
    info: SentenceInfo
    unnamed: bool = False
    series: str | None = None
    scope: tuple[int, int] = (0, 0)  # the clause it reads attributes from
    group: int = 0
    locations: list[tuple[str, int, int]] = field(default_factory=list)  # implied by the name itself


@dataclass
class Draft:
    """An exercise edition being assembled from the mentions of one document."""

    record: Exercise
    mentions: list[Mention] = field(default_factory=list)


def _clean_name(raw: str) -> str:
    words = raw.strip(QUOTES + " ").split()
    while words and words[0].lower() in _NOT_NAMES:
        words.pop(0)
    return " ".join(words)


def _is_entity(ctx: DocContext, info: SentenceInfo, start: int, end: int) -> bool:
    """The name is only countries, organizations, demonyms or places: not an exercise name."""
    hits = info.hits_in(start, end, "COUNTRY", "DEMONYM", "ORG", "CAPITAL", "PLACE", "FORCE")
    covered = sum(h.end - h.start for h in hits)
    letters = len(re.sub(r"[^\w]", "", ctx.document.text[start:end]))
    return covered > 0 and covered >= letters * 0.6


def find_mentions(ctx: DocContext, info: SentenceInfo) -> list[Mention]:
    text, base = info.text, info.start
    if not EXERCISE_WORD.search(text) and not info.hits_in(info.start, info.sentence.end, "SERIES"):
        return []
    found: list[Mention] = []

    def overlaps(s: int, e: int) -> bool:
        return any(s < m.end and m.start < e for m in found)

    def add(s: int, e: int, names: list[str], year: int | None, unnamed: bool = False) -> None:
        names = [n for n in (_clean_name(x) for x in names) if n and n.lower() not in _NOT_NAMES]
        if not names or overlaps(s, e):
            return
        if not unnamed and _is_entity(ctx, info, s, s + len(names[0]) if text[s - base:].startswith(names[0]) else e):
            return
        found.append(Mention(s, e, names, year, info, unnamed))

    has_ex_word = bool(EXERCISE_WORD.search(text))
    # 1. Name-YYYY, Name (Alias/Alias)-YYYY; "Step (Cobalt-2023)" makes Step an alias of Cobalt
    for m in _YEAR_SUFFIX.finditer(text):
        name = m.group("name")
        series = ctx.gaz.series_for(_clean_name(name))
        quoted = text[max(0, m.start() - 1):m.start()] in QUOTES and m.start() > 0
        if not (has_ex_word or series or quoted):
            continue
        names = [name]
        if m.group("paren"):
            names += [p for p in re.split(r"[/,;]", m.group("paren").strip(" ()")) if p.strip()]
        s, e = base + m.start("name"), base + m.end()
        outer = re.search(rf"({CAP})\s*\($", text[:m.start()])
        if outer and text[m.end():m.end() + 1] == ")":
            names.append(outer.group(1))
            s, e = base + outer.start(1), e + 1
        add(s, e, list(dict.fromkeys(n.strip() for n in names)), int(m.group("year")))
    for m in _SPACE_YEAR_QUOTED.finditer(text):
        add(base + m.start("name"), base + m.end("year"), [m.group("name")], int(m.group("year")))
    # unseen "Iron Anchor 2023": proper nouns then a year, in a sentence about an exercise
    if has_ex_word and ctx.spacy_doc is not None:
        for m in _SPACE_YEAR.finditer(text):
            name = _clean_name(m.group("name"))
            if not name or name.split()[0].lower() in _NOT_NAMES:
                continue
            s = base + m.start("name") + m.group("name").find(name)
            span = ctx.spacy_doc.char_span(s, s + len(name), alignment_mode="expand")
            if span is not None and all(t.pos_ == "PROPN" for t in span):
                add(s, base + m.end("year"), [name], int(m.group("year")))
    # 2. known series anywhere ("Nerushimoe Bratstvo 2021", "the Poisk field exercises")
    for h in info.hits_in(info.start, info.sentence.end, "SERIES"):
        after = ctx.document.text[h.end:h.end + 40]
        ym = re.match(rf"(?:{DASH}|\s)({YEAR})\b", after)
        strong = " " in h.text or ym or re.match(rf"\s+(?:(?:{MODIFIERS})\s+){{0,5}}(?:{EX_WORDS})\b", after) \
            or (h.start > 0 and ctx.document.text[h.start - 1] in QUOTES)  # at 0 the slice is "", in any str
        if strong:
            add(h.start, h.end + (ym.end() if ym else 0), [h.text], int(ym.group(1)) if ym else None)
    # 3. quoted names before an exercise word: the “Gobi Watch” exercise
    for m in _QUOTED.finditer(text):
        add(base + m.start("name"), base + m.end("name"), [m.group("name")], None)
    # 4. Proper names before an exercise word: "their yearly Khaan Quest field exercise"
    doc = ctx.spacy_doc
    for m in _BEFORE_WORD.finditer(text):
        name = _clean_name(m.group("name"))
        if not name:
            continue
        s = base + m.start("name") + m.group("name").find(name)
        e = s + len(name)
        if doc is not None:
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is None or not all(t.pos_ == "PROPN" for t in span):
                continue
        add(s, e, [name], None)
    # 5. unnamed: "a joint Baltic naval exercise with A, B and C"
    for m in _UNNAMED.finditer(text):
        adj = m.group("adj")
        if adj.lower() in _NOT_NAMES:
            continue
        kind = " ".join(m.group("kind").split())
        name = f"{adj} {kind} exercise".replace(" military exercise", " exercise")
        names = [name]
        if m.group("joint"):
            names.append(f"{m.group('joint').strip().capitalize()} {name}")
        found.append(Mention(base + m.start("adj"), base + m.end("word"), names, None, info, unnamed=True))
        sea = f"{adj} Sea"
        if sea in ctx.gaz.places:
            found[-1].locations.append((sea, base + m.start("adj"), base + m.end("adj")))
    for mt in found:
        mt.series = ctx.gaz.series_for(mt.names[0]) and ctx.gaz.series_for(mt.names[0])["name"]  # type: ignore[index]
        if mt.series is None:
            for n in mt.names[1:]:
                s = ctx.gaz.series_for(n)
                if s:
                    mt.series = s["name"]
                    break
    found.sort(key=lambda x: x.start)
    _assign_scopes(ctx, info, found)
    return found


def _assign_scopes(ctx: DocContext, info: SentenceInfo, ms: list[Mention]) -> None:
    """Clause of each mention: up to the next mention (or group of coordinated mentions)."""
    text = ctx.document.text
    end_of_sentence = info.sentence.end
    group = 0
    for i, m in enumerate(ms):
        if i and not GROUP_GAP.match(re.sub(r"\([^()]*\)", "", text[ms[i - 1].end:m.start])):
            group += 1
        m.group = group
    for i, m in enumerate(ms):
        same = [x for x in ms if x.group == m.group]
        nxt = next((x for x in ms if x.group > m.group), None)
        last = same[-1]
        stop = nxt.start if nxt else end_of_sentence
        boundary = CLAUSE_END.search(text, last.end, stop)
        if boundary:
            stop = boundary.start()
        m.scope = (last.end, stop)


def _countries(ctx: DocContext, info: SentenceInfo, start: int, end: int) -> list[tuple[str, Hit]]:
    out = []
    for h in info.hits_in(start, end, "COUNTRY", "DEMONYM"):
        # "Azerbaijan-Armenia conflicts": a pair of countries joined by a hyphen is not a participant list
        txt = ctx.document.text
        if txt[h.end:h.end + 1] == "-" or txt[h.start - 1:h.start] == "-":
            continue
        out.append((h.key, h))
    return out


def _subject_participants(ctx: DocContext, info: SentenceInfo, start: int, end: int) -> list[tuple[str, Hit]]:
    """"Mongolia will take part in …", "Uzbekistan has often joined …"."""
    text = ctx.document.text
    out = []
    for k, h in _countries(ctx, info, start, end):
        after = text[h.end:min(info.sentence.end, h.end + 80)]
        m = SUBJECT_PARTICIPANT.match(after)
        if h.label == "COUNTRY" and m and not re.search(r"\b(?:not|never|no\s+longer)\b", m.group(0)):
            out.append((k, h))
    return out


def _host_in(ctx: DocContext, info: SentenceInfo, start: int, end: int, loose: bool = True
             ) -> list[tuple[str, Hit]]:
    """Countries named as where it is held: "held in X", "on the territory of X", "X hosted"."""
    text = ctx.document.text
    out = []
    for key, h in _countries(ctx, info, start, end):
        before = text[max(info.start, h.start - 60):h.start]
        after = text[h.end:min(info.sentence.end, h.end + 40)]
        if h.label == "COUNTRY" and HOST_AFTER.search(before):
            out.append((key, h))
        elif h.label == "COUNTRY" and re.match(r"(?:[’']s)?\s+(?:\w+\s+){0,2}?(?:host(?:s|ed|ing)?|will\s+host|is\s+hosting)\b",
                                               after):
            out.append((key, h))
    for h in info.hits_in(start, end, "CAPITAL", "PLACE"):
        cap = ctx.gaz.country.get(ctx.gaz.terms.get(h.text, ("", ""))[1])
        after = text[h.end:min(info.sentence.end, h.end + 30)]
        if cap and re.match(r"\s+(?:will\s+host|hosted|hosts|is\s+hosting)\b", after):
            out.append((cap["name"], h))
    if not out and loose:
        # within an exercise's own clause: "… in northern Norway", "at the Donguz range in Russia's Orenburg region", "outside Ulaanbaatar"
        for h in info.hits_in(start, end, "COUNTRY", "PLACE", "CAPITAL"):
            before = text[max(info.start, h.start - 25):h.start]
            if not re.search(r"\b(?:in|across|off|outside|near|at)\s+(?:the\s+)?(?:(?:northern|southern|eastern|western|"
                             r"central|north|south|east|west)\s+)?$", before):
                continue
            if h.label == "COUNTRY":
                country = h.key
            else:
                place = ctx.gaz.places.get(h.key) or {}
                country = place.get("country") or next(
                    (c["name"] for c in ctx.gaz.country.values() if h.text in c.get("capitals", [])), None)
            if country and country not in [k for k, _ in out]:
                out.append((country, h))
                break
    return out


def _sentence_host(ctx: DocContext, info: SentenceInfo) -> list[tuple[str, Hit]]:
    """A country that hosts in this sentence: "Kazakhstan hosted …", "hosted by Kazakhstan"."""
    return _host_in(ctx, info, info.start, info.sentence.end, loose=False)


def _organizer(ctx: DocContext, info: SentenceInfo, start: int, end: int, cue: bool = False
               ) -> tuple[str, Hit] | None:
    """The organization running it: after a cue ("within the framework of the CSTO", "with the
    CSTO peacekeeping forces"), or (cue=False) any organization in the span given."""
    text = ctx.document.text
    orgs = [h for h in info.hits_in(start, end, "ORG", "FORCE")
            if not cue or ORGANIZER_CUE.search(text[max(info.start, h.start - 45):h.start])]
    for h in orgs:
        key = h.key if h.label == "ORG" else ctx.gaz.forces[h.key].get("organization")
        if key and key in ("CSTO", "NATO", "SCO", "UN", "CIS", "EU", "OSCE", "AU", "ECOWAS", "ASEAN", "OTS", "GCC"):
            return key, h
    return None


_LOC_LIST = re.compile(rf"(?P<items>{CAP}(?:(?:,\s*|\s+and\s+){CAP}){{0,4}})\s+(?P<kind>provinces|regions|oblasts|"
                       rf"training\s+ranges|ranges|training\s+grounds|polygons|province|region|oblast|training\s+range|"
                       rf"range|training\s+ground)\b")


def _locations(ctx: DocContext, info: SentenceInfo, start: int, end: int) -> list[tuple[str, int, int]]:
    text = ctx.document.text
    out: list[tuple[str, int, int]] = []
    seg = text[start:end]
    for m in _LOC_LIST.finditer(seg):
        kind = m.group("kind").lower()
        singular = {"provinces": "Province", "regions": "Region", "oblasts": "Oblast", "ranges": "range",
                    "training ranges": "training range", "training grounds": "training ground",
                    "polygons": "polygon"}.get(kind, kind if kind.islower() else kind)
        if kind in ("province", "region", "oblast"):
            singular = kind.capitalize()
        for item in re.split(r",\s*|\s+and\s+", m.group("items")):
            item = item.strip()
            if item and item.lower() not in _NOT_NAMES:
                s = start + m.start("items") + m.group("items").find(item)
                out.append((f"{item} {singular}", s, s + len(item)))
    for h in info.hits_in(start, end, "PLACE"):
        place = ctx.gaz.places.get(h.key, {})
        if place.get("kind") in ("city", "capital") and not re.search(r"\b(?:at|near|in|outside)\s+$",
                                                                         text[max(0, h.start - 10):h.start]):
            continue
        if not any(s <= h.start < e for _, s, e in out):
            out.append((h.key, h.start, h.end))
    return out


def _apply_time(rec: Exercise, t: TimeExpr, ctx: DocContext, info: SentenceInfo, field_text: str = "") -> None:
    ev = ctx.evidence(t.start, t.end, info.sentence)
    before = ctx.document.text[max(info.start, t.start - 25):t.start].lower()
    if t.finish is not None:
        rec.start, rec.end = t.begin, t.finish
        rec.add_evidence("start", ev)
        rec.add_evidence("end", ev)
    elif re.search(r"\b(?:until|till|through|ended|ends|end|concluded|closed|close|closes|wraps?\s+up)\b[^.]*$", before):
        rec.end = t.begin
        rec.add_evidence("end", ev)
    elif re.search(r"\b(?:began|begins|started|starts|opened|from|kicked\s+off)\b[^.]*$", before):
        rec.start = t.begin
        rec.add_evidence("start", ev)
    elif t.begin.precision != "year":
        rec.start = rec.end = t.begin
        rec.add_evidence("start", ev)
        rec.add_evidence("end", ev)


def _edition_time(times: list[TimeExpr], year: int | None) -> list[TimeExpr]:
    """Times in a clause that can date the edition (not citations, not "since 2004")."""
    out = []
    for t in times:
        if t.begin.precision == "year" and t.finish is None:
            continue
        if year is not None and t.begin.year != year and t.last.year != year:
            continue
        out.append(t)
    return out


def extract_exercises(ctx: DocContext) -> list[Exercise]:
    drafts: dict[tuple[str, int | None], Draft] = {}
    order: list[tuple[str, int | None]] = []
    last_group: list[Draft] = []
    descriptor_sentences: list[SentenceInfo] = []
    context_host: tuple[str, Hit, SentenceInfo] | None = None
    context_part: tuple[str, Hit, SentenceInfo] | None = None
    pub = ctx.published
    text = ctx.document.text
    for info in ctx.sents:
        mentions = find_mentions(ctx, info)
        sentence_hosts = _sentence_host(ctx, info)
        if not mentions:
            near = bool(last_group) and info.sentence.index - last_group[-1].mentions[-1].info.sentence.index <= 2
            if near and not EXERCISE_WORD.search(info.text):
                _anaphora(ctx, info, last_group, named=False)
            if EXERCISE_WORD.search(info.text):
                # "Mongolia will host several joint drills": context for a list that follows
                if sentence_hosts:
                    context_host = (sentence_hosts[0][0], sentence_hosts[0][1], info)
                subj = _subject_participants(ctx, info, info.start, info.sentence.end)
                if subj:
                    context_part = (subj[0][0], subj[0][1], info)
                _anaphora(ctx, info, last_group)
                descriptor_sentences.append(info)
            continue
        group_drafts: list[Draft] = []
        siblings_years = {m.year for m in mentions if m.year}
        for m in mentions:
            name = m.series or m.names[0]
            year = m.year
            scope_s, scope_e = m.scope
            prefix = (info.start, min(x.start for x in mentions))
            clause_times = [t for t in info.times if scope_s <= t.start < scope_e or prefix[0] <= t.start < prefix[1]]
            if year is None:
                dated = _edition_time(clause_times, None)
                if dated and not SERIES_LEVEL.search(info.text[:m.start - info.start]):
                    year = dated[0].last.year if dated[0].finish else dated[0].begin.year
                elif m.unnamed and len(siblings_years) == 1:
                    year = next(iter(siblings_years))
                elif re.search(r"\bthis\s+year\b", info.text) and pub:
                    year = pub.year
                else:
                    same = [k for k in order if k[0] == name and k[1] is not None]
                    if len(same) == 1 and not SERIES_LEVEL.search(info.text):
                        year = same[0][1]
            if m.unnamed and year is None:
                continue
            key = (name, year)
            if key not in drafts:
                series = ctx.gaz.series.get(m.series) if m.series else None
                rec = Exercise(name=name, year=year)
                if series:
                    rec.aliases = [a for a in series.get("aliases", []) if a != name]
                    rec.kind = series.get("kind")
                drafts[key] = Draft(rec)
                order.append(key)
            d = drafts[key]
            d.mentions.append(m)
            rec = d.record
            ev = ctx.evidence(m.start, m.end, info.sentence)
            rec.add_evidence("", ev)
            rec.add_evidence("name", ev)
            for n in m.names:
                if fold_name(n) != fold_name(rec.name) and n not in rec.aliases:
                    rec.aliases.append(n)
            # dates
            for t in _edition_time(clause_times, year):
                if rec.start is None and rec.end is None:
                    _apply_time(rec, t, ctx, info)
            # hosts: in its clause, else in the sentence, else the article's context host
            hosts = _host_in(ctx, info, scope_s, scope_e) or sentence_hosts
            if not hosts and context_host and context_host[2].paragraph >= info.paragraph - 3:
                hosts = [(context_host[0], context_host[1])]
                ev_info = context_host[2]
            else:
                ev_info = info
            for key_c, h in hosts:
                _add_list(rec, "hosts", key_c, ctx.evidence(h.start, h.end, ev_info.sentence))
            # participants: hosts, countries of its clause, the article's context participant
            for key_c, h in hosts:
                _add_list(rec, "participants", key_c, ctx.evidence(h.start, h.end, ev_info.sentence))
            for key_c, h in _subject_participants(ctx, info, *prefix):
                _add_list(rec, "participants", key_c, ctx.evidence(h.start, h.end, info.sentence))
            for key_c, h in _countries(ctx, info, scope_s, scope_e):
                if not _is_excluded(ctx, info, h):
                    _add_list(rec, "participants", key_c, ctx.evidence(h.start, h.end, info.sentence))
            if context_part and context_part[2].paragraph == info.paragraph:
                _add_list(rec, "participants", context_part[0],
                          ctx.evidence(context_part[1].start, context_part[1].end, context_part[2].sentence))
            # organizer
            org = _organizer(ctx, info, scope_s, scope_e, cue=True) or _organizer(ctx, info, *prefix, cue=True) \
                or _organizer(ctx, info, max(prefix[0], m.start - 45), m.start)
            if org and rec.organizer is None:
                rec.organizer = org[0]
                rec.add_evidence("organizer", ctx.evidence(org[1].start, org[1].end, info.sentence))
            elif rec.organizer is None and m.series and ctx.gaz.series[m.series].get("organizer"):
                rec.organizer = ctx.gaz.series[m.series]["organizer"]
            for loc, s, e in m.locations + _locations(ctx, info, scope_s, scope_e):
                _add_list(rec, "locations", loc, ctx.evidence(s, e, info.sentence))
            figures = [f for f in info.figures if scope_s <= f.start < scope_e]
            if len([x for x in mentions if x.group == m.group]) == 1:
                _apply_figures(ctx, info, rec, figures)
            clause = text[m.start:scope_e]
            for kind, pat in KINDS:
                if pat.search(text[max(info.start, m.start - 25):m.start] + clause) and (
                        rec.kind is None or rec.kind == "mixed"):
                    rec.kind = kind
                    break
            sc = SCENARIO.search(clause)
            if sc and rec.scenario is None:
                rec.scenario = sc.group(0).strip()
            _status(ctx, info, rec, clause, context_future=bool(
                context_host and context_host[2].tense == "future" and context_host[2].paragraph >= info.paragraph - 1))
            if d not in group_drafts:
                group_drafts.append(d)
        # the sentence's own "decided not to participate"
        _declined(ctx, info, group_drafts)
        last_group = group_drafts
    for info in descriptor_sentences:
        _descriptor_dates(ctx, info, drafts)
    for key in [k for k in order if k[1] is None]:
        editions = [k for k in order if k[0] == key[0] and k[1] is not None]
        if len(editions) == 1:  # "the BALTOPS exercise" in an article about BALTOPS 2023
            drafts[editions[0]].record.absorb(drafts.pop(key).record)
            order.remove(key)
    return [drafts[k].record for k in order]


def _add_list(rec: Exercise, field_name: str, value: str, ev: object) -> None:
    values: list[str] = getattr(rec, field_name)
    if value not in values:
        values.append(value)
    rec.add_evidence(field_name, ev)  # type: ignore[arg-type]


def _is_excluded(ctx: DocContext, info: SentenceInfo, h: Hit) -> bool:
    """Observers, countries that declined, and countries in "X-Y conflict" are not participants."""
    text = ctx.document.text
    window = text[h.start:min(info.sentence.end, h.end + 60)]
    before = text[max(info.start, h.start - 40):h.start]
    return bool(OBSERVER.search(window[:40]) or DECLINE.search(window) or DECLINE.search(before)
                or re.search(r"\b(?:against|versus|conflict\s+with|war\s+with|border\s+with)\s+(?:the\s+)?$", before))


def _apply_figures(ctx: DocContext, info: SentenceInfo, rec: Exercise, figures: list) -> None:  # type: ignore[type-arg]
    for f in figures:
        before = ctx.document.text[max(info.start, f.start - 40):f.start].lower()
        if re.search(r"\b(?:assigned|total\s+number|in\s+theory|can\s+offer)\b", before):
            continue  # force sizes, not the exercise's
        ev = ctx.evidence(f.start, f.end, info.sentence)
        if f.kind == "personnel" and rec.personnel is None:
            rec.personnel = f.value
            rec.add_evidence("personnel", ev)
        elif f.kind == "equipment" and rec.equipment is None:
            rec.equipment = f.value
            rec.add_evidence("equipment", ev)


def _status(ctx: DocContext, info: SentenceInfo, rec: Exercise, clause: str, context_future: bool = False) -> None:
    pub = ctx.published
    if CANCEL.search(info.text):
        rec.status = "cancelled"
        return
    if rec.status == "cancelled":
        return
    if UNDER_WAY.search(info.text):
        rec.status = "under way"
    elif pub and rec.start and rec.start.value > pub.value[:len(rec.start.value)]:
        rec.status = "planned"
    elif info.tense == "future" and rec.status is None:
        rec.status = "planned"
    elif pub and rec.end and rec.end.value < pub.value[:len(rec.end.value)]:
        rec.status = "held"
    elif info.tense == "past" and rec.status is None:
        rec.status = "held"
    elif rec.status is None and pub and rec.year is not None:
        if rec.year > pub.year or (rec.year == pub.year and context_future):
            rec.status = "planned"
        elif rec.year < pub.year:
            rec.status = "held"


def _declined(ctx: DocContext, info: SentenceInfo, group: list[Draft]) -> None:
    m = DECLINE.search(info.text)
    if not m or not group:
        return
    text = ctx.document.text
    for key_c, h in _countries(ctx, info, info.start, info.sentence.end):
        between = text[min(h.end, info.start + m.start()):max(h.start, info.start + m.start())]
        if len(between) > 80 and not text[info.start + m.end():h.start].strip().startswith(("of", "the")):
            continue
        # "in the drills in Belarus": a country named as the place is not the one declining
        if HOST_AFTER.search(text[max(info.start, h.start - 40):h.start]):
            continue
        for d in group:
            rec = d.record
            if key_c in rec.participants:
                continue
            _add_list(rec, "declined", key_c, ctx.evidence(h.start, h.end, info.sentence))


def _anaphora(ctx: DocContext, info: SentenceInfo, group: list[Draft], named: bool = True) -> None:
    """"the drills held near Brest and Grodno", "Georgia chose not to take part
    in the drills": a sentence about the last named exercises without naming them."""
    if not group or (named and not re.search(r"\b(?:the|these|those|this|both|this\s+year[’']s)\s+(?:\w+\s+){0,2}?"
                                             r"(?:exercises?|drills?|manoeuvres?|maneuvers?|edition|war\s?games?)\b",
                                             info.text, re.I)):
        return
    if named:  # "Georgia chose not to take part in the drills held near Brest"
        _declined(ctx, info, group)
    if len(group) == 1:
        rec = group[0].record
        text = ctx.document.text
        # "contingents came from A, B and C", "troops from A and B took part"
        if PARTICIPATE_LIST.search(info.text):
            for key_c, h in _countries(ctx, info, info.start, info.sentence.end):
                if not _is_excluded(ctx, info, h):
                    _add_list(rec, "participants", key_c, ctx.evidence(h.start, h.end, info.sentence))
        for t in info.times:
            before = text[max(info.start, t.start - 30):t.start]
            if re.search(r"\b(?:opened|began|begins|started|starts|kicked\s+off|opens)\b", before) and rec.start is None:
                rec.start = t.begin
                rec.add_evidence("start", ctx.evidence(t.start, t.end, info.sentence))
            elif re.search(r"\b(?:ended|ends|closed|closes|close|concluded|wrapped\s+up|until|runs\s+until|"
                           r"will\s+last\s+until)\b", before) and rec.end is None:
                rec.end = t.last
                rec.add_evidence("end", ctx.evidence(t.start, t.end, info.sentence))
    if not named and not PARTICIPATE_LIST.search(info.text):
        return  # a sentence that neither names the exercise nor speaks of taking part in it
    if named:
        locs = _locations(ctx, info, info.start, info.sentence.end)
        for d in group:
            for loc, s, e in locs:
                _add_list(d.record, "locations", loc, ctx.evidence(s, e, info.sentence))
    if len(group) == 1:
        _apply_figures(ctx, info, group[0].record, info.figures)


_DESCRIPTOR = re.compile(rf"\b(?:the|its|their)\s+((?:[\w’'-]+\s+){{1,4}}?(?:{EX_WORDS}))\b", re.I)


def _descriptor_dates(ctx: DocContext, info: SentenceInfo, drafts: dict[tuple[str, int | None], Draft]) -> None:
    """"staging the bloc's largest ever mountain drills from May 3 to May 9" dates the
    named edition whose sentence uses the same descriptor."""
    ranges = [t for t in info.times if t.finish is not None]
    if not ranges:
        return
    for m in _DESCRIPTOR.finditer(info.text):
        desc = m.group(1).lower()
        if len(desc.split()) < 3:
            continue
        targets = [d for d in drafts.values() if d.record.start is None and d.record.year is not None
                   and any(desc in x.info.text.lower() for x in d.mentions)
                   and ranges[0].begin.year == d.record.year]
        if len(targets) == 1:
            _apply_time(targets[0].record, ranges[0], ctx, info)
