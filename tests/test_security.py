"""Attacks on the web app and the CLI (issue 11), each played on loopback: no traffic leaves
the machine. A stub resolver stands in for DNS and a wrapper around ``socket.create_connection``
routes the invented public address to a loopback server, so the real HTTP client, redirects
and connections are exercised."""

from __future__ import annotations

import http.server
import ipaddress
import re
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from alliancegraph.config import Settings
from alliancegraph.errors import FetchError
from alliancegraph.ingest.reader import fetch
from alliancegraph.store import Store
from alliancegraph.web import create_app
from conftest import web_client

PUBLIC_IP = "93.184.216.34"  # stands for a public web server; routed to a loopback server below
ARTICLE = ("Harbour drill ends\n\nSailors from Norway and Finland finished a five-day harbour drill "
           "near Bergen on Friday, the navy said.\n")
INTERNAL = "internal admin page: database password hunter2\n"


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, dict[str, str], str]] = {}
    seen_hosts: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        self.seen_hosts.append(self.headers.get("Host", ""))
        status, headers, body = self.routes.get(self.path, self.routes.get("*", (404, {}, "not here")))
        data = body.encode()
        self.send_response(status)
        for k, v in {"Content-Type": "text/plain; charset=utf-8", **headers}.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        return None


def _serve(routes: dict[str, tuple[int, dict[str, str], str]]) -> tuple[http.server.ThreadingHTTPServer, list[str]]:
    handler = type("H", (_Handler,), {"routes": routes, "seen_hosts": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, handler.seen_hosts


class FakeNet:
    """Stub DNS (``answers``: name -> one list of addresses per lookup, the last repeated) and
    connection routing: PUBLIC_IP:80 goes to the 'public' loopback server, 127.0.0.1:80 to
    the 'internal' one; any other global address is refused before a packet is sent."""

    def __init__(self, public_port: int, internal_port: int) -> None:
        self.answers: dict[str, list[list[str]]] = {}
        self.lookups: dict[str, int] = {}
        self.routes = {PUBLIC_IP: public_port, "127.0.0.1": internal_port}
        self.connected: list[str] = []

    def getaddrinfo(self, host: Any, port: Any = None, *args: Any, **kw: Any) -> list[Any]:
        name = host.decode() if isinstance(host, bytes) else str(host)
        try:
            ipaddress.ip_address(name)
            addrs = [name]
        except ValueError:
            if name not in self.answers:
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None
            n = self.lookups.get(name, 0)
            self.lookups[name] = n + 1
            addrs = self.answers[name][min(n, len(self.answers[name]) - 1)]
        p = int(port or 0)
        return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                 (a, p, 0, 0) if ":" in a else (a, p)) for a in addrs]

    def create_connection(self, real: Any) -> Any:
        def connect(address: tuple[str, int], *args: Any, **kw: Any) -> socket.socket:
            host, port = address[0], int(address[1])
            ip = self.getaddrinfo(host, port)[0][4][0]
            self.connected.append(ip)
            if port == 80 and ip in self.routes:
                return real(("127.0.0.1", self.routes[ip]), *args, **kw)
            if ipaddress.ip_address(ip).is_global:
                raise AssertionError(f"the test tried to reach {ip}")
            return real((ip, port), *args, **kw)

        return connect


@pytest.fixture
def net(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeNet]:
    internal, _ = _serve({"*": (200, {}, INTERNAL)})
    public, _ = _serve({
        "/article": (200, {}, ARTICLE),
        "/to-loopback": (302, {"Location": "http://127.0.0.1/admin"}, ""),
        "/to-metadata": (301, {"Location": "http://169.254.169.254/latest/meta-data/"}, ""),
        "/to-private-name": (307, {"Location": "http://intranet.example/admin"}, ""),
        "/to-file": (302, {"Location": "file:///etc/passwd"}, ""),
        "/loop": (302, {"Location": "/loop"}, ""),
        "/hop2": (302, {"Location": "/hop1"}, ""),
        "/hop1": (302, {"Location": "http://news.example/article"}, ""),
    })
    fake = FakeNet(public.server_address[1], internal.server_address[1])
    fake.answers = {"news.example": [[PUBLIC_IP]], "intranet.example": [["10.1.2.3"]],
                    "rebind.example": [[PUBLIC_IP], ["127.0.0.1"]], "mixed.example": [[PUBLIC_IP, "127.0.0.1"]],
                    "v6.example": [["::ffff:127.0.0.1"]]}
    monkeypatch.setattr(socket, "getaddrinfo", fake.getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", fake.create_connection(socket.create_connection))
    yield fake
    public.shutdown()
    internal.shutdown()


# -- server-side request forgery: redirects and DNS rebinding ----------------------------------

def test_security_fetch_public_page_through_the_pinned_address(net: FakeNet) -> None:
    body, ctype = fetch("http://news.example/article", Settings.load(env={}))
    assert body.decode() == ARTICLE and ctype.startswith("text/plain")
    assert net.connected == [PUBLIC_IP] and net.lookups == {"news.example": 1}


@pytest.mark.parametrize("path,address", [("/to-loopback", "127.0.0.1"), ("/to-metadata", "169.254.169.254"),
                                          ("/to-private-name", "10.1.2.3")])
def test_security_redirect_to_private_address_refused(net: FakeNet, path: str, address: str) -> None:
    with pytest.raises(FetchError) as info:
        fetch(f"http://news.example{path}", Settings.load(env={}))
    assert f"private or local address ({address})" in str(info.value) and "--allow-private" in str(info.value)
    assert net.connected == [PUBLIC_IP]  # the internal address was never connected to


def test_security_redirects_capped_and_checked_each_hop(net: FakeNet) -> None:
    body, _ = fetch("http://news.example/hop2", Settings.load(env={}))
    assert body.decode() == ARTICLE and net.lookups["news.example"] == 3  # one lookup per hop
    with pytest.raises(FetchError, match="redirects more than 5 times"):
        fetch("http://news.example/loop", Settings.load(env={}))
    with pytest.raises(FetchError, match="redirects more than 1 times"):
        fetch("http://news.example/hop2", Settings.load(env={}, max_redirects=1))
    with pytest.raises(FetchError, match="not an http"):
        fetch("http://news.example/to-file", Settings.load(env={}))


def test_security_dns_rebinding_name_gets_the_checked_address(net: FakeNet) -> None:
    """rebind.example answers a public address first and 127.0.0.1 after: the client must
    connect to the address that was checked, not look the name up again."""
    body, _ = fetch("http://rebind.example/article", Settings.load(env={}))
    assert INTERNAL.encode() not in body and body.decode() == ARTICLE
    assert net.lookups == {"rebind.example": 1} and net.connected == [PUBLIC_IP]


@pytest.mark.parametrize("name,address", [("mixed.example", "127.0.0.1"), ("v6.example", "::ffff:7f00:1")])
def test_security_name_with_any_private_answer_refused(net: FakeNet, name: str, address: str) -> None:
    with pytest.raises(FetchError, match=rf"private or local address \({re.escape(address)}\)"):
        fetch(f"http://{name}/article", Settings.load(env={}))
    assert net.connected == []


def test_security_pinned_request_keeps_host_and_sni() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/first":
            return httpx.Response(302, headers={"Location": "https://other.example:8443/second"})
        return httpx.Response(200, text=ARTICLE)

    lookups: list[str] = []

    def resolver(host: str, *args: Any) -> list[Any]:
        lookups.append(host)
        ip = {"news.example": PUBLIC_IP, "other.example": "2606:2800:220:1:248:1893:25c8:1946"}[host]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, 443))]

    body, _ = fetch("https://news.example/first", Settings.load(env={}), resolver=resolver,
                    transport=httpx.MockTransport(answer))
    assert body.decode() == ARTICLE and lookups == ["news.example", "other.example"]
    first, second = seen
    assert first.url.host == PUBLIC_IP and first.headers["host"] == "news.example"
    assert first.extensions["sni_hostname"] == "news.example"
    assert second.url.host == "2606:2800:220:1:248:1893:25c8:1946" and second.url.port == 8443
    assert second.headers["host"] == "other.example:8443" and second.extensions["sni_hostname"] == "other.example"


def test_security_cli_and_api_refuse_redirect_to_loopback(net: FakeNet, cli, tmp_path: Path) -> None:
    db = str(tmp_path / "kb.db")
    res = cli("ingest", "http://news.example/to-loopback", "--db", db)
    assert res.exit_code == 1 and "private or local address (127.0.0.1)" in res.output, res.output
    assert Store(db).stats()["documents"] == 0
    res = cli("ingest", "http://rebind.example/article", "--db", db)
    assert res.exit_code == 0 and "1 new document(s) stored" in res.output
    (doc,) = Store(db).documents()
    assert "hunter2" not in (Store(db).get_document(doc.id).text)  # type: ignore[union-attr]
    client = web_client(create_app(Store(db), Settings.load(env={}, write_token="s3cret")))
    res = client.post("/api/ingest/url", json={"url": "http://news.example/to-metadata"},
                      headers={"Authorization": "Bearer s3cret"})
    assert res.status_code == 422 and "private or local address (169.254.169.254)" in res.json()["error"]["message"]
    # --allow-private: the same redirect is followed, on purpose
    res = cli("ingest", "http://news.example/to-loopback", "--db", db, "--allow-private")
    assert res.exit_code == 0, res.output


# -- spreadsheet (CSV formula) injection ------------------------------------------------------

HOSTILE = """Drill ends in Mongolia

Ulaanbaatar, 3 June 2024

Troops from Mongolia and Kazakhstan took part in the exercise Steppe Shield-2024, held from 1 to 3 June.

"=1+2 soldiers, the minister joked, is the count of the drills," Defence Minister Bold Tsogt said.

"+1 for the engineers, who built the bridge overnight," Tsogt said.

"-2 degrees did not stop the exercise," Tsogt added.

"@SUM(1,2) is how we count the days of drills," Tsogt added.
"""
FORMULA_CHARS = ("=", "+", "-", "@", "\t", "\r")


def test_security_csv_export_has_no_formula_cells(cli, tmp_path: Path) -> None:
    """The CSV, from the API and the CLI, read into a real spreadsheet (openpyxl, written to
    .xlsx and read back): no cell is a formula or begins with a formula character, and every
    text is the record's text (after the one leading quote)."""
    import csv
    import io
    import json

    import openpyxl

    (tmp_path / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    db = str(tmp_path / "kb.db")
    assert cli("ingest", str(tmp_path / "hostile.txt"), "--db", db).exit_code == 0
    api_csv = web_client(create_app(Store(db))).get("/api/export/csv").text
    assert cli("export", "-f", "csv", "--db", db, "-o", str(tmp_path / "out.csv")).exit_code == 0
    assert (tmp_path / "out.csv").read_bytes().decode("utf-8") == api_csv
    rows = list(csv.reader(io.StringIO(api_csv)))
    texts = {json_rec["id"]: json_rec["text"] for json_rec in json.loads(web_client(create_app(Store(db))).get(
        "/api/export/json").text)["records"] if json_rec.get("text")}
    assert {t[0] for t in texts.values()} >= {"=", "+", "-", "@"}  # the article did produce hostile cells

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    cells = [c for row in openpyxl.load_workbook(io.BytesIO(buf.getvalue())).active.iter_rows() for c in row]
    assert cells and all(c.data_type != "f" for c in cells)
    assert not [c.value for c in cells if isinstance(c.value, str) and c.value.startswith(FORMULA_CHARS)]
    col = rows[0].index("text")
    for row in rows[1:]:
        if row[0] in texts:
            original = texts[row[0]]
            assert row[col] == ("'" + original if original.startswith(FORMULA_CHARS) else original)
    assert rows[1][rows[0].index("year")] == "2024"  # numbers untouched


# -- the web app: Host header, tokens, leaks ---------------------------------------------------

@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    from typer.testing import CliRunner

    from alliancegraph.cli import app
    from conftest import DEMO

    db = str(tmp_path_factory.mktemp("sec") / "kb.db")
    assert CliRunner().invoke(app, ["ingest", str(DEMO / "01_baltops_begins.txt"), "--db", db]).exit_code == 0
    return db


def test_security_host_header_checked(small_db: str) -> None:
    """A DNS-rebinding page reaches a loopback server under its own name: refused (400)."""
    from fastapi.testclient import TestClient

    app = create_app(Store(small_db))
    for base in ("http://localhost", "http://127.0.0.1:8000", "http://[::1]:8000"):
        assert TestClient(app, base_url=base).get("/api/stats").status_code == 200, base
    for base in ("http://attacker.example", "http://testserver", "http://localhost.attacker.example",
                 "http://127.0.0.1.nip.example"):
        res = TestClient(app, base_url=base).get("/api/stats")
        assert res.status_code == 400 and "documents" not in res.text, base
    assert TestClient(app, base_url="http://localhost").get("/", headers={"Host": "attacker.example"}
                                                             ).status_code == 400
    shared = create_app(Store(small_db), Settings.load(env={}, host="0.0.0.0", allowed_hosts="kb.office.example"))
    assert TestClient(shared, base_url="http://kb.office.example").get("/").status_code == 200
    assert TestClient(shared, base_url="http://0.0.0.0").get("/").status_code == 400
    assert TestClient(shared, base_url="http://attacker.example").get("/").status_code == 400
    anyone = create_app(Store(small_db), Settings.load(env={}, allowed_hosts="*"))  # the documented opt-out
    assert TestClient(anyone, base_url="http://attacker.example").get("/").status_code == 200
    bound = create_app(Store(small_db), Settings.load(env={}, host="192.0.2.7"))
    assert TestClient(bound, base_url="http://192.0.2.7:8000").get("/").status_code == 200


def test_security_bearer_token_rfc6750(small_db: str) -> None:
    client = web_client(create_app(Store(small_db), Settings.load(env={}, write_token="s3cret-T0ken")))
    rid = Store(small_db).records("exercise")[0].id
    url = f"/api/records/{rid}/notes"
    for header, status in [("Bearer s3cret-T0ken", 201), ("bearer s3cret-T0ken", 201), ("BEARER  s3cret-T0ken", 201),
                           ("s3cret-T0ken", 401), ("Token s3cret-T0ken", 401), ("Basic s3cret-T0ken", 401),
                           ("Bearer s3cret-T0ke", 401), ("Bearer s3cret-T0ken2", 401), ("Bearer", 401), ("", 401)]:
        res = client.post(url, json={"note": "checked"}, headers={"Authorization": header} if header else {})
        assert res.status_code == status, (header, res.text)
        if status == 401:
            assert res.headers["www-authenticate"].startswith("Bearer")
            assert "s3cret" not in res.text


def test_security_token_compared_in_constant_time(small_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import hmac

    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    client = web_client(create_app(Store(small_db), Settings.load(env={}, write_token="s3cret")))
    res = client.post("/api/ingest/url", json={"url": "http://127.0.0.1/"}, headers={"Authorization": "Bearer nope"})
    assert res.status_code == 401 and calls == [(b"nope", b"s3cret")]


def test_security_upload_errors_do_not_show_server_paths(small_db: str, tmp_path: Path) -> None:
    import tempfile

    client = web_client(create_app(Store(small_db), Settings.load(env={}, write_token="s3cret")))
    auth = {"Authorization": "Bearer s3cret"}
    for name, body in [("empty.txt", b"   "), ("report.txt", b"%PDF-1.7\n" + bytes(range(256)) * 4),
                       ("lines.jsonl", b'{"no": "text"}\n')]:
        res = client.post(f"/api/ingest?filename={name}", content=body, headers=auth)
        message = res.json()["error"]["message"]
        assert res.status_code == 422 and name in message, message
        assert tempfile.gettempdir() not in message and "/tmp" not in message, message
    ok = client.post("/api/ingest?filename=drill.txt", headers=auth,
                     content=b"Drill\n\nSailors from Norway trained near Bergen on Tuesday, the navy said.\n")
    assert ok.status_code == 201
    doc = client.get(f"/api/documents/{ok.json()['stored'][0]}").json()
    assert doc["source"].startswith("upload-") and doc["source"].endswith("/drill.txt")
    assert tempfile.gettempdir() not in doc["source"]


def test_security_404_does_not_echo_long_ids(small_db: str) -> None:
    client = web_client(create_app(Store(small_db)))
    long_id = "x" * 5000
    for url in (f"/api/records/{long_id}", f"/api/documents/{long_id}", f"/api/vectors/{long_id}",
                f"/api/export/{long_id}", f"/records/{long_id}", f"/documents/{long_id}", f"/countries/{long_id}"):
        res = client.get(url)
        assert res.status_code == 404 and len(res.text) < 4000 and long_id not in res.text, url
        assert "x" * 64 + "…" in res.text, url
    assert client.get("/api/records/nope").json()["error"]["message"] == "no record 'nope'"  # short ids in full


def test_security_notes_of_missing_record_404(small_db: str) -> None:
    client = web_client(create_app(Store(small_db)))
    res = client.get("/api/records/no-such-record/notes")
    assert res.status_code == 404 and res.json()["error"]["message"] == "no record 'no-such-record'"
    rid = Store(small_db).records("exercise")[0].id
    assert client.get(f"/api/records/{rid}/notes").status_code == 200


def test_security_unknown_type_rejected(small_db: str) -> None:
    client = web_client(create_app(Store(small_db)))
    for url in ("/api/search?q=baltops&type=bogus", "/api/entities?type=bogus", "/search?q=baltops&type=bogus"):
        assert client.get(url).status_code == 422, url
    assert client.get("/api/search?q=baltops&type=exercise").json()["total"] == 1
    assert client.get("/api/search?q=baltops&type=exercises").json()["total"] == 1
    assert client.get("/api/entities?type=country").json()["total"] > 0


def test_security_search_has_no_wildcards(small_db: str) -> None:
    client = web_client(create_app(Store(small_db)))
    assert client.get("/api/search", params={"q": "baltops"}).json()["total"] == 1
    for wildcard in ("%", "_", "%%", "*", "%_%"):
        assert client.get("/api/search", params={"q": wildcard}).json()["total"] == 0, wildcard
        assert client.get("/api/exercises", params={"q": wildcard}).json()["total"] == 0, wildcard
        assert client.get("/api/search", params={"q": wildcard}).json()["documents"] == [], wildcard


# -- the command line ------------------------------------------------------------------------

def test_security_serve_token_options(cli, small_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--write-token-file reads the token; --write-token works but warns that ps shows it."""
    import alliancegraph.cli as cli_module

    started: list[Settings] = []
    monkeypatch.setattr(cli_module, "_serve", started.append)
    (tmp_path / "token").write_text("t0ken-from-file\n", encoding="utf-8")
    res = cli("serve", "--db", small_db, "--write-token-file", str(tmp_path / "token"),
              "--allowed-host", "kb.office.example", "--allowed-host", "kb2.office.example")
    assert res.exit_code == 0 and "warning" not in res.output
    assert started[-1].write_token == "t0ken-from-file"
    assert started[-1].allowed_hosts == "kb.office.example,kb2.office.example"
    res = cli("serve", "--db", small_db, "--write-token", "on-the-command-line")
    assert res.exit_code == 0 and "warning:" in res.output and "ps" in res.output
    assert started[-1].write_token == "on-the-command-line"
    monkeypatch.setenv("ALLIANCEGRAPH_TOKEN", "from-env")
    res = cli("serve", "--db", small_db)
    assert res.exit_code == 0 and "warning" not in res.output and started[-1].write_token == "from-env"
    for bad in (tmp_path / "missing", tmp_path / "empty"):
        if bad.name == "empty":
            bad.write_text("\n", encoding="utf-8")
        res = cli("serve", "--db", small_db, "--write-token-file", str(bad))
        assert res.exit_code == 1 and "--write-token-file" in res.output and " — " in res.output


@pytest.mark.parametrize("args", [["stats"], ["docs"], ["search", "drill"], ["show", "x"], ["export", "-f", "csv"],
                                  ["entities"], ["records", "exercise"], ["disputes"], ["vectors", "Kazakhstan"],
                                  ["dump", "out.jsonl"], ["serve"]])
def test_security_read_commands_do_not_create_a_database(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         args: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ALLIANCEGRAPH_DB", raising=False)
    monkeypatch.delenv("ALLIANCEGRAPH_TOKEN", raising=False)
    res = cli(*args)
    assert res.exit_code == 1, res.output
    assert f"no knowledge base at {tmp_path / 'alliancegraph.db'}" in res.output, res.output
    assert "alliancegraph ingest" in res.output
    assert not (tmp_path / "alliancegraph.db").exists()
    res = cli(*args, "--db", str(tmp_path / "other.db"))
    assert res.exit_code == 1 and not (tmp_path / "other.db").exists()
