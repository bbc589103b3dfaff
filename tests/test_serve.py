"""`gio-lint serve` in a real browser: the system's Chromium, driven by Playwright, uploads
a Word and a PDF report as a person would (picking the file, pressing 检查) and finds on the
page what the command line finds, each finding highlighted in its cell; an upload over the
limit, of an unknown kind or unreadable gets one clear line; several people at once work.

Chromium comes from the system's packages (.ci/run installs it); without it these tests
are skipped, except under CI, where that is a failure."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE_2021
from official_form import wrong_sum_drafts
from test_cross_year import last_year_2023
from test_rules import CLEAN_2021

pytest.importorskip("starlette")
pytest.importorskip("reportlab")
sync_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    if os.environ.get("CI"):
        pytest.fail("Chromium is not installed (.ci/run installs the system package)", pytrace=False)
    pytest.skip("no Chromium on this machine (apt-get install chromium)", allow_module_level=True)
# as root in a container, with no network: no sandbox, nothing fetched in the background
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
LIMIT = 200_000  # bytes an upload may have, for these tests

Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """`gio-lint serve` on a free port, as a person starts it; its address."""
    proc = subprocess.Popen([sys.executable, "-m", "gio_lint", "serve", "--max-bytes", str(LIMIT)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", first)
        assert found, first + (proc.stderr.read() if proc.stderr else "")
        yield found[0]
    finally:
        proc.terminate()
        assert proc.wait(timeout=10) == 0  # SIGTERM stops it, as Ctrl-C does


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1200, "height": 900}, offline=False)  # type: ignore[attr-defined]
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The 2021 form with 表三「（一）予以公开」 × 商业企业 made 9, in Word and PDF."""
    return wrong_sum_drafts(tmp_path_factory.mktemp("uploads"), "草稿")


def command_line(cli: Cli, path: Path, *args: str) -> list[tuple[str, int, int, str]]:
    doc = json.loads(cli("--format", "json", *args, str(path))[1])
    return [(d["code"], d["location"]["line"], d["location"]["column"], d["message"])
            for d in doc["files"][0]["diagnostics"]]


def in_view(element: Any) -> bool:
    """Whether the element is (at least partly) in the browser's window."""
    box = "e => { const r = e.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight }"
    return bool(element.evaluate(box))


def upload(page: object, server: str, path: Path, previous: Path | None = None) -> None:
    page.goto(server)  # type: ignore[attr-defined]
    page.set_input_files("input[name=report]", str(path))  # type: ignore[attr-defined]
    if previous is not None:
        page.set_input_files("input[name=previous]", str(previous))  # type: ignore[attr-defined]
    page.click("button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_an_uploaded_report_shows_the_findings_of_the_command_line(
        cli: Cli, server: str, page: object, reports: dict[str, Path], kind: str) -> None:
    upload(page, server, reports[kind])
    p: Any = page
    assert p.title().endswith(reports[kind].name)
    items = p.locator("li.finding")
    shown = [(items.nth(i).get_attribute("data-code"), int(items.nth(i).get_attribute("data-line")),
              int(items.nth(i).get_attribute("data-col")), items.nth(i).locator(".msg").inner_text())
             for i in range(items.count())]
    assert shown == command_line(cli, reports[kind]) and shown
    cell = p.locator("td.at.sev-error", has_text="1362")
    assert cell.count() == 1 and cell.get_attribute("title").startswith("三(一) 予以公开 × 总计")
    assert cell.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(253, 232, 230)"  # as the page's CSS
    # follow the finding's link to its cell; the cell's badge leads back
    p.locator("li.finding[data-code=K002] a.goto").click()
    assert p.evaluate("location.hash") == f"#{cell.get_attribute('id')}"
    assert in_view(cell)
    cell.locator("a.badge").click()
    assert p.evaluate("location.hash") == "#f0-1" or p.evaluate("location.hash").startswith("#f0-")
    assert p.locator("li.finding:target").get_attribute("data-code") == "K002"


def test_last_years_report_beside_it(cli: Cli, server: str, page: object, tmp_path: Path) -> None:
    this, last = tmp_path / "2024.txt", tmp_path / "2023.txt"
    this.write_text(CLEAN_2021, encoding="utf-8")
    last.write_text(last_year_2023(["30", "0", "0", "0", "4", "0", "34"]), encoding="utf-8")  # forwards 30, not 34
    upload(page, server, this, previous=last)
    p: Any = page
    cells = p.locator("li.finding[data-code=Y010]")
    expected = [(line, col) for code, line, col, _ in command_line(cli, this, "--previous", str(last))
                if code == "Y010"]
    assert [(int(cells.nth(i).get_attribute("data-line")), int(cells.nth(i).get_attribute("data-col")))
            for i in range(cells.count())] == expected and expected
    upload(page, server, this)  # alone, no finding
    assert p.locator("li.finding").count() == 0


def test_the_html_file_opens_from_disk_with_no_network(cli: Cli, browser: object, reports: dict[str, Path],
                                                       tmp_path: Path, sample_2021: Path) -> None:
    out = tmp_path / "page.html"
    assert cli("--format", "html", "-o", str(out), str(reports["pdf"]), str(sample_2021))[0] == 1
    context: Any = browser.new_context(offline=True)  # type: ignore[attr-defined]
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    p = context.new_page()
    p.goto(out.as_uri())
    items = p.locator("li.finding")
    assert items.count() == len(command_line(cli, reports["pdf"])) > 0
    for i in range(items.count()):
        items.nth(i).locator("a.goto").click()
        target = p.locator(":target")
        assert target.count() == 1 and "at" in target.get_attribute("class").split()
        assert in_view(target)
    assert requests and all(r.startswith(out.as_uri()) for r in requests)  # the page and its anchors, nothing else
    context.close()


def test_a_screenshot_of_the_page(server: str, page: object, tmp_path: Path, sample_2021: Path) -> None:
    p: Any = page
    p.goto(server)
    assert p.locator("input[type=file][name=report]").count() == 1 and "选择或拖入报告文件" in p.inner_text("body")
    p.set_input_files("input[name=report]", str(sample_2021))
    assert sample_2021.name in p.inner_text("label.drop .chosen")  # the chosen file is named
    p.click("button[type=submit]")
    p.wait_for_load_state()
    assert p.locator("li.finding").count() == 0 and "未发现问题" in p.inner_text("body")
    shot = tmp_path / "page.png"
    p.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    p.click("nav.back a")
    assert p.locator("input[name=report]").count() == 1


def test_uploads_that_cannot_be_checked_say_why(server: str, page: object, tmp_path: Path) -> None:
    p: Any = page
    big = tmp_path / "大报告.txt"
    big.write_bytes(EXAMPLE_2021.read_bytes() * (LIMIT // EXAMPLE_2021.stat().st_size + 1))
    upload(page, server, big)
    assert "文件过大" in p.inner_text("p.message") and "大报告.txt" in p.inner_text("p.message")
    odd = tmp_path / "report.exe"
    odd.write_bytes(b"MZ\x90\x00")
    upload(page, server, odd)
    assert "不支持的文件类型：report.exe" in p.inner_text("p.message")
    broken = tmp_path / "损坏.docx"
    broken.write_bytes(b"not a zip at all")
    upload(page, server, broken)
    message = p.inner_text("p.message")
    assert message.startswith("无法读取 损坏.docx") and "gio-lint-serve" not in message and "/tmp" not in message


def test_english(server: str, page: object, reports: dict[str, Path]) -> None:
    p: Any = page
    p.goto(server + "?lang=en")
    p.set_input_files("input[name=report]", str(reports["docx"]))
    p.click("button[type=submit]")
    p.wait_for_load_state()
    assert p.locator("html").get_attribute("lang") == "en" and "Findings" in p.inner_text("body")


def _post(server: str, name: str, data: bytes) -> tuple[int, str]:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"report\"; filename=\"{name}\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    kind = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    request = urllib.request.Request(server + "check", body, kind)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read().decode("utf-8")


def test_several_people_at_once_and_nothing_kept(server: str, reports: dict[str, Path]) -> None:
    before = set(Path(os.environ.get("TMPDIR", "/tmp")).glob("gio-lint-serve-*"))
    results: list[tuple[int, str]] = []
    uploads = [(reports["docx"].name, reports["docx"].read_bytes()), ("b.txt", EXAMPLE_2021.read_bytes())] * 3
    threads = [threading.Thread(target=lambda u=u: results.append(_post(server, *u))) for u in uploads]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(code for code, _ in results) == [200] * 6
    assert sum('data-code="K002"' in page for _, page in results) == 3
    assert set(Path(os.environ.get("TMPDIR", "/tmp")).glob("gio-lint-serve-*")) == before  # every upload deleted
    assert _post(server, "x.txt", b"a" * (2 * LIMIT + 70_000))[0] == 413  # refused by its length, before reading
