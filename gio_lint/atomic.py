"""Writing an output file (a baseline, a report with --output-file) atomically: the text
goes to a temporary file beside the target, then replaces it in one step, so a reader —
a CI step uploading SARIF, a second gio-lint — never sees half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(target: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}-", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
