"""report.pdf through headless Chromium's print-to-pdf (ethics boards often want a PDF).

Chromium is optional: when it is not installed the command says so and exits 2, it never falls back to
a lesser renderer silently. The page is printed from a file:// URL with networking features off and a
throw-away profile; the report's CSP already forbids any request.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from auditor.errors import CheckUnavailable, InputError

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-extensions", "--mute-audio")


def find_browser() -> str | None:
    return next((p for name in BROWSERS if (p := shutil.which(name))), None)


def browser_command(browser: str, user_data_dir: str, *extra: str) -> list[str]:
    return [browser, *FLAGS, f"--user-data-dir={user_data_dir}", *extra]


def print_pdf(html_path: Path, pdf_path: Path, timeout_s: float = 120.0) -> Path:
    browser = find_browser()
    if browser is None:
        raise CheckUnavailable("--pdf needs headless Chromium, which is not installed "
                               "(Debian/Ubuntu: apt-get install chromium); report.html is written and prints "
                               "cleanly from any browser")
    tmp_pdf = pdf_path.with_name(f".{pdf_path.name}.partial")
    with tempfile.TemporaryDirectory(prefix="auditor-chromium-") as profile:
        cmd = browser_command(browser, profile, "--no-pdf-header-footer", f"--print-to-pdf={tmp_pdf}",
                              html_path.resolve().as_uri())
        try:
            subprocess.run(cmd, capture_output=True, timeout=timeout_s, check=False)
        except subprocess.TimeoutExpired:
            tmp_pdf.unlink(missing_ok=True)
            raise InputError(f"Chromium did not finish printing within {timeout_s:.0f} s",
                             file=str(html_path)) from None
    if not tmp_pdf.is_file() or not tmp_pdf.read_bytes()[:5] == b"%PDF-":
        tmp_pdf.unlink(missing_ok=True)
        raise InputError("Chromium did not write a PDF", file=str(html_path))
    tmp_pdf.replace(pdf_path)
    return pdf_path
