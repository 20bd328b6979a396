"""report.html in a real browser (headless Chromium): it renders, its script runs under the CSP, the
tables are there, nothing from the data runs, no console errors; report.pdf prints to real pages."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from report_support import GOLDEN, audit, scan

from auditor.report.pdf import browser_command, find_browser

pytestmark = pytest.mark.skipif(find_browser() is None, reason="headless Chromium not installed "
                                "(apt-get install chromium; .ci/setup installs it)")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("browser") / "run"
    scan(GOLDEN / "input.jsonl", out)
    return out


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    cmd = browser_command(find_browser(), str(profile), "--enable-logging=stderr", "--v=0", *args)
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def test_dom_tables_csp_and_inert_data(run, tmp_path):
    proc = chromium(tmp_path, "--dump-dom", (run / "report.html").as_uri())
    dom = proc.stdout
    assert 'data-js="ready"' in dom  # our hashed script ran: the CSP allows it and only it
    console = [line for line in proc.stderr.splitlines() if "CONSOLE" in line]
    assert console == [], console
    assert 'http-equiv="Content-Security-Policy"' in dom
    assert dom.count('<table class="findings"') >= 3
    assert "<script>alert" not in dom and "onerror=alert" not in dom.replace("onerror=alert(1)&gt;", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    assert not re.search(r'href="(javascript|data):', dom)
    assert '<img src="x"' not in dom and "<img src=x" not in dom
    for href in re.findall(r'<a href="([^"#]+)"', dom):
        assert href.startswith(("http://", "https://")), href
    assert 'rel="noopener noreferrer nofollow"' in dom


def test_screenshot(run, tmp_path):
    shot = tmp_path / "shot.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,1600", (run / "report.html").as_uri())
    assert shot.is_file() and shot.stat().st_size > 20_000  # a page was painted, not a blank one


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) not installed")
def test_pdf_pages(run, tmp_path):
    proc = audit("report", run, "--pdf")
    assert proc.returncode == 0, proc.stderr
    pdf = run / "report.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True, timeout=120)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 3  # sections start on new pages


def test_pdf_without_chromium_says_so(run, tmp_path):
    proc = audit("report", run, "--pdf", env={"PATH": str(tmp_path)})  # no browser on this PATH
    assert proc.returncode == 2
    assert "Chromium" in proc.stderr and not (tmp_path / "report.pdf").exists()


def test_devtools_no_console_errors_and_filters_work(run, tmp_path):
    from cdp import Browser

    browser = Browser(tmp_path / "cdp-profile")
    try:
        browser.open((run / "report.html").as_uri())
        assert browser.evaluate("document.documentElement.dataset.js") == "ready"
        # nothing from the data executed: no alert/prompt overrides were needed, and no extra nodes exist
        assert browser.evaluate("document.scripts.length") == 1
        assert browser.evaluate("document.querySelectorAll('img').length") == 0
        assert browser.evaluate("[...document.querySelectorAll('a[href]')].every(a => /^(https?:|#)/.test("
                                "a.getAttribute('href')))")
        tables = browser.evaluate("document.querySelectorAll('table.findings').length")
        assert tables >= 3
        table_id = browser.evaluate("document.querySelector('table.findings').id")
        total = browser.evaluate(f"document.querySelectorAll('#{table_id} tbody tr').length")
        visible = (f"(q => {{const i = document.querySelector('input[data-filter=\"{table_id}\"]'); i.value = q; "
                   f"i.dispatchEvent(new Event('input')); return [...document.querySelectorAll('#{table_id} tbody tr')]"
                   ".filter(r => !r.hidden).length})")
        assert browser.evaluate(visible + "('no such text anywhere')") == 0
        assert browser.evaluate(visible + "('')") == total
        assert browser.evaluate("(s => {s.value = 'privacy'; s.dispatchEvent(new Event('change')); return "
                                "[...document.querySelectorAll('section.rule')].filter(x => !x.hidden).length})"
                                "(document.getElementById('category-filter'))") == 0
        assert browser.problems() == []
    finally:
        browser.close()
