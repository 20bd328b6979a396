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
    assert len(pages) >= 2


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


# --- a laion-10k-sized report, read as a person would --------------------------------------------------

HEIGHT_BOUND_PX = 20_000  # at 1280 px wide; the report before issue 17 was 55,943 px (80,447 at 800 px)
PDF_PAGES_BOUND = 16      # A4; it was 84 pages


@pytest.fixture(scope="module")
def laion_run(tmp_path_factory, laion_10k):
    """The real 10k LAION sample, scanned with the default checks (license, PII): the acceptance case."""
    out = tmp_path_factory.mktemp("laion10k") / "run"
    proc = audit("scan", laion_10k, "--quiet", "--out", out, timeout=900)
    assert proc.returncode in (0, 1), proc.stderr
    return out


def test_laion_report_is_short_complete_and_unclipped(laion_run, tmp_path):
    from page_metrics import measure_html

    got = measure_html(laion_run / "report.html", tmp_path / "profile")
    assert got["problems"] == []
    assert got["clipped"] == [], f"chart text outside its SVG: {got['clipped']}"
    assert got["charts"] >= 4
    assert got["height_px"] < HEIGHT_BOUND_PX, got["height_px"]
    md_sections = re.findall(r"^## (\d+\. .+)$", (laion_run / "report.md").read_text(), flags=re.M)
    assert got["sections"] == md_sections  # every numbered section of report.md, same numbers, same order
    html = (laion_run / "report.html").read_text()
    for needed in ("Summary for reviewers", "Human-subjects review: needed", "What to do next",
                   "Limitations", "How to reproduce", "<details id=\"check-settings\">"):
        assert needed in html, needed
    assert html.count("<table class=\"findings\"") >= 4
    for rows in re.findall(r'<table class="findings".*?</table>', html, flags=re.S):
        assert rows.count("<tr>") <= 11  # header + at most 10 examples per rule by default


def test_chart_labels_are_whole_in_the_browser(tmp_path):
    """A long rule id is wrapped, not clipped: measured as text boxes against the SVG viewport."""
    from cdp import Browser
    from page_metrics import CLIPPED_JS

    from auditor.report.charts import bar_chart

    labels = {"HUMAN-SUBJECTS-PERSON-SENSITIVE": 65, "COPYRIGHT-LICENSE-UNKNOWN": 10_000,
              "A" * 70: 3, "x y " * 30: 1}
    page = tmp_path / "c.html"
    page.write_text("<!DOCTYPE html><html><body>" + str(bar_chart("c", "Rows per rule", labels, 10_000))
                    + "</body></html>")
    browser = Browser(tmp_path / "profile")
    try:
        browser.open(page.as_uri())
        assert browser.evaluate(CLIPPED_JS) == []
        text = browser.evaluate("[...document.querySelectorAll('text.label')].map(t => t.textContent).join('|')")
        assert "HUMAN-SUBJECTS-" in text and "PERSON-SENSITIVE" in text and "…" not in text
        widths = browser.evaluate("[...document.querySelectorAll('rect[height=\"18\"]')].map(r => "
                                  "r.width.baseVal.value)")
        assert widths[0] / widths[1] == pytest.approx(65 / 10_000, rel=0.1)  # one scale: share of rows
    finally:
        browser.close()


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="pdfinfo (poppler-utils) not installed")
def test_laion_pdf_is_a_handful_of_pages(laion_run, tmp_path):
    from page_metrics import pdf_pages

    proc = audit("report", laion_run, "--pdf")
    assert proc.returncode == 0, proc.stderr
    pages = pdf_pages(laion_run / "report.pdf")
    assert 2 <= pages <= PDF_PAGES_BOUND, pages
    info = subprocess.run(["pdfinfo", str(laion_run / "report.pdf")], capture_output=True, text=True).stdout
    assert "pts (A4)" in info  # A4 by default


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="pdfinfo (poppler-utils) not installed")
def test_examples_and_paper_are_configurable(run, tmp_path):
    proc = audit("report", run, "--pdf", "--paper", "letter", "--examples", "1")
    assert proc.returncode == 0, proc.stderr
    info = subprocess.run(["pdfinfo", str(run / "report.pdf")], capture_output=True, text=True).stdout
    assert "pts (letter)" in info, info
    html = (run / "report.html").read_text()
    for table in re.findall(r'<table class="findings".*?</table>', html, flags=re.S):
        assert table.count("<tr>") == 2  # header + 1 example
    assert audit("report", run, "--paper", "a3").returncode == 2
    audit("report", run)  # back to the defaults for the other tests of this module
