"""`gio-lint serve`: a local web app for the person who checks a draft before publication.
They pick or drop a .docx, .pdf, .html or .txt (and, if they like, last year's report for
the cross-year checks) and get the HTML page of gio_lint.output.html for it.

In: HTTP requests (Starlette, served by uvicorn). Out: pages. An upload is held in memory
and, for reading, written to a private temporary folder that is deleted as soon as the
report is linted; nothing is kept or sent anywhere. Uploads over the size limit, of an
unknown kind or unreadable get a page that says so in one line. Reports are linted in
threads, so several people can use one server at once."""

from __future__ import annotations

import os
import socket
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from gio_lint.command.runner import SUFFIXES
from gio_lint.errors import InputError
from gio_lint.input.read import read
from gio_lint.output.html import LABELS, environment, page
from gio_lint.output.outcome import FileOutcome
from gio_lint.rules.lint import Result, lint

WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "heading": "政府信息公开工作年度报告检查", "pick": "选择或拖入报告文件",
        "kinds": "Word（.docx）、PDF、网页（.html）或文本（.txt），不超过 {0}。",
        "previous": "上一年度的报告（可选，用于结转、增长等跨年度检查）", "submit": "检查",
        "private": "文件只在本机处理，检查完即删除，不保存、不外传。", "other": "English",
        "too_large": "文件过大：{name} 为 {size}，上限为 {limit}。",
        "too_large_body": "上传的内容过大：{size}，每个文件的上限为 {limit}。",
        "unknown": "不支持的文件类型：{name}（可检查 {kinds}）。",
        "missing": "请选择要检查的报告文件。", "unreadable": "无法读取 {name}：{reason}",
        "no_length": "请求缺少长度，无法接收。",
    },
    "en": {
        "heading": "Check a government information disclosure annual report", "pick": "Pick or drop a report",
        "kinds": "Word (.docx), PDF, web page (.html) or text (.txt), at most {0}.",
        "previous": "Last year's report (optional, for the cross-year checks)", "submit": "Check",
        "private": "Files are processed on this machine only, deleted when checked, never kept or sent anywhere.",
        "other": "中文", "too_large": "File too large: {name} is {size}; the limit is {limit}.",
        "too_large_body": "The upload is too large: {size}; the limit is {limit} a file.",
        "unknown": "Unsupported file type: {name} (gio-lint reads {kinds}).", "missing": "Pick a report to check.",
        "unreadable": "Cannot read {name}: {reason}",
        "no_length": "The request has no length; it cannot be received.",
    },
}
_FORM_OVERHEAD = 64 * 1024  # what a multipart body adds to its files


def _size(n: int) -> str:
    """A size as people read it: 20 MB, 1.5 MB, 200 KB, 900 B."""
    for unit, scale in (("MB", 2**20), ("KB", 2**10)):
        if n >= scale:
            shown = f"{n / scale:.1f}".removesuffix(".0")
            return f"{shown} {unit}"
    return f"{n} B"


def _lang(request: Request, form_lang: object = None) -> str:
    asked = form_lang if isinstance(form_lang, str) else request.query_params.get("lang", "")
    return "en" if asked == "en" else "zh"


class Rejected(Exception):
    """An upload refused: the HTTP status and what the person is told."""

    def __init__(self, status: int, text: str) -> None:
        super().__init__(text)
        self.status, self.text = status, text


def _name(upload: UploadFile) -> str:
    """The upload's file name without any folder part a browser sent."""
    return os.path.basename((upload.filename or "").replace("\\", "/")).strip() or "report.txt"


def _lint_upload(name: str, data: bytes, limit: int, previous: Result | None = None) -> Result:
    """One upload read from a private temporary folder (deleted at once) and linted with
    the built-in rules; its name is the upload's own."""
    with tempfile.TemporaryDirectory(prefix="gio-lint-serve-") as folder:
        path = Path(folder) / f"upload{Path(name).suffix.lower()}"
        path.write_bytes(data)
        source = read(str(path), limit)
    return lint(replace(source, path=name), previous=previous)


def app(limit: int) -> Starlette:
    """The web app, taking uploads of at most ``limit`` bytes each."""
    env = environment()

    def start(lang: str, message: str = "", status: int = 200) -> Response:
        """The upload form, with what went wrong with the last upload above it."""
        return HTMLResponse(env.get_template("serve.html.j2").render(
            w=WORDS[lang], t=LABELS[lang], lang=lang, message=message, kinds=", ".join(SUFFIXES),
            limit=_size(limit)), status_code=status)

    async def home(request: Request) -> Response:
        return start(_lang(request))

    async def upload(w: dict[str, str], field: object, required: bool) -> tuple[str, bytes] | None:
        if not isinstance(field, UploadFile) or not field.filename:
            if required:
                raise Rejected(400, w["missing"])
            return None
        name = _name(field)
        if Path(name).suffix.lower() not in SUFFIXES:
            raise Rejected(415, w["unknown"].format(name=name, kinds=", ".join(SUFFIXES)))
        data = await field.read(limit + 1)
        if len(data) > limit:
            most = _size(limit)
            raise Rejected(413, w["too_large"].format(name=name, size=f"> {most}", limit=most))
        return name, data

    async def check(request: Request) -> Response:
        lang = _lang(request)
        w = WORDS[lang]
        length = request.headers.get("content-length")
        if length is None or not length.isdigit():
            return start(lang, w["no_length"], 411)
        if int(length) > 2 * limit + _FORM_OVERHEAD:
            too_large = w["too_large_body"].format(size=_size(int(length)), limit=_size(limit))
            return start(lang, too_large, 413)
        async with request.form(max_files=2, max_fields=4) as form:
            lang = _lang(request, form.get("lang"))
            w = WORDS[lang]
            try:
                report = await upload(w, form.get("report"), required=True)
                last = await upload(w, form.get("previous"), required=False)
            except Rejected as no:
                return start(lang, no.text, no.status)
        assert report is not None
        try:
            previous = await run_in_threadpool(_lint_upload, *last, limit, None) if last else None
            if previous is not None:
                previous = replace(previous, diagnostics=())
            result = await run_in_threadpool(_lint_upload, *report, limit, previous)
        except InputError as exc:
            return start(lang, w["unreadable"].format(name=report[0], reason=_reason(exc)), 422)
        return HTMLResponse(page([FileOutcome(report[0], result)], lang, back=f"/?lang={lang}"))

    return Starlette(routes=[Route("/", home, methods=["GET"]), Route("/check", check, methods=["POST"])])


def _reason(exc: InputError) -> str:
    """An input error's reason without the temporary path it names."""
    text = str(exc)
    return text.split(": ", 1)[1] if ": " in text else text


def serve(host: str, port: int, limit: int, out: TextIO = sys.stdout) -> None:
    """Serve on ``host``:``port`` (0: a free port), printing the address first."""
    import uvicorn

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    shown = f"[{host}]" if family == socket.AF_INET6 else host
    print(f"gio-lint serve: http://{shown}:{sock.getsockname()[1]}/  （按 Ctrl-C 停止 / Ctrl-C to stop）",
          file=out, flush=True)
    server = uvicorn.Server(uvicorn.Config(app(limit), log_level="warning", access_log=False))
    server.run(sockets=[sock])
