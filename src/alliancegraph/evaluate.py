"""Scoring extracted records against gold annotations, both in the ``alliancegraph-eval/1``
exchange form (what ``export --format eval`` writes), by the matching rules of that format's
specification (../shared/eval/SCHEMA.md):

* records of a type are paired one to one, greedily, strongest rule first, then the pair whose
  attributes agree best, then document order (gold, then predicted);
* exercises pair on a shared name or alias (folded: case, accents, quotes, punctuation, years
  and the words exercise/drill dropped) and an equal year; agreements on a shared name or alias
  (strength 1) or on equal party sets and an equal date (0.5); deployments on the host, the year
  of start when both give one, and a shared sender when both list senders (1 + overlap of the
  names' words), else on the names' word overlap; quotes on the speaker's last name and at least
  half of the gold quotation's words (strength: that share);
* in a pair every attribute the gold record fills is scored (the exercise year and the
  deployment host are not: the pairing forced them equal): scalars by equality (dates at the
  gold's precision), lists by set F1, aliases by recall, quotation text by prefix, locations
  one to one by similarity >= 0.8 once generic words (range, region, …) are dropped, a gold
  location "A | B" standing for one place spelt either way;
* per type precision, recall and F1 of the pairing; per attribute the mean score; overall the
  micro F1 over all types and the mean of every attribute score.

``alliancegraph evaluate --gold GOLD.json [--db KB | --pred PRED.json] [--json]`` prints it.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from .errors import AllianceGraphError

SCHEMA_ID = "alliancegraph-eval/1"
Kind = Literal["name", "names", "entity", "entities", "int", "date", "locations", "ids", "speaker", "text"]
RECORD_TYPES: dict[str, dict[str, Kind]] = {
    "exercises": {"name": "name", "aliases": "names", "year": "int", "start": "date", "end": "date",
                  "hosts": "entities", "organizer": "entity", "participants": "entities", "declined": "entities",
                  "locations": "locations", "personnel": "int", "equipment": "int", "sources": "ids"},
    "deployments": {"name": "name", "senders": "entities", "host": "entity", "requested_by": "entity",
                    "start": "date", "end": "date", "personnel": "int", "sources": "ids"},
    "agreements": {"name": "name", "aliases": "names", "parties": "entities", "date": "date", "place": "entity",
                   "sources": "ids"},
    "quotes": {"speaker": "speaker", "text": "text", "sources": "ids"},
}
DOCUMENT_FIELDS: dict[str, Kind] = {"id": "text", "published": "date", "title": "text"}
REQUIRED = {"exercises": {"name"}, "deployments": {"name", "host"}, "agreements": {"name"},
            "quotes": {"speaker", "text"}, "documents": set()}
UNSCORED = {"exercises": {"year"}, "deployments": {"host"}}  # equal in every pair by the pairing rule
LIST_KINDS = {"names", "entities", "locations", "ids"}

# -- folding ---------------------------------------------------------------------------------------
_DROP = set("\"'`´‘’‚‛“”„‟«»‹›ʼʹ′")  # quotation marks and apostrophes vanish: "unit's" is "units"
_LETTERS = {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "æ": "ae", "œ": "oe"}  # no NFKD decomposition
_YEAR = re.compile(r"(?:19|20)\d\d")
_ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_NAME_NOISE = {"the", "exercise", "exercises", "drill", "drills"}
_FUNCTION_WORDS = {"a", "an", "and", "at", "for", "in", "into", "of", "on", "to"}
_GENERIC_PLACE = {"the", "range", "ranges", "training", "ground", "grounds", "center", "centers", "centre",
                  "centres", "polygon", "region", "province", "oblast", "area", "military"}
# the usual variants of country names the format folds (not demonyms: those are the extractor's job)
_COUNTRY_VARIANTS = {
    "Russia": ["Russian Federation"], "Türkiye": ["Turkey", "Turkiye"], "Kyrgyzstan": ["Kyrgyz Republic"],
    "Belarus": ["Republic of Belarus"], "Iran": ["Islamic Republic of Iran"],
    "United States": ["US", "U.S.", "USA", "U.S.A.", "United States of America", "America"],
    "United Kingdom": ["UK", "U.K.", "Britain", "Great Britain"],
}


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case without accents or quotation marks; every other punctuation, symbol, space or
    control character separates words; words joined by one space."""
    chars = []
    for c in unicodedata.normalize("NFKD", text).casefold():
        c = _LETTERS.get(c, c)
        if c in _DROP or unicodedata.combining(c):
            continue
        chars.append(" " if unicodedata.category(c)[0] in "PSZC" else c)
    return " ".join("".join(chars).split())


def name_key(name: str) -> str:
    """A record name folded, without years and the words the/exercise(s)/drill(s)."""
    return " ".join(w for w in fold(name).split() if w not in _NAME_NOISE and not _YEAR.fullmatch(w))


def _strip_the(text: str) -> str:
    return " ".join(w for w in fold(text).split() if w != "the")


_COUNTRY_KEY = {_strip_the(v): _strip_the(k) for k, vs in _COUNTRY_VARIANTS.items() for v in (k, *vs)}


def entity_key(name: str) -> str:
    """A country, organization, person or place folded, "the" dropped, country variants unified."""
    key = _strip_the(name)
    return _COUNTRY_KEY.get(key, key)


def date_key(value: str) -> str:
    """An ISO date of year, month or day precision with zero-padded parts ("2012-9" -> "2012-09")."""
    m = _ISO.fullmatch(value.strip())
    if not m:
        return value.strip()
    return "-".join([m.group(1), *(part.zfill(2) for part in m.groups()[1:] if part)])


def place_key(name: str) -> str:
    """A location folded without generic words (range, region, oblast, …); all generic: kept whole."""
    folded = fold(name)
    return " ".join(w for w in folded.split() if w not in _GENERIC_PLACE) or folded


def is_filled(value: Any) -> bool:
    """Whether a value is given: not null, not blank, a list with a given item."""
    if isinstance(value, list):
        return any(is_filled(v) for v in value)
    return value is not None and str(value).strip() != ""


# -- attribute scores ------------------------------------------------------------------------------

def _f1(gold: Iterable[str], pred: Iterable[str]) -> float:
    g, p = set(gold) - {""}, set(pred) - {""}
    if not g and not p:
        return 1.0
    return 2 * len(g & p) / (len(g) + len(p))


def _take_greedily(candidates: Iterable[tuple[Any, int, int]]) -> list[tuple[int, int]]:
    """One-to-one pairs from (order key, left index, right index), smallest key first."""
    left: set[int] = set()
    right: set[int] = set()
    pairs = []
    for _key, i, j in sorted(candidates):
        if i not in left and j not in right:
            left.add(i)
            right.add(j)
            pairs.append((i, j))
    return pairs


def locations_score(gold: Sequence[str], pred: Sequence[str]) -> float:
    places = sorted({tuple(sorted({place_key(alt) for alt in g.split(" | ")} - {""})) for g in gold} - {()})
    found = sorted({place_key(p) for p in pred} - {""})
    if not places and not found:
        return 1.0
    candidates = []
    for i, spellings in enumerate(places):
        for j, p in enumerate(found):
            similarity = max(difflib.SequenceMatcher(None, s, p).ratio() for s in spellings)
            if similarity >= 0.8:
                candidates.append((-similarity, i, j))
    return 2 * len(_take_greedily(candidates)) / (len(places) + len(found))


def _text_score(gold: str, pred: str) -> float:
    g, p = fold(gold).split(), fold(pred).split()
    n = min(len(g), len(p))
    return 1.0 if n and g[:n] == p[:n] else 0.0


_SCALAR_KEY: dict[str, Callable[[Any], Any]] = {"name": name_key, "entity": entity_key, "speaker": fold,
                                                "date": date_key, "int": lambda v: v}
_ITEM_KEY: dict[str, Callable[[str], str]] = {"entities": entity_key, "ids": str.strip}


def attribute_score(kind: Kind, gold: Any, pred: Any) -> float:
    """0..1: how well the predicted value ``pred`` gives the gold value ``gold`` (which is filled)."""
    if kind == "locations":
        return locations_score(gold, pred or [])
    if kind == "names":
        wanted = {name_key(x) for x in gold} - {""}
        if not wanted:
            return 1.0
        return len(wanted & {name_key(x) for x in pred or []}) / len(wanted)
    if kind in _ITEM_KEY:
        key = _ITEM_KEY[kind]
        return _f1(map(key, gold), map(key, pred or []))
    if pred is None:
        return 0.0
    if kind == "text":
        return _text_score(gold, pred)
    key = _SCALAR_KEY[kind]
    return 1.0 if key(gold) == key(pred) else 0.0


def attribute_scores(rtype: str, gold: dict[str, Any], pred: dict[str, Any]) -> dict[str, float]:
    return {f: attribute_score(kind, gold.get(f), pred.get(f)) for f, kind in RECORD_TYPES[rtype].items()
            if f not in UNSCORED.get(rtype, ()) and is_filled(gold.get(f))}


# -- pairing rules ---------------------------------------------------------------------------------

def _names(record: dict[str, Any]) -> set[str]:
    return {name_key(n) for n in [record.get("name") or "", *(record.get("aliases") or [])]} - {""}


def _entities(values: list[str] | None) -> set[str]:
    return {entity_key(v) for v in values or []} - {""}


def _exercise_rule(g: dict[str, Any], p: dict[str, Any]) -> float | None:
    return 1.0 if g.get("year") == p.get("year") and _names(g) & _names(p) else None


def _agreement_rule(g: dict[str, Any], p: dict[str, Any]) -> float | None:
    if _names(g) & _names(p):
        return 1.0
    parties = _entities(g.get("parties"))
    if not parties or parties != _entities(p.get("parties")):
        return None
    gd, pd = g.get("date"), p.get("date")
    return 0.5 if is_filled(gd) and is_filled(pd) and date_key(gd) == date_key(pd) else None


def _deployment_rule(g: dict[str, Any], p: dict[str, Any]) -> float | None:
    if entity_key(g["host"]) != entity_key(p["host"]):
        return None
    both_start = is_filled(g.get("start")) and is_filled(p.get("start"))
    if both_start and date_key(g["start"])[:4] != date_key(p["start"])[:4]:
        return None
    gw, pw = (set(name_key(r["name"]).split()) - _FUNCTION_WORDS for r in (g, p))
    overlap = 2 * len(gw & pw) / (len(gw) + len(pw)) if gw or pw else 0.0
    gs, ps = _entities(g.get("senders")), _entities(p.get("senders"))
    if gs and ps:
        return 1.0 + overlap if gs & ps else None
    return overlap if overlap >= 0.5 or both_start else None


def _quote_rule(g: dict[str, Any], p: dict[str, Any]) -> float | None:
    g_last, p_last = fold(g["speaker"]).split()[-1:], fold(p["speaker"]).split()[-1:]
    if not g_last or g_last != p_last:
        return None
    words = set(fold(g["text"]).split())
    share = len(words & set(fold(p["text"]).split())) / len(words) if words else 0.0
    return share if share >= 0.5 else None


RULES: dict[str, Callable[[dict[str, Any], dict[str, Any]], float | None]] = {
    "exercises": _exercise_rule, "deployments": _deployment_rule, "agreements": _agreement_rule,
    "quotes": _quote_rule}


# -- scoring ---------------------------------------------------------------------------------------

def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _share(a: int, b: int) -> float | None:
    return a / b if b else None


@dataclass
class TypeScore:
    gold: int
    pred: int
    matched: int
    attributes: dict[str, list[float]]
    missed: list[dict[str, Any]] = field(default_factory=list)
    unmatched: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"gold": self.gold, "pred": self.pred, "matched": self.matched,
                "precision": _share(self.matched, self.pred), "recall": _share(self.matched, self.gold),
                "f1": _share(2 * self.matched, self.gold + self.pred),
                "attributes": {f: {"mean": _mean(v), "n": len(v)} for f, v in self.attributes.items()}}


def score_type(rtype: str, gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> TypeScore:
    rule = RULES[rtype]
    candidates, scores = [], {}
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            strength = rule(g, p)
            if strength is None:
                continue
            scores[i, j] = attribute_scores(rtype, g, p)
            agreement = _mean(list(scores[i, j].values())) or 0.0
            candidates.append(((-strength, -agreement), i, j))
    pairs = sorted(_take_greedily((key, i, j) for key, i, j in candidates))
    attributes = {f: [scores[ij][f] for ij in pairs if f in scores[ij]]
                  for f in RECORD_TYPES[rtype] if f not in UNSCORED.get(rtype, ())}
    paired_gold, paired_pred = {i for i, _ in pairs}, {j for _, j in pairs}
    return TypeScore(len(gold), len(pred), len(pairs), attributes,
                     [g for i, g in enumerate(gold) if i not in paired_gold],
                     [p for j, p in enumerate(pred) if j not in paired_pred])


def evaluate(gold: dict[str, Any], pred: dict[str, Any]) -> dict[str, Any]:
    """Scores of ``pred`` against ``gold`` (both valid exchange dicts): per type and overall."""
    per_type = {t: score_type(t, gold.get(t) or [], pred.get(t) or []) for t in RECORD_TYPES}
    g, p, k = (sum(getattr(s, x) for s in per_type.values()) for x in ("gold", "pred", "matched"))
    every = [v for s in per_type.values() for values in s.attributes.values() for v in values]
    return {"types": {t: s.as_dict() for t, s in per_type.items()},
            "overall": {"gold": g, "pred": p, "matched": k, "precision": _share(k, p), "recall": _share(k, g),
                        "micro_f1": _share(2 * k, g + p), "attr": _mean(every), "attr_n": len(every)},
            "missed": {t: [describe(t, r) for r in s.missed] for t, s in per_type.items()},
            "unmatched": {t: [describe(t, r) for r in s.unmatched] for t, s in per_type.items()}}


def describe(rtype: str, record: dict[str, Any]) -> str:
    sources = ",".join(record.get("sources") or [])
    if rtype == "quotes":
        return f"{record['speaker']}: \"{record['text'][:60]}\" [{sources}]"
    when = next((record[k] for k in ("year", "date", "start") if record.get(k) is not None), "?")
    where = f" in {record['host']}" if rtype == "deployments" else ""
    return f"{record['name']}{where} ({when}) [{sources}]"


# -- reading exchange files ------------------------------------------------------------------------

class EvalFileError(AllianceGraphError):
    """An exchange file that is not valid ``alliancegraph-eval/1``; ``problems`` lists why."""

    def __init__(self, path: str, problems: list[str]) -> None:
        self.problems = problems
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{more}", source=path,
                         hint=f"fix it to follow {SCHEMA_ID} (the form `alliancegraph export --format eval` writes)")


def _json_type(value: Any) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", int: "integer", float: "number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _field_problem(value: Any, kind: Kind, required: bool) -> str | None:
    if value is None:
        return "is required" if required else None
    if kind in LIST_KINDS:
        if not isinstance(value, list):
            return f"must be an array of strings, not {_json_type(value)}"
        wrong = [x for x in value if not isinstance(x, str)]
        return f"must hold strings only, not {_json_type(wrong[0])}" if wrong else None
    if kind == "int":
        return None if type(value) is int else f"must be an integer or null, not {_json_type(value)}"
    if not isinstance(value, str):
        return f"must be a string, not {_json_type(value)}"
    if kind == "date" and not _ISO.fullmatch(value.strip()):
        return f"must be a date YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}"
    return None


def problems(data: Any) -> list[str]:
    """Why ``data`` is not a valid exchange object (empty when it is)."""
    if not isinstance(data, dict):
        return [f"the top level must be a JSON object, not {_json_type(data)}"]
    found = []
    if data.get("schema") != SCHEMA_ID:
        found.append(f"\"schema\" must be \"{SCHEMA_ID}\", not {data.get('schema')!r}")
    for rtype, fields in {**RECORD_TYPES, "documents": DOCUMENT_FIELDS}.items():
        records = data.get(rtype)
        if records is None:
            continue
        if not isinstance(records, list):
            found.append(f"{rtype} must be an array, not {_json_type(records)}")
            continue
        for i, rec in enumerate(records):
            if not isinstance(rec, dict):
                found.append(f"{rtype}[{i}] must be an object, not {_json_type(rec)}")
                continue
            for name, kind in fields.items():
                why = _field_problem(rec.get(name), kind, name in REQUIRED[rtype])
                if why:
                    found.append(f"{rtype}[{i}].{name} {why}")
    return found


def load_exchange(path: str | Path) -> dict[str, Any]:
    """Read and check one exchange file; :class:`EvalFileError` says what is wrong with it."""
    where = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise EvalFileError(where, [f"cannot be read ({exc.strerror or exc})"]) from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise EvalFileError(where, [f"is not JSON ({exc})"]) from exc
    found = problems(data)
    if found:
        raise EvalFileError(where, found)
    return data  # type: ignore[no-any-return]


def render(result: dict[str, Any], details: bool = False) -> str:
    """The scores as a text table ending with an ``overall:`` line."""
    def num(x: float | None) -> str:
        return "-" if x is None else f"{x:.3f}"

    lines = [f"{'records':<13}{'gold':>6}{'pred':>6}{'match':>7}{'prec':>8}{'rec':>8}{'f1':>8}"]
    o = result["overall"]
    rows = [*result["types"].items(), ("all (micro)", {**o, "f1": o["micro_f1"]})]
    for name, r in rows:
        lines.append(f"{name:<13}{r['gold']:>6}{r['pred']:>6}{r['matched']:>7}{num(r['precision']):>8}"
                     f"{num(r['recall']):>8}{num(r['f1']):>8}")
    lines += ["", "attributes of matched records (mean score where the gold fills it)"]
    for rtype, r in result["types"].items():
        for f, a in r["attributes"].items():
            lines.append(f"  {rtype + '.' + f:<26}{num(a['mean']):>7}  (n={a['n']})")
    if details:
        for rtype in RECORD_TYPES:
            lines += [f"  missed {rtype}: {x}" for x in result["missed"][rtype]]
            lines += [f"  unmatched predicted {rtype}: {x}" for x in result["unmatched"][rtype]]
    lines += ["", f"overall: micro_f1={o['micro_f1'] or 0:.3f} attr={o['attr'] or 0:.3f}"]
    return "\n".join(lines)
