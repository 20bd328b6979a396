"""What a reader of report.html sees, measured in headless Chromium: page height, clipped chart text,
sections present; and the page count of report.pdf. Shared by the browser tests and the before/after
figures in tests/bench/RESULTS.md."""

from __future__ import annotations

import subprocess
from pathlib import Path

from cdp import Browser

WIDTH = 1280  # a laptop browser window, in CSS px

#: every chart <text> whose box leaves its SVG's viewBox (clipped when drawn)
CLIPPED_JS = """[...document.querySelectorAll('svg.chart')].flatMap(svg => {
  const vb = svg.viewBox.baseVal;
  return [...svg.querySelectorAll('text')].filter(t => {
    const b = t.getBBox();
    return b.x < vb.x - 0.5 || b.y < vb.y - 0.5 || b.x + b.width > vb.x + vb.width + 0.5
        || b.y + b.height > vb.y + vb.height + 0.5;
  }).map(t => t.textContent);
})"""


def measure_html(html: Path, profile: Path) -> dict:
    browser = Browser(profile)
    try:
        browser.open(html.as_uri())
        browser.call("Emulation.setDeviceMetricsOverride", {"width": WIDTH, "height": 900, "deviceScaleFactor": 1,
                                                              "mobile": False})
        return {"height_px": browser.evaluate("document.documentElement.scrollHeight"),
                "clipped": browser.evaluate(CLIPPED_JS),
                "sections": browser.evaluate("[...document.querySelectorAll('section.part > h2')]"
                                             ".map(h => h.textContent)"),
                "charts": browser.evaluate("document.querySelectorAll('svg.chart').length"),
                "problems": browser.problems()}
    finally:
        browser.close()


def pdf_pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True, timeout=60).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))
