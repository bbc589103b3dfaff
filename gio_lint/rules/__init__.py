"""Rules: a matched report in, findings out.

``ruleset`` checks rule files against the table of kinds it is given, ``rulebook`` loads the
built-in rules and an agency's rule folders, ``expr`` parses sum expressions and cell
references, ``kinds`` holds one engine per rule kind, each seeing a ``context``; ``lint`` runs
the stages above for one source and the rules on it; ``diagnostics`` is a finding."""
