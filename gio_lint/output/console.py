"""The rich console that people's formats print on: colour as asked (``--color``, or
NO_COLOR / FORCE_COLOR), text as written (no markup, no emoji), and a closed pipe
(``| head``) raised as such, for the command to stop writing there."""

from __future__ import annotations

import os
from typing import TextIO

from rich.console import Console


def console(color: str, stream: TextIO) -> Console:
    if color == "auto":  # the conventions (no-color.org, force-color.org); --color wins over both
        color = "never" if os.environ.get("NO_COLOR") else "always" if os.environ.get("FORCE_COLOR") else "auto"
    force = {"always": True, "never": False}.get(color)
    made = Console(file=stream, highlight=False, soft_wrap=True, force_terminal=force,
                   no_color=color == "never", emoji=False, markup=False)
    made.on_broken_pipe = _broken_pipe  # type: ignore[method-assign]  # rich would exit with 1
    return made


def _broken_pipe() -> None:
    raise BrokenPipeError
