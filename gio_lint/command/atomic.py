"""Writing an output file (a baseline, a report with --output-file) atomically: the text
goes to a temporary file beside the target as it is produced, then replaces the target in
one step, so a reader — a CI step uploading SARIF, a second gio-lint — never sees half a
file, and a run that fails or is interrupted leaves the target as it was.

Only a regular file (or a new one) is replaced so, and it keeps its permissions (a new
one gets those the umask gives). A symbolic link stays a link: the file it points to is
the one written. Anything else that already exists — a device such as /dev/null or
/dev/stdout's terminal, a named pipe — is written through, as a shell's ``>`` would: it is
never replaced by a file."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from gio_lint.command.interrupts import hold, release


def _umask_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextlib.contextmanager
def open_atomic(target: Path) -> Iterator[TextIO]:
    """A text stream whose content replaces ``target`` when the ``with`` block ends
    normally; on an exception the target is untouched and the temporary file removed."""
    target = Path(os.path.realpath(target))  # through a link to what it points to
    try:
        status = target.stat()
    except FileNotFoundError:
        status = None
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise IsADirectoryError(21, "是目录 (is a directory)", str(target))
    if status is not None and not stat.S_ISREG(status.st_mode):
        with open(target, "w", encoding="utf-8", newline="\n") as fh:  # a device or a pipe: written through
            yield fh
        return
    tmp = ""
    held = hold()  # until the temporary file is known, so that an interruption removes it
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}-", dir=target.parent)
        release(held)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            yield fh
            os.fchmod(fh.fileno(), stat.S_IMODE(status.st_mode) if status is not None else _umask_mode())
        os.replace(tmp, target)
    except BaseException:
        release(held)
        if tmp:
            Path(tmp).unlink(missing_ok=True)
        raise



def write_atomic(target: Path, text: str) -> None:
    with open_atomic(target) as fh:
        fh.write(text)
