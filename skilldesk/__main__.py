"""`python -m skilldesk` (and the frozen app's entry point) runs the command line."""

import multiprocessing

from skilldesk.cli import main

if __name__ == "__main__":
    # The photo checker's worker processes are spawned; a frozen build must handle that here.
    multiprocessing.freeze_support()
    raise SystemExit(main())
