"""The PDF fetches nothing from the network and no file outside the template folders.

A real HTTP server on 127.0.0.1 counts requests (it must get none); a file outside the template
folder holds an SVG with a marker word (it must not show in the PDF), while the same kind of
file inside the template folder does show (so the test can tell a fetch from no fetch)."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import DATA, run_cli

from commsgen import pipeline
from commsgen.config import Config
from commsgen.export import pdf as pdfmod
from commsgen.export import fetch as fetchmod
from commsgen.export.fetch import LocalOnlyFetcher
from commsgen.export.pdf import pdf_text

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="30"><text x="0" y="20" '
    'font-family="DejaVu Sans" font-size="14">{word}</text></svg>'
)


@pytest.fixture
def server():
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            body = SVG.format(word="NETWORKFETCHED").encode()
            self.send_response(200)
            self.send_header("Content-Type", "image/svg+xml")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}", hits
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def recorded(monkeypatch):
    """Every LocalOnlyFetcher made during the test."""
    made: list[LocalOnlyFetcher] = []

    class Recording(LocalOnlyFetcher):
        def __init__(self, roots):
            super().__init__(roots)
            made.append(self)

    monkeypatch.setattr(fetchmod, "LocalOnlyFetcher", Recording)
    return made


def postmortem(tmp_path: Path, base: str) -> Path:
    text = (DATA / "pdf" / "short.yaml").read_text()
    text = text.replace(
        "  business_impact: >-\n",
        f"  business_impact: >-\n    ![chart]({base}/impact.svg) ![local](file:///etc/passwd)\n"
        f"    <img src=\"{base}/raw-html.svg\"> <img src=\"file:///etc/passwd\">\n",
    )
    text = text.replace(
        "  summary: >-\n    For 78 minutes", f"  summary: >-\n    ![logo]({base}/summary.svg) For 78 minutes", 1
    )
    p = tmp_path / "pm.yaml"
    p.write_text(text)
    return p


def test_markdown_images_in_executive_text_fetch_nothing(tmp_path, server, recorded):
    base, hits = server
    loaded = pipeline.load(postmortem(tmp_path, base))
    assert "impact.svg" in loaded.postmortem.executive.business_impact
    out = pipeline.build(loaded, Config(), "executive", "pdf")
    # the PDF is made (its content exists), but the gate refuses to publish it: the HTML it was made
    # from names `/etc/passwd`, a traversal target (fail closed)
    assert out.content.startswith(b"%PDF-")
    assert not out.ok and any(f.rule == "vuln.payload" and f.blocking for f in out.findings)
    assert hits == []
    refused = [u for f in recorded for u in f.refused]
    assert f"{base}/impact.svg" in refused and f"{base}/summary.svg" in refused
    assert all(u in refused for f in recorded for u in f.calls if not u.startswith("data:"))
    text = pdf_text(out.content)
    assert "NETWORKFETCHED" not in text and "For 78 minutes" in text
    # raw HTML in markdown is text, never a tag: it shows (wrapped anywhere), and is not fetched
    assert '<imgsrc="file:///etc/passwd">' in "".join(text.split())
    assert {f.rule for f in out.findings} == {"pdf.fetch-refused", "vuln.payload", "content.image"}
    assert any("impact.svg" in f.message for f in out.findings)


def test_user_template_tags_fetch_nothing_outside_the_template_folder(tmp_path, server, recorded):
    base, hits = server
    tdir = tmp_path / "templates"
    tdir.mkdir()
    outside = tmp_path / "outside.svg"
    outside.write_text(SVG.format(word="OUTSIDEFILE"))
    (tdir / "logo.svg").write_text(SVG.format(word="INSIDELOGO"))
    (tdir / "escape.svg").symlink_to(outside)
    (tdir / "executive.html.j2").write_text(  # the built-in brief plus hostile tags
        (Path(pdfmod.builtin_templates()) / "executive.html.j2")
        .read_text()
        .replace(
            "<body",
            f'''<link rel="stylesheet" href="{base}/remote.css">
<body''',
        )
        .replace(
            "</body>",
            f'''
<img src="{base}/remote.svg"><img src="https://example.invalid/x.png"><img src="ftp://example.invalid/x.png">
<img src="file:///etc/passwd"><img src="{outside.as_uri()}"><img src="../outside.svg"><img src="escape.svg">
<object data="{base}/object.svg"></object><img src="logo.svg">
</body>''',
        )
    )
    (tdir / "executive.css").write_text(
        (Path(pdfmod.builtin_templates()) / "executive.css").read_text()
        + f'\n@import url("{base}/imported.css");\n@font-face {{ font-family: X; src: url("{base}/font.woff2") }}\n'
        f'body {{ background: url("file:///etc/passwd") }}\n'
    )
    loaded = pipeline.load(DATA / "pdf" / "short.yaml")
    out = pipeline.build(loaded, Config(), "executive", "pdf", templates=tdir)
    assert out.content.startswith(b"%PDF-")  # made; published only after review (see above)
    assert hits == []
    text = pdf_text(out.content)
    assert "INSIDELOGO" in text  # a file in the template folder is used
    assert "OUTSIDEFILE" not in text and "NETWORKFETCHED" not in text
    assert "Checkout failures after payments-db failover" in text  # the PDF still renders
    refused = {u for f in recorded for u in f.refused}
    for url in (
        f"{base}/remote.svg",
        "https://example.invalid/x.png",
        "ftp://example.invalid/x.png",
        "file:///etc/passwd",
        outside.as_uri(),
        f"{base}/object.svg",
    ):
        assert url in refused, url
    assert any(u.endswith("/escape.svg") for u in refused)  # symlink out of the folder
    assert any(u.endswith("/outside.svg") for u in refused)  # ../ out of the folder
    served = {p.name for f in recorded for p in f.served}
    assert served == {"logo.svg"}


@pytest.mark.slow
def test_cli_path_fetches_nothing_either(tmp_path, server):
    """The CLI renders in a warmed-up child process: the same fetcher applies there."""
    base, hits = server
    dest = tmp_path / "b.pdf"
    r = run_cli("render", postmortem(tmp_path, base), "-a", "executive", "-f", "pdf", "-o", dest)
    assert r.returncode == 1 and not dest.exists()  # refused: the text names /etc/passwd
    r = run_cli("render", postmortem(tmp_path, base), "-a", "executive", "-f", "pdf", "-o", dest, "--redact")
    assert r.returncode == 0, r.stderr
    assert hits == []
    # --redact masks the images themselves (content.image), so nothing is even asked for
    assert "content.image" in r.stderr and "impact.svg" in r.stderr
    assert "For 78 minutes" in pdf_text(dest.read_bytes())


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x.png",
        "https://example.com/a.css",
        "ftp://h/x",
        "gopher://h/x",
        "file:///etc/passwd",
        "file://otherhost/tmp/x.svg",
        "//example.com/x.png",
        "x.png",
    ],
)
def test_fetcher_refuses(tmp_path, url):
    f = LocalOnlyFetcher([tmp_path])
    with pytest.raises(ValueError):
        f(url)
    assert f.refused == [url] and f.served == []


def test_fetcher_serves_files_inside_its_roots_and_data_urls(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.css").write_text("p { color: red }")
    f = LocalOnlyFetcher([tmp_path])
    r = f((tmp_path / "sub" / "a.css").as_uri())
    assert r.read() == b"p { color: red }" and r.content_type == "text/css"
    assert f("data:text/plain;base64,aGk=").read() == b"hi"
    assert f.refused == []
