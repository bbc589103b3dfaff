"""The error an input ends with: a file that cannot be linted at all (missing, binary,
empty, undecodable, a damaged document). Raised by the readers (gio_lint.input.read and
gio_lint.input.sources), reported as one line, exit code 2; the run goes on with the others."""

from __future__ import annotations


class InputError(Exception):
    """Input that cannot be linted at all: reported as one line, exit code 2."""
