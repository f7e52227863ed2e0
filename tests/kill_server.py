"""A fork server for the kill tests: loads the package and the spaCy model once, then for each
request line ``CORPUS<TAB>DB<TAB>CRASH_POINT`` forks a child that runs ``alliancegraph ingest
CORPUS --db DB`` (one document per batch, ALLIANCEGRAPH_CRASH_AT=CRASH_POINT) exactly as the
command line does, waits for it and answers ``RETURNCODE<TAB>HOOK_LINE``. Each child is a real
process that the store's crash hook SIGKILLs; only the start-up (interpreter, imports, model)
is shared, so 50 kills cost seconds instead of 50 model loads.

    python tests/kill_server.py     # driven by tests/crashcheck.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback


def _child(corpus: str, db: str, point: str, err_path: str) -> None:
    """In the forked child: the CLI ingest with the crash hook armed; never returns."""
    code = 70
    try:
        err_fd = os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(err_fd, 2)
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
        sys.stdout = open(1, "w", closefd=False)
        sys.stderr = open(2, "w", buffering=1, closefd=False)
        os.environ.update({"ALLIANCEGRAPH_BATCH_SIZE": "1", "ALLIANCEGRAPH_CRASH_AT": point})
        sys.argv = ["alliancegraph", "ingest", corpus, "--db", db]
        from alliancegraph.cli import main

        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # noqa: BLE001 - report anything, then exit
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def serve() -> None:
    from alliancegraph.cli import main  # noqa: F401  (imported before forking)
    from alliancegraph.config import Settings
    from alliancegraph.nlp import load_nlp

    load_nlp(Settings.load().spacy_model)  # cached per process: every child reuses it
    print("ready", flush=True)
    for line in sys.stdin:
        corpus, db, point = line.rstrip("\n").split("\t")
        fd, err_path = tempfile.mkstemp(prefix="ag-kill-", suffix=".err")
        os.close(fd)
        pid = os.fork()
        if pid == 0:
            _child(corpus, db, point, err_path)
        _, status = os.waitpid(pid, 0)
        code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        with open(err_path, encoding="utf-8", errors="replace") as f:
            err = f.read()
        os.unlink(err_path)
        hook = next((x for x in err.splitlines() if x.startswith("ALLIANCEGRAPH_CRASH_AT:")), "")
        detail = hook or " | ".join(err.strip().splitlines()[-3:])
        print(f"{code}\t{detail}", flush=True)


if __name__ == "__main__":
    serve()
