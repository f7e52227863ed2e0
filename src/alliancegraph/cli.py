"""The command line: parse, call the library, print text or --json, set the exit code."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from collections.abc import Callable
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from .config import Settings
from .errors import AllianceGraphError

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Build and query a source-linked knowledge base of security cooperation.")
out = Console(highlight=False, soft_wrap=True)
if not out.is_terminal:
    out = Console(highlight=False, soft_wrap=True, width=160)  # piped: tables need not fit a terminal
err = Console(stderr=True, highlight=False, soft_wrap=True)

DbOpt = Annotated[str | None, typer.Option("--db", help="Database URL or SQLite path [env ALLIANCEGRAPH_DB; "
                                                        "default ./alliancegraph.db].", show_default=False)]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
MachineOnlyOpt = Annotated[bool, typer.Option("--machine-only", help="The extractor's records alone, without the "
                                                                     "analysts' reviews.")]


def fail(message: str, code: int = 1) -> NoReturn:
    err.print(Text(f"error: {message}"))
    raise typer.Exit(code)


def print_rows(rows: list[dict[str, Any]], as_json: bool, line: Callable[[dict[str, Any]], str],
               empty: str) -> None:
    """A list command's output: the rows as JSON, or one line each (``empty`` when there are none)."""
    if as_json:
        out.print_json(data=rows)
        return
    if not rows:
        out.print(empty)
    for row in rows:
        out.print(Text(line(row)))


def open_store(db: str | None, settings: Settings | None = None, *, create: bool = False) -> Any:
    """The knowledge base at ``--db``; only commands that write (``create``) may start a new one."""
    from .store import Store

    settings = settings or Settings.load(db=db)
    try:
        return Store(settings.db, must_exist=not create)
    except AllianceGraphError as exc:
        fail(exc.line())


@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders (recursive) or http(s) URLs.",
                                                show_default=False)],
    db: DbOpt = None,
    published: Annotated[str | None, typer.Option(help="Publication date for all inputs (YYYY[-MM[-DD]]), "
                                                       "overriding inference.")] = None,
    max_bytes: Annotated[int | None, typer.Option(help="Largest file accepted, in bytes.")] = None,
    dask: Annotated[str | None, typer.Option("--dask", help="Run NLP and extraction on Dask: local, local:N or "
                                                           "tcp://SCHEDULER:8786.")] = None,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Let URLs point at private or loopback "
                                                                        "addresses.")] = False,
) -> None:
    """Read articles, extract their records and store them (a re-run stores only what is new)."""
    from . import workflow
    from .ingest.pubdate import parse_published_option

    if published:
        try:
            parse_published_option(published)
        except ValueError as exc:
            fail(f"--published {exc}", 2)
    settings = Settings.load(db=db, max_bytes=max_bytes, allow_private=allow_private or None)
    store = open_store(db, settings, create=True)
    with Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("ingesting", total=None)

        def progress(advance: int, total: int | None, label: str) -> None:
            bar.update(task, advance=advance, description=f"ingesting {Path(label).name[:40]}")

        piece_task: list[Any] = []  # the bar of the long document being parsed, if any
        told: dict[str, int] = {}

        def pieces(source: str, done: int, total: int) -> None:
            """Progress within a long document: a bar on a terminal, else a line every 10%."""
            name = Path(source).name[:40]
            if bar.disable:
                tenth = done * 10 // total
                if tenth > told.get(source, 0):
                    told[source] = tenth
                    err.print(Text(f"parsing {name}: {tenth * 10}% of {total:,} characters"))
                return
            if not piece_task:
                piece_task.append(bar.add_task(f"parsing {name} (characters)", total=total))
            bar.update(piece_task[0], completed=done, total=total)
            if done >= total:
                bar.remove_task(piece_task.pop())

        executor = None
        try:
            if dask:
                from .scale.dask import DaskExecutor

                executor = DaskExecutor(dask)
            report = workflow.ingest(inputs, settings, store, published=published, progress=progress,
                                     executor=executor, pieces=pieces)
        except AllianceGraphError as exc:
            fail(exc.line())
        finally:
            if executor is not None:
                executor.close()
    for line in report.failed:
        err.print(Text(f"error: {line}"))
    for line in report.warnings:
        err.print(Text(f"warning: {line}"))
    for r in report.stored:
        note = f" (new version of {r.existing_id})" if r.status == "version" else ""
        out.print(Text(f"stored {r.document_id}{note}"))
    dup = len(report.duplicates)
    summary = f"{report.new} new document(s) stored"
    if dup:
        summary += f"; {dup} already stored, skipped"
    if report.failed:
        summary += f"; {len(report.failed)} input(s) refused"
    out.print(Text(summary))
    store.close()
    if report.failed and report.new == 0:
        raise typer.Exit(1)


@app.command()
def search(query: Annotated[str, typer.Argument(help="Words to find.")], db: DbOpt = None,
           limit: Annotated[int, typer.Option(min=1, max=1000)] = 10, as_json: JsonOpt = False) -> None:
    """Full-text search over documents, best match first, with highlighted snippets."""
    store = open_store(db)
    hits = store.search(query, limit)
    if as_json:
        out.print_json(data=[{"id": h.document_id, "title": h.title, "score": round(h.score, 4),
                              "snippet": "".join(f"<mark>{t}</mark>" if hl else t for t, hl in h.parts())}
                             for h in hits])
        return
    if not hits:
        out.print(f"no document matches {query!r}")
        return
    for h in hits:
        out.print(Text.assemble((h.document_id, "bold cyan"), "  ", (h.title or "", "bold")))
        out.print(Text.assemble("  ", *[(t, "black on yellow") if hl else t for t, hl in h.parts()]))


@app.command()
def docs(db: DbOpt = None, as_json: JsonOpt = False,
         all_versions: Annotated[bool, typer.Option("--all-versions", help="Include replaced versions.")] = False
         ) -> None:
    """List stored documents with their inferred publication dates."""
    store = open_store(db)
    rows = store.documents(include_old=all_versions)
    if as_json:
        from .query.serialize import document_summary_json

        out.print_json(data=[document_summary_json(r) for r in rows])
        return
    table = Table("id", "published", "title", "words", "rule")
    table.columns[0].no_wrap = True
    for r in rows:
        table.add_row(r.id, r.published or "?", (r.title or "")[:60], str(r.word_count), r.published_rule or "")
    out.print(table)


@app.command()
def show(doc_id: Annotated[str, typer.Argument(help="Document id (see `docs`).")], db: DbOpt = None,
         as_json: JsonOpt = False,
         sentences: Annotated[bool, typer.Option("--sentences", help="Number the sentences.")] = False) -> None:
    """Show one document: metadata and text."""
    store = open_store(db)
    d = store.get_document(doc_id)
    if d is None:
        fail(f"no document {doc_id!r} — list the ids with `alliancegraph docs`")
    pub = d.published
    if as_json:
        from .query.serialize import document_json

        out.print_json(data=document_json(d))
        return
    out.print(Text(d.title or d.id, style="bold"))
    out.print(Text(f"id {d.id}  version {d.version}  source {d.source}"))
    out.print(Text(f"outlet {d.outlet or '?'}  published {pub.value if pub else '?'}"
                   f"{f' ({pub.rule})' if pub else ''}"))
    out.print()
    if sentences:
        for s in d.sentences:
            out.print(Text(f"[{s.index}] {s.text}"))
    else:
        out.print(Text(d.text))


@app.command()
def stats(db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """Counts of documents, sentences and records."""
    store = open_store(db)
    counts = store.stats()
    if as_json:
        out.print_json(data=counts)
        return
    for k, v in counts.items():
        out.print(f"{k:>18}  {v}")


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="eval, csv, json, graphml or geojson.")] = "eval",
    db: DbOpt = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write [stdout].")] = None,
    machine_only: MachineOnlyOpt = False,
) -> None:
    """Export the knowledge base (eval: the alliancegraph-eval/1 JSON; csv, json, graphml, geojson)
    with the analysts' reviews applied (rejected records left out), or --machine-only."""
    from .export import EXPORTERS
    from .export.formats import render

    if fmt not in EXPORTERS:
        fail(f"unknown format {fmt!r}; choose one of: {', '.join(sorted(EXPORTERS))}", 2)
    store = open_store(db)
    text, _media = render(fmt, store.machine_only() if machine_only else store)
    if output is None:
        sys.stdout.write(text)
    else:
        tmp = output.with_name(output.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(output)
        out.print(Text(f"wrote {output}"))


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Option("--gold", help="Gold annotations in the alliancegraph-eval/1 form.",
                                       show_default=False)],
    db: DbOpt = None,
    pred: Annotated[Path | None, typer.Option("--pred", help="Score this alliancegraph-eval/1 file instead of "
                                                             "the knowledge base.", show_default=False)] = None,
    details: Annotated[bool, typer.Option("--details", help="List missed and unmatched records.")] = False,
    machine_only: MachineOnlyOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Score the knowledge base's records (or --pred) against gold annotations: precision, recall
    and F1 per record type, mean score per attribute (the alliancegraph-eval/1 matching rules)."""
    from .evaluate import EvalFileError, evaluate as score, load_exchange, render

    try:
        gold_data = load_exchange(gold)
        if pred is not None:
            pred_data = load_exchange(pred)
        else:
            from .export import EXPORTERS

            store = open_store(db)
            pred_data = EXPORTERS["eval"](store.machine_only() if machine_only else store)
    except EvalFileError as exc:
        for problem in exc.problems[1:20]:
            err.print(Text(f"error: {exc.source}: {problem}"))
        fail(exc.line(), 2)
    result = score(gold_data, pred_data)
    if as_json:
        if not details:
            result = {k: v for k, v in result.items() if k in ("types", "overall")}
        sys.stdout.write(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        return
    out.print(Text(render(result, details)))


@app.command()
def vectors(
    country: Annotated[str, typer.Argument(help="Country name (or demonym).")],
    db: DbOpt = None,
    year_from: Annotated[int | None, typer.Option("--from", help="First year.")] = None,
    year_to: Annotated[int | None, typer.Option("--to", help="Last year.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """A country's engagements (exercises, deployments, agreements) per year, counted once per bloc
    each involves (the organizer's bloc, else the other parties' blocs), with evidence."""
    from .query import vectors as compute

    store = open_store(db)
    try:
        result = compute(store, country, year_from, year_to)
    except LookupError as exc:
        fail(f"{exc} — check the spelling (e.g. Kazakhstan, Türkiye, United States)")
    if as_json:
        out.print_json(data=result)
        return
    span = f"{year_from or '…'}–{year_to or '…'}"
    out.print(Text(f"{result['country']} {span}: {len(result['engagements'])} engagement(s)", style="bold"))
    out.print(Text(result["rule"], style="dim"))
    table = Table("year", *result["blocs"], "engagements")
    for row in result["years"]:
        table.add_row(str(row["year"] or "undated"), *(str(row[b]) for b in result["blocs"]), str(row["engagements"]))
    out.print(table)
    for e in result["engagements"]:
        where = ", ".join(sorted({ev["document"] for ev in e["evidence"]}))
        out.print(Text(f"  {e['year'] or '—'}  {'/'.join(e['blocs']):<10} {e['type']:<10} {e['title']} "
                       f"({e['role']}) [{where}]"))


@app.command()
def entities(db: DbOpt = None,
             type_: Annotated[str | None, typer.Option("--type", help="country, organization, force, person, "
                                                                      "place or series.")] = None,
             as_json: JsonOpt = False) -> None:
    """Canonical entities with their other names and how often they are mentioned."""
    store = open_store(db)
    rows = store.entities(type_)
    if as_json:
        out.print_json(data=rows)
        return
    table = Table("id", "type", "name", "mentions", "aliases")
    table.columns[0].no_wrap = True
    for e in rows:
        table.add_row(e["id"], e["type"], e["name"], str(e["mentions"]), ", ".join(e["aliases"][:6]))
    out.print(table)


@app.command()
def records(type_: Annotated[str, typer.Argument(metavar="TYPE", help="exercise, deployment, agreement, quote or "
                                                                      "citation.")],
            db: DbOpt = None, as_json: JsonOpt = False,
            hidden: Annotated[bool, typer.Option("--hidden", help="Include records an analyst rejected or merged "
                                                                  "into another.")] = False) -> None:
    """Resolved records of one type, with their sources, disputed fields and review status."""
    from .models import RECORD_TYPES, record_to_dict

    kind = type_.rstrip("s") if type_.rstrip("s") in RECORD_TYPES else type_
    if kind not in RECORD_TYPES:
        fail(f"unknown record type {type_!r}; choose one of: {', '.join(RECORD_TYPES)}", 2)
    store = open_store(db)
    recs = store.records(kind, hidden=hidden)
    if as_json:
        data = []
        for r in recs:
            d = record_to_dict(r)
            d.pop("evidence")
            data.append(d)
        out.print_json(data=data)
        return
    for r in recs:
        d = record_to_dict(r)
        title = d.get("name") or f"{d.get('speaker')}: {str(d.get('text'))[:70]}" or d.get("outlet")
        year = d.get("year") or ""
        flag = f"  disputed: {', '.join(r.disputes)}" if r.disputes else ""
        review = f"  ({r.review})" if r.review != "machine" else ""
        out.print(Text.assemble((r.id, "cyan"), f"  {title} {year}  [{', '.join(r.sources)}]", (flag, "yellow"),
                                review))


@app.command()
def disputes(db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """Fields on which sources disagree: every value with the documents that give it."""
    store = open_store(db)
    rows = [{"record": r.id, "name": getattr(r, "name", "") or getattr(r, "speaker", ""),
             "year": getattr(r, "year", None), "fields": r.disputes} for r in store.records() if r.disputes]
    if as_json:
        out.print_json(data=rows)
        return
    if not rows:
        out.print("no disputed fields")
    for row in rows:
        out.print(Text(f"{row['record']}  {row['name']} {row['year'] or ''}", style="bold"))
        for fname, values in row["fields"].items():
            shown = "  vs  ".join(f"{v['value']} ({', '.join(v['sources'])})" for v in values)
            out.print(Text(f"  {fname}: {shown}"))


@app.command()
def dump(file: Annotated[Path, typer.Argument(help="File to write (.jsonl, or .jsonl.gz).")], db: DbOpt = None) -> None:
    """Write the whole knowledge base to a file (restore it with `alliancegraph restore`)."""
    from .store.dump import dump as write_dump

    n = write_dump(open_store(db), file)
    out.print(Text(f"dumped {n} rows to {file}"))


@app.command()
def restore(file: Annotated[Path, typer.Argument(help="A file written by `alliancegraph dump`.")],
            db: DbOpt = None) -> None:
    """Load a dump into an empty knowledge base."""
    from .store.dump import restore as load_dump

    if not file.is_file():
        fail(f"{file}: no such file — pass a file written by `alliancegraph dump`")
    store = open_store(db, create=True)
    try:
        n = load_dump(store, file)
    except AllianceGraphError as exc:
        fail(exc.line())
    out.print(Text(f"restored {n} rows into {store.url}"))


@app.command()
def synth(docs: Annotated[int, typer.Option("--docs", min=1, help="How many articles.")] = 1000,
          output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write them to.")] = Path("synth"),
          seed: Annotated[int, typer.Option(help="Random seed (same seed, same corpus).")] = 1) -> None:
    """Write a synthetic corpus varied from the demo corpus, for scale tests."""
    from .scale.synth import write

    n = write(docs, output, seed)
    out.print(Text(f"wrote {n} articles to {output}"))


@app.command()
def resolve(db: DbOpt = None,
            all_: Annotated[bool, typer.Option("--all", help="Resolve every document from scratch instead of only "
                                                            "what changed since the last resolution.")] = False,
            as_json: JsonOpt = False) -> None:
    """Merge records across documents again: what changed since the last resolution, or --all."""
    from . import workflow

    store = open_store(db)
    counts = workflow.resolve_all(store) if all_ else workflow.resolve_changes(store)
    if as_json:
        out.print_json(data=counts)
        return
    out.print(Text(f"{counts.get('records', 0)} record(s) merged, {counts.get('changed', 0)} changed, "
                   f"{counts.get('deleted', 0)} removed, from {counts.get('documents', 0)} document(s)"))


@app.command()
def remove(doc_id: Annotated[str, typer.Argument(help="Document id (see `docs --all-versions`).")],
           db: DbOpt = None) -> None:
    """Delete one stored document (its previous version becomes current) and re-merge what it gave."""
    store = open_store(db)
    counts = store.remove_document(doc_id)
    if counts is None:
        fail(f"no document {doc_id!r} — list the ids with `alliancegraph docs --all-versions`")
    out.print(Text(f"removed {doc_id}; {counts.get('changed', 0)} record(s) changed, "
                   f"{counts.get('deleted', 0)} removed"))


@app.command()
def watch(
    feeds: Annotated[list[str] | None, typer.Argument(help="RSS or Atom feed URLs.", show_default=False)] = None,
    feed_file: Annotated[Path | None, typer.Option("--feeds", help="TOML file of feeds: [[feed]] tables with "
                                                                   "url (and name).", show_default=False)] = None,
    db: DbOpt = None,
    once: Annotated[bool, typer.Option("--once", help="Poll every feed once and exit (for cron).")] = False,
    every: Annotated[str | None, typer.Option("--every", help="Poll again after this long (15m, 1h, 90s) until "
                                                              "stopped with Ctrl-C or SIGTERM.")] = None,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Let feeds and articles be fetched "
                                                                        "from private or loopback addresses.")] = False,
) -> None:
    """Follow RSS/Atom feeds: new articles are fetched, extracted, stored and resolved; alert
    matches are printed as JSON lines on stdout, logs as JSON lines on stderr."""
    from .ingest.feeds import feed_list
    from .query.alerts import alert_line
    from .watch import Watcher, json_log, parse_every

    if once == (every is not None):
        fail("pass either --once or --every DURATION (e.g. --every 15m)", 2)
    try:
        specs = feed_list(list(feeds or []), feed_file)
        interval = parse_every(every) if every is not None else None
    except AllianceGraphError as exc:
        fail(exc.line(), 2)
    settings = Settings.load(db=db, allow_private=allow_private or None)
    store = open_store(db, settings, create=True)

    def emit(alert: dict[str, Any]) -> None:
        sys.stdout.write(alert_line(alert) + "\n")
        sys.stdout.flush()

    report = Watcher(store, settings, specs, log=json_log(), emit_alert=emit).run(interval)
    store.close()
    if once and report.failed and len(report.failed) == report.feeds:
        raise typer.Exit(1)  # every feed failed: let cron say so


alerts_app = typer.Typer(no_args_is_help=True, help="Alert rules and the alerts they raised.")
app.add_typer(alerts_app, name="alerts")


@alerts_app.command("add")
def alerts_add(
    db: DbOpt = None,
    type_: Annotated[list[str] | None, typer.Option("--type", help="Record type (exercise, deployment, agreement, "
                                                                  "quote); repeat for several.")] = None,
    country: Annotated[str | None, typer.Option(help="A country taking part (name or demonym).")] = None,
    organization: Annotated[str | None, typer.Option(help="An organization taking part (CSTO, NATO, SCO …).")] = None,
    words: Annotated[str | None, typer.Option(help="Words the record must contain.")] = None,
    new_only: Annotated[bool, typer.Option("--new-only", help="Only new records, not changes to known ones.")] = False,
    name: Annotated[str | None, typer.Option(help="What to call the rule [made from the conditions].")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Add a rule, e.g. `alerts add --type exercise --type deployment --country Kazakhstan` or
    `alerts add --type agreement --organization CSTO`. It sees records from now on."""
    from .query.alerts import RuleError, make_rule

    store = open_store(db, create=True)
    try:
        rule = make_rule(store, name=name, types=type_, country=country, organization=organization, words=words,
                         on_changed=not new_only)
    except RuleError as exc:
        fail(str(exc), 2)
    if as_json:
        out.print_json(data=rule)
        return
    out.print(Text(f"rule {rule['id']}: {rule['name']}"))


@alerts_app.command("list")
def alerts_list(db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """The alert rules."""
    from .store.watch import rules

    print_rows(rules(open_store(db)), as_json, lambda r: f"{r['id']:>4}  {r['name']}",
               "no alert rules; add one with `alliancegraph alerts add`")


@alerts_app.command("remove")
def alerts_remove(rule_id: Annotated[int, typer.Argument(help="Rule number (see `alerts list`).")],
                  db: DbOpt = None) -> None:
    """Delete a rule and its alerts."""
    from .store.watch import remove_rule

    if not remove_rule(open_store(db), rule_id):
        fail(f"no alert rule {rule_id} — list them with `alliancegraph alerts list`")
    out.print(Text(f"removed rule {rule_id}"))


@alerts_app.command("check")
def alerts_check(db: DbOpt = None) -> None:
    """Run the rules over records created or changed since they last looked (watch does this after
    every poll); new alerts are printed as JSON lines."""
    from .query.alerts import alert_line, check

    for a in check(open_store(db)):
        sys.stdout.write(alert_line(a) + "\n")


@alerts_app.command("show")
def alerts_show(db: DbOpt = None, after: Annotated[int, typer.Option(help="Only alerts with a larger id.")] = 0,
                limit: Annotated[int, typer.Option(min=1, max=10_000)] = 50) -> None:
    """Alerts raised so far, oldest first, as JSON lines."""
    from .query.alerts import alert_line
    from .store.watch import alerts

    for a in reversed(alerts(open_store(db), after=after, limit=limit)):
        sys.stdout.write(alert_line(a) + "\n")


@app.command()
def reextract(db: DbOpt = None) -> None:
    """Run the current extractor again over every stored document (after an upgrade), then
    resolve from scratch; the analysts' reviews are applied on top of the new output."""
    from . import workflow

    settings = Settings.load(db=db)
    store = open_store(db, settings)
    with Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("re-extracting", total=None)
        told = [0]

        def progress(advance: int, total: int | None, label: str) -> None:
            bar.update(task, advance=advance, total=total, description=f"re-extracting {Path(label).name[:40]}")
            if bar.disable and total:
                told[0] += advance
                if advance:
                    err.print(Text(f"re-extracted {told[0]} of {total} document(s)"))

        report = workflow.reextract(store, settings, progress=progress)
    for line in report.failed:
        err.print(Text(f"error: {line}"))
    r = report.resolved
    out.print(Text(f"re-extracted {report.documents} document(s); {r.get('records', 0)} record(s), "
                   f"{r.get('changed', 0)} changed, {r.get('deleted', 0)} removed; reviews applied"))
    flagged = store.reviews(flagged=True)
    if flagged:
        out.print(Text(f"{len(flagged)} review(s) need a second look: `alliancegraph review list --flagged`"))
    store.close()
    if report.failed and not report.documents:
        raise typer.Exit(1)


review_app = typer.Typer(no_args_is_help=True, help="Review records: confirm, correct, reject, merge, split, add; "
                                                    "kept through re-extraction.")
app.add_typer(review_app, name="review")
AuthorOpt = Annotated[str | None, typer.Option("--author", help="Who reviews [env ALLIANCEGRAPH_AUTHOR, else the "
                                                                "login name].", show_default=False)]
ReasonOpt = Annotated[str | None, typer.Option("--reason", help="Why (shown in the record's history).")]
IfMatchOpt = Annotated[str | None, typer.Option("--if-match", help="Only if the record's ETag is still this "
                                                                   "(see `review show`).")]


def _author(author: str | None) -> str:
    import getpass
    import os

    return author or os.environ.get("ALLIANCEGRAPH_AUTHOR") or getpass.getuser()


def _review(db: str | None, action: str, record_id: str | None, as_json: bool, **kwargs: Any) -> None:
    from .resolve.overrides import ReviewError
    from .store.reviews import ConflictError

    store = open_store(db)
    try:
        result = store.review(action, record_id, **kwargs)
    except KeyError as exc:
        fail(f"no record or document {str(exc.args[0])[:80]!r} — list ids with `alliancegraph records TYPE`")
    except ReviewError as exc:
        fail(str(exc), 2)
    except ConflictError as exc:
        fail(str(exc), 3)
    if as_json:
        out.print_json(data=result)
        return
    ov = result["override"]
    what = f"{ov['action']} {ov['field'] or ''} {ov['op'] or ''}".replace("  ", " ").strip()
    extra = f"; new record {result['new_record']}" if result.get("new_record") else ""
    out.print(Text(f"{result['record']}: {what} (review {ov['id']} by {ov['author']}){extra}"))


@review_app.command("confirm")
def review_confirm(record_id: Annotated[str, typer.Argument(help="Record id.")], db: DbOpt = None,
                   author: AuthorOpt = None, reason: ReasonOpt = None, if_match: IfMatchOpt = None,
                   as_json: JsonOpt = False) -> None:
    """The record is right as it stands (what the machine says now becomes the baseline)."""
    _review(db, "confirm", record_id, as_json, author=_author(author), reason=reason, if_match=if_match)


@review_app.command("reject")
def review_reject(record_id: Annotated[str, typer.Argument(help="Record id.")], db: DbOpt = None,
                  author: AuthorOpt = None, reason: ReasonOpt = None, if_match: IfMatchOpt = None,
                  as_json: JsonOpt = False) -> None:
    """The record is wrong: kept, hidden from lists and exports (`review confirm` takes it back)."""
    _review(db, "reject", record_id, as_json, author=_author(author), reason=reason, if_match=if_match)


@review_app.command("correct")
def review_correct(record_id: Annotated[str, typer.Argument(help="Record id.")],
                   field_name: Annotated[str, typer.Argument(metavar="FIELD", help="Field, e.g. participants, year.")],
                   value: Annotated[str | None, typer.Argument(help="The value (a list with --set: items "
                                                                    "separated by ';'; empty clears it).")] = None,
                   add: Annotated[bool, typer.Option("--add", help="Add the value to a list.")] = False,
                   remove: Annotated[bool, typer.Option("--remove", help="Remove the value from a list "
                                                                         "(or clear a field).")] = False,
                   db: DbOpt = None, author: AuthorOpt = None, reason: ReasonOpt = None,
                   if_match: IfMatchOpt = None, as_json: JsonOpt = False) -> None:
    """Correct one field: set it (default), or --add / --remove one value of a list."""
    if add and remove:
        fail("--add or --remove, not both", 2)
    op = "add" if add else "remove" if remove else "set"
    _review(db, "correct", record_id, as_json, author=_author(author), reason=reason, if_match=if_match,
            field=field_name, op=op, value=value)


@review_app.command("merge")
def review_merge(record_id: Annotated[str, typer.Argument(help="The record that stays.")],
                 other_id: Annotated[str, typer.Argument(help="The record that is the same real thing.")],
                 db: DbOpt = None, author: AuthorOpt = None, reason: ReasonOpt = None, if_match: IfMatchOpt = None,
                 as_json: JsonOpt = False) -> None:
    """Two records are one real thing: the second is merged into the first."""
    _review(db, "merge", record_id, as_json, author=_author(author), reason=reason, if_match=if_match,
            other_id=other_id)


@review_app.command("split")
def review_split(record_id: Annotated[str, typer.Argument(help="The record that fused two things.")],
                 documents: Annotated[list[str], typer.Argument(help="Source documents that tell of the other "
                                                                     "thing.")],
                 db: DbOpt = None, author: AuthorOpt = None, reason: ReasonOpt = None, if_match: IfMatchOpt = None,
                 as_json: JsonOpt = False) -> None:
    """A record fused two things: what the given documents say becomes a record of its own."""
    _review(db, "split", record_id, as_json, author=_author(author), reason=reason, if_match=if_match,
            documents=documents)


@review_app.command("add")
def review_add(type_: Annotated[str, typer.Argument(metavar="TYPE", help="exercise, deployment, agreement or quote.")],
               document: Annotated[str, typer.Argument(help="Document id the evidence is in.")],
               start: Annotated[int, typer.Argument(help="Start of the evidence span (character offset).")],
               end: Annotated[int, typer.Argument(help="End of the evidence span.")],
               fields: Annotated[list[str], typer.Option("--field", help="FIELD=VALUE (lists: items separated by "
                                                                         "';'); repeat.")],
               db: DbOpt = None, author: AuthorOpt = None, reason: ReasonOpt = None, as_json: JsonOpt = False) -> None:
    """Add a record the machine missed; the span (within one sentence) is its evidence."""
    from .models import PLURALS

    values = {}
    for f in fields:
        if "=" not in f:
            fail(f"--field {f!r}: write FIELD=VALUE, e.g. --field name='Cedar Quarry' --field year=2023", 2)
        k, v = f.split("=", 1)
        values[k.strip()] = v
    kind = PLURALS.get(type_, type_)
    _review(db, "add", None, as_json, author=_author(author), reason=reason,
            record={"type": kind, "fields": values}, evidence={"document_id": document, "start": start, "end": end})


@review_app.command("show")
def review_show(record_id: Annotated[str, typer.Argument(help="Record id.")], db: DbOpt = None,
                as_json: JsonOpt = False) -> None:
    """A record's review status, ETag and history."""
    info = open_store(db).review_of(record_id)
    if info is None:
        fail(f"no record {record_id[:80]!r} — list ids with `alliancegraph records TYPE`")
    if as_json:
        out.print_json(data=info)
        return
    out.print(Text(f"{record_id}: {info['status']}  ETag {info['etag']}"))
    for h in info["history"]:
        out.print(Text(_history_line(h)))


def _history_line(h: dict[str, Any]) -> str:
    what = " ".join(str(x) for x in (h["action"], h["field"], h["op"], h["value"] if h["value"] is not None and
                                     h["action"] == "correct" else None, h["other"]) if x)
    state = "" if h["active"] else " (superseded)"
    flag = f"  ! {h['flag']}" if h["flag"] else ""
    return f"{h['id']:>5}  {h['at']}  {h['author']}: {what}{state}" + (f" — {h['reason']}" if h["reason"] else "") + flag


@review_app.command("list")
def review_list(db: DbOpt = None, flagged: Annotated[bool, typer.Option("--flagged", help="Only reviews that need a "
                                                                                         "second look.")] = False,
                limit: Annotated[int, typer.Option(min=1, max=10_000)] = 50, as_json: JsonOpt = False) -> None:
    """Recent review actions, newest first."""
    print_rows(open_store(db).reviews(limit, flagged=flagged), as_json,
               lambda h: f"{h['record']}  " + _history_line(h).strip(),
               "no reviews" + (" need a second look" if flagged else " yet"))


@review_app.command("queue")
def review_queue(db: DbOpt = None, limit: Annotated[int, typer.Option(min=1, max=10_000)] = 20,
                 as_json: JsonOpt = False) -> None:
    """Records that most need a review: flagged, disputed, weakly supported."""
    print_rows(open_store(db).review_queue(limit), as_json,
               lambda r: f"{r['id']}  {r['type']:<10} {r['name']} {r['year'] or ''}  — {'; '.join(r['reasons'])}",
               "no record needs a review")


@app.command()
def demo(db: DbOpt = None,
         serve: Annotated[bool, typer.Option(help="Start the web app when the knowledge base is built.")] = True,
         host: Annotated[str | None, typer.Option(help="Address to bind [127.0.0.1].")] = None,
         port: Annotated[int | None, typer.Option(help="Port [8000].")] = None) -> None:
    """Build a knowledge base from the shipped demo corpus and start the web app on it."""
    from importlib import resources

    corpus = resources.files("alliancegraph.data") / "demo"
    settings = Settings.load(db=db or "./alliancegraph-demo.db", host=host, port=port)
    out.print(Text(f"building {settings.db} from the demo corpus"))
    ingest([str(corpus)], db=settings.db, published=None, max_bytes=None)
    stats(db=settings.db, as_json=False)
    if serve:
        _serve(settings)


@app.command("serve")
def serve_cmd(db: DbOpt = None, host: Annotated[str | None, typer.Option(help="Address to bind [127.0.0.1].")] = None,
              port: Annotated[int | None, typer.Option(help="Port [8000].")] = None,
              write_token: Annotated[str | None, typer.Option("--write-token", help="Allow the write endpoints to "
                                                                                     "callers sending this token; "
                                                                                     "it shows in `ps`, prefer "
                                                                                     "--write-token-file or "
                                                                                     "ALLIANCEGRAPH_TOKEN.")] = None,
              write_token_file: Annotated[Path | None, typer.Option("--write-token-file", help="Read the write token "
                                                                                             "from this file.")] = None,
              allowed_host: Annotated[list[str] | None, typer.Option("--allowed-host", help="Answer requests for this "
                                                                                           "Host name too (repeat for "
                                                                                           "more); others get 400. "
                                                                                           "Loopback names always "
                                                                                           "work.")] = None,
              allow_private: Annotated[bool, typer.Option("--allow-private", help="Let URL ingestion fetch private "
                                                                                  "addresses.")] = False) -> None:
    """Start the web app on a knowledge base (read-only unless a write token is set)."""
    if write_token and write_token_file:
        fail("give the write token once: --write-token-file or --write-token, not both", 2)
    if write_token:
        err.print(Text("warning: a token given with --write-token shows in the process list (ps) to every user of "
                       "this machine; use --write-token-file FILE or ALLIANCEGRAPH_TOKEN instead"))
    if write_token_file is not None:
        write_token = _read_token(write_token_file)
    hosts = ",".join(h for h in [Settings.load().allowed_hosts, *(allowed_host or [])] if h) or None
    _serve(Settings.load(db=db, host=host, port=port, write_token=write_token, allowed_hosts=hosts,
                         allow_private=allow_private or None))


def _read_token(path: Path) -> str:
    try:
        token = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"--write-token-file {path}: cannot be read ({exc.__class__.__name__}) — pass a readable text file "
             "holding the token")
    if not token or len(token.split()) != 1:
        fail(f"--write-token-file {path}: holds no single token — write the token alone on the first line")
    return token


def _serve(settings: Settings) -> None:
    import uvicorn

    from .web import create_app

    store = open_store(settings.db, settings, create=bool(settings.write_token))
    out.print(Text(f"serving {settings.db} on http://{settings.host}:{settings.port}/ (Ctrl-C stops)"))
    mode = "writes need the token" if settings.write_token else "read-only"
    out.print(Text(f"({mode})"))
    uvicorn.run(create_app(store, settings), host=settings.host, port=settings.port, log_level="warning")


def main() -> None:
    try:
        app()
    except AllianceGraphError as exc:  # anything a command did not catch itself
        err.print(Text(f"error: {exc.line()}"))
        sys.exit(1)


if __name__ == "__main__":
    main()
