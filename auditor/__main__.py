"""`python -m auditor`: SIGTERM acts like Ctrl-C from the first instruction, even while importing.

A signal while the scan runs is handled inside the command (auditor.cli._execute, then graceful_stop);
one that lands here came while importing or while Typer builds the command: nothing was written yet.
"""

import os
import sys

from auditor.interrupts import term_as_interrupt

term_as_interrupt()
try:
    from auditor.cli import app

    app()
except KeyboardInterrupt:  # leave at once: a half-imported interpreter's clean-up may raise again
    print("audit: interrupted before the scan started; nothing to resume (run the command again)",
          file=sys.stderr, flush=True)
    sys.stdout.flush()
    os._exit(130)
