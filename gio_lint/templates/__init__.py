"""Templates and matching: a report model in, which section and table is which out.

``forms`` loads the official formats from rules/templates/*.toml; ``detect`` tells which one
a report's tables follow; ``match`` pairs headings with sections and tables with template
tables; ``table_reader`` reads one table against its template table, cell by cell, and says
how it deviates."""
