"""Structure: text in, a report model out.

The Lark grammar parses the lines into headings, paragraphs and rows (``parse``), rows become
tables (``layout``, ``aligned``, ``captions``) and the result is the immutable ``model.Report``.
Also here: the folding of labels for matching (``fold``), cell values as exact fractions
(``values``, ``numerals``), the reporting year (``year``), free-form 指标 tables
(``indicators``), and whether the text lost its line breaks (``run_together``)."""
