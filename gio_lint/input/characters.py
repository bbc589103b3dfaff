"""Characters that are in a text without being seen: read.py reports them as a problem of the
input, and the later stages drop them from everything they compare."""

from __future__ import annotations

import re

# zero-width characters and bidirectional controls: invisible, so never part of what text says
INVISIBLE_RANGES = "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
INVISIBLE = re.compile(f"[{INVISIBLE_RANGES}]")
