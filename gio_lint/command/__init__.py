"""The command: arguments in, a run and its output out.

``cli`` turns arguments into a run and a run into output and an exit code; ``runner`` lints
files in worker processes, in input order, with the settings ``config`` finds for each and the
files ``selection`` chooses; ``baseline`` holds findings back by anchor; ``atomic`` writes an
output file whole or not at all, ``interrupts`` keeps a signal from cutting a step in two; and
``serve`` is the local upload page."""
