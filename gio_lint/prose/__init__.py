"""Prose: a report model in, its sentences, numbers and enumerations out.

``passages`` groups the text lines into passages and sentences and compiles rule patterns with
their placeholders; ``numbers`` reads numbers as prose writes them, each an exact interval;
``enumerations`` finds totals and the parts listed under them. ``required``, ``regex_safety``
and ``budget`` are the pattern machinery: what a match must contain, which patterns are
refused, and the time budget they run under."""
