"""Input: bytes and documents in, text and places out.

A path, a pipe or an upload is read into one text (encodings told apart, line endings made
``\n``, nothing else changed) with the problems found on the way (``read.Problem``); Word,
HTML and PDF documents are turned into the same text layout by ``sources``, with the place a
person can find for each line and the grid marks of each table row. Imports nothing from the
later stages."""
