"""`tracker fetch gdelt` end to end against a local HTTP server: md5 check, resume, skip what is imported."""

from __future__ import annotations

import hashlib
import io
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from typer.testing import CliRunner

from tracker.cli.main import app

from .conftest import rows
from .gdelt_rows import gdelt_row, line


def _zip(name: str, first_id: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        body = (
            "\n".join(
                line(gdelt_row(first_id + i, code="112", url=f"https://example.org/{first_id + i}"))
                for i in range(3)
            )
            + "\n"
        )
        zf.writestr(name.removesuffix(".zip"), body)
    return buf.getvalue()


class Server:
    """Serves masterfilelist.txt and the zips; can cut a file short once; honours Range requests."""

    def __init__(self):
        self.files: dict[str, bytes] = {}
        self.listing = ""
        self.cut_once: set[str] = set()
        self.requests: list[tuple[str, str | None]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                name = self.path.rsplit("/", 1)[-1]
                server.requests.append((name, self.headers.get("Range")))
                body = server.listing.encode() if name == "masterfilelist.txt" else server.files.get(name)
                if body is None:
                    self.send_error(404)
                    return
                start = (
                    int(self.headers["Range"].split("=")[1].rstrip("-")) if self.headers.get("Range") else 0
                )
                self.send_response(206 if start else 200)
                if start:
                    self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
                self.send_header("Content-Length", str(len(body) - start))
                self.end_headers()
                if name in server.cut_once:
                    server.cut_once.discard(name)
                    self.wfile.write(body[start : start + len(body) // 2])
                    self.wfile.flush()
                    self.connection.shutdown(2)
                    return
                self.wfile.write(body[start:])

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/gdeltv2"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def publish(self, wrong_md5: set[str] = frozenset()):
        lines = ["garbage line", f"123 abc {self.url}/20240701000000.mentions.CSV.zip"]
        for name, data in sorted(self.files.items()):
            md5 = hashlib.md5(data).hexdigest()
            if name in wrong_md5:
                md5 = "0" * 32
            lines.append(f"{len(data)} {md5} http://data.gdeltproject.org/gdeltv2/{name}")
        self.listing = "\n".join(lines) + "\n"


@pytest.fixture
def server():
    s = Server()
    yield s
    s.httpd.shutdown()


def test_fetch_verifies_resumes_and_skips(db, server, tmp_path):
    names = [
        "20240701000000.export.CSV.zip",
        "20240701001500.export.CSV.zip",
        "20240702000000.export.CSV.zip",
        "20240704000000.export.CSV.zip",
    ]
    for i, name in enumerate(names):
        server.files[name] = _zip(name, 100 * (i + 1))
    server.publish(wrong_md5={names[2]})
    server.cut_once = {names[1]}
    runner = CliRunner()
    args = [
        "--db",
        str(db.path),
        "fetch",
        "gdelt",
        "--from",
        "2024-07-01",
        "--to",
        "2024-07-03",
        "--dir",
        str(tmp_path / "dl"),
    ]
    env = {"TRACKER_GDELT_BASE_URL": server.url}

    first = runner.invoke(app, args + ["-f", "json"], env=env)
    assert first.exit_code == 1
    assert (
        "Error: 2 of 3 files could not be fetched or read; run the same command again to resume"
        in first.output
    )
    assert "md5 mismatch (listed 00000000000000000000000000000000" in first.output
    assert "download stopped after" in first.output or "download interrupted after" in first.output
    assert rows(db, "SELECT count(*) FROM event") == [(3,)]
    assert (tmp_path / "dl" / (names[1] + ".part")).exists()
    assert not (tmp_path / "dl" / (names[2] + ".part")).exists()  # a wrong download is deleted
    assert names[3] not in {n for n, _ in server.requests}  # outside the dates: never fetched

    server.requests.clear()
    second = runner.invoke(app, args, env=env)
    assert second.exit_code == 1
    half = len(server.files[names[1]]) // 2
    assert (names[1], f"bytes={half}-") in server.requests  # resumed, not restarted
    assert names[0] not in {n for n, _ in server.requests}  # imported already: not downloaded again
    assert "3 files: read 3, imported 3, duplicate 0, rejected 0, filtered 0" in second.output
    assert rows(db, "SELECT count(*) FROM event") == [(6,)]

    server.publish()
    third = runner.invoke(app, args, env=env)
    assert third.exit_code == 0, third.output
    assert "3 files: read 3, imported 3, duplicate 0, rejected 0, filtered 0" in third.output
    assert rows(db, "SELECT count(*), count(DISTINCT external_id) FROM event") == [(9, 9)]
    assert rows(db, "SELECT file_name FROM import_batch ORDER BY file_name") == [
        (n.removesuffix(".zip"),) for n in names[:3]
    ]


def test_fetch_unreachable_server(db, tmp_path):
    result = CliRunner().invoke(
        app,
        [
            "--db",
            str(db.path),
            "fetch",
            "gdelt",
            "--from",
            "2024-07-01",
            "--to",
            "2024-07-01",
            "--dir",
            str(tmp_path),
        ],
        env={"TRACKER_GDELT_BASE_URL": "http://127.0.0.1:9/gdeltv2"},
    )
    assert result.exit_code == 1
    assert result.output.startswith(
        "Error: Cannot read the GDELT file list http://127.0.0.1:9/gdeltv2/masterfilelist.txt:"
    )


def test_fetch_empty_range(db, server, tmp_path):
    server.publish()
    result = CliRunner().invoke(
        app,
        [
            "--db",
            str(db.path),
            "fetch",
            "gdelt",
            "--from",
            "2024-07-01",
            "--to",
            "2024-07-02",
            "--dir",
            str(tmp_path),
        ],
        env={"TRACKER_GDELT_BASE_URL": server.url},
    )
    assert (result.exit_code, result.output) == (
        1,
        "Error: GDELT's file list has no export files from 2024-07-01 to 2024-07-02.\n",
    )
