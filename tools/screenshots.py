"""Regenerate the screenshots in docs/images/ of `gio-lint serve` checking the README's
example report: the page with its summary and findings, and the place a finding links to.

    python tools/screenshots.py          # needs the test extra and the system's Chromium

Run on demand (not by the tests); commit the PNGs it writes."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "2019-laoshan-hrss.txt"
OUT = ROOT / "docs" / "images"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


def main() -> None:
    server = subprocess.Popen([sys.executable, "-m", "gio_lint", "serve"], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        found = re.search(r"http://\S+/", server.stdout.readline())
        assert found, "gio-lint serve did not start"
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=FLAGS)
            page = browser.new_page(viewport={"width": 1100, "height": 760}, device_scale_factor=1)
            page.goto(found[0])
            page.set_input_files("input[name=report]", str(EXAMPLE))
            page.screenshot(path=str(OUT / "serve-upload.png"))
            page.click("button[type=submit]")
            page.wait_for_load_state()
            page.screenshot(path=str(OUT / "serve-page.png"))
            page.click("li.finding a.goto")
            page.evaluate("window.scrollBy(0, -160)")
            page.wait_for_timeout(1300)  # let the highlight's flash end
            page.screenshot(path=str(OUT / "serve-finding.png"))
            browser.close()
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
