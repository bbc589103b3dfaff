"""Holding back Ctrl-C (SIGINT) and SIGTERM for a few steps that must not be cut in two:
creating a file that an interruption is to remove, and starting worker processes (an
interruption that lands while a process forks is swallowed by Python's fork hooks, and the
run would go on). A held signal is not lost: it comes when released. Where signals cannot
be held (Windows), nothing is."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator

_STOPS = {signal.SIGINT, signal.SIGTERM}

Held = set[int | signal.Signals] | None


def hold() -> Held:
    """Hold them back; returns what to give ``release``."""
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)


def release(held: Held) -> None:
    if held is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


@contextlib.contextmanager
def held() -> Iterator[None]:
    mask = hold()
    try:
        yield
    finally:
        release(mask)


def unheld() -> None:
    """In a process started while they were held (a worker): let them through."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPS)
