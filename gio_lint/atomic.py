"""Writing an output file (a baseline, a report with --output-file) atomically: the text
goes to a temporary file beside the target, then replaces it in one step, so a reader —
a CI step uploading SARIF, a second gio-lint — never sees half a file.

Only a regular file (or a new one) is replaced so, and it keeps its permissions (a new
one gets those the umask gives). A symbolic link stays a link: the file it points to is
the one written. Anything else that already exists — a device such as /dev/null or
/dev/stdout's terminal, a named pipe — is written through, as a shell's ``>`` would: it is
never replaced by a file."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def _umask_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(target: Path, text: str) -> None:
    target = Path(os.path.realpath(target))  # through a link to what it points to
    try:
        status = target.stat()
    except FileNotFoundError:
        status = None
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise IsADirectoryError(21, "是目录 (is a directory)", str(target))
    if status is not None and not stat.S_ISREG(status.st_mode):
        with open(target, "w", encoding="utf-8", newline="\n") as fh:  # a device or a pipe: written through
            fh.write(text)
        return
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}-", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            os.fchmod(fh.fileno(), stat.S_IMODE(status.st_mode) if status is not None else _umask_mode())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
