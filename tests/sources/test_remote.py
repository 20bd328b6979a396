"""Remote inputs: a parquet (and a CSV) served over HTTP by a real server on 127.0.0.1 with Range support.

The scan of the URL must equal the scan of the same file on disk, read with Range requests only (never the
whole body in one GET); servers that cannot do ranges and non-http(s) schemes give a clear exit 2.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyarrow.parquet as pq
import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "bench"))
from compare import read_decoded  # noqa: E402


def audit(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "auditor", "scan", *map(str, args)], capture_output=True,
                          text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(REPO)})


class Served:
    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.requests: list[tuple[str, str, str | None]] = []  # (method, path, Range header)
        self.ranges = True
        self.redirect_to: str | None = None


def make_handler(state: Served):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def _head(self, body: bytes | None, status: int = 200, extra: dict | None = None) -> None:
            self.send_response(status)
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            if body is not None:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()

        def _serve(self, with_body: bool) -> None:
            state.requests.append((self.command, self.path, self.headers.get("Range")))
            if state.redirect_to:
                return self._head(b"", 302, {"Location": state.redirect_to})
            data = state.files.get(self.path)
            if data is None:
                return self._head(b"", 404)
            rng = self.headers.get("Range")
            accept = {"Accept-Ranges": "bytes"} if state.ranges else {}
            if rng and state.ranges:
                lo, hi = rng.removeprefix("bytes=").split("-")
                part = data[int(lo): int(hi) + 1]
                self._head(part, 206, {**accept, "Content-Range": f"bytes {lo}-{hi}/{len(data)}"})
                body = part
            else:
                self._head(data, 200, {**accept, "Last-Modified": "Wed, 25 Nov 2026 10:00:00 GMT"})
                body = data
            if with_body:
                self.wfile.write(body)

        def do_HEAD(self) -> None:  # noqa: N802
            self._serve(False)

        def do_GET(self) -> None:  # noqa: N802
            self._serve(True)

    return Handler


@pytest.fixture
def server():
    state = Served()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(state))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield state, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def local_run(laion_10k, tmp_path_factory):
    out = tmp_path_factory.mktemp("local") / "run"
    proc = audit(laion_10k, "--checks", "license", "--quiet", "--out", out)
    assert proc.returncode == 1, proc.stderr
    return out


def test_http_parquet_scan_equals_local_scan_using_ranges(server, laion_10k, local_run, tmp_path):
    state, base = server
    state.files["/shard/laion-10k.parquet"] = laion_10k.read_bytes()
    out = tmp_path / "run"
    proc = audit(f"{base}/shard/laion-10k.parquet", "--checks", "license", "--quiet", "--out", out)
    assert proc.returncode == 1, proc.stderr
    for name in ("signals", "findings"):
        assert read_decoded(out / f"{name}.parquet").equals(read_decoded(local_run / f"{name}.parquet")), name
    gets = [r for r in state.requests if r[0] == "GET"]
    assert gets and all(rng is not None for _, _, rng in gets)  # streamed by ranges, never one whole GET


def test_http_csv_input(server, tmp_path):
    state, base = server
    state.files["/a.csv"] = b"url,caption\nhttps://example.com/1.jpg,a cat\nhttps://example.com/2.jpg,a dog\n"
    out = tmp_path / "run"
    proc = audit(f"{base}/a.csv", "--checks", "license", "--quiet", "--out", out)
    assert proc.returncode in (0, 1), proc.stderr
    assert pq.read_table(out / "signals.parquet").column("key").to_pylist() == ["a.csv#0", "a.csv#1"]


def test_server_without_ranges_is_a_clear_error(server, laion_10k, tmp_path):
    state, base = server
    state.ranges = False
    state.files["/x.parquet"] = laion_10k.read_bytes()
    proc = audit(f"{base}/x.parquet", "--checks", "license", "--quiet", "--out", tmp_path / "run")
    assert proc.returncode == 2 and "byte ranges" in proc.stderr and f"{base}/x.parquet" in proc.stderr


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://127.0.0.1/x.parquet"])
def test_redirect_to_another_scheme_is_refused(server, tmp_path, target):
    state, base = server
    state.redirect_to = target
    proc = audit(f"{base}/x.parquet", "--checks", "license", "--quiet", "--out", tmp_path / "run")
    assert proc.returncode == 2 and "redirect to a non-http(s) location refused" in proc.stderr


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/x.parquet", "file:///tmp/x.parquet", "gopher://h/x.parquet"])
def test_unsupported_schemes(url, tmp_path):
    proc = audit(url, "--checks", "license", "--quiet", "--out", tmp_path / "run")
    assert proc.returncode == 2 and "unsupported input scheme" in proc.stderr


def test_missing_remote_file_is_a_clear_error(server, tmp_path):
    _, base = server
    proc = audit(f"{base}/missing.parquet", "--checks", "license", "--quiet", "--out", tmp_path / "run")
    assert proc.returncode == 2 and "HTTP 404" in proc.stderr


def test_hf_without_huggingface_hub_names_the_extra(tmp_path):
    """The hf extra is installed in CI, so the scan runs in a child where importing huggingface_hub fails the way
    it does on an install without the extra (a None entry in sys.modules raises ImportError on import)."""
    blocker = tmp_path / "block"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text("import sys\nsys.modules['huggingface_hub'] = None\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(blocker), str(REPO)])}
    proc = subprocess.run([sys.executable, "-m", "auditor", "scan", "hf://datasets/x/y/a.parquet", "--checks",
                           "license", "--quiet", "--out", str(tmp_path / "run")], capture_output=True, text=True,
                          timeout=300, env=env)
    assert proc.returncode == 2 and "auditor[hf]" in proc.stderr
