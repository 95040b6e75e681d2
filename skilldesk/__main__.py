"""`python -m skilldesk` runs the command line."""

from skilldesk.cli import main

raise SystemExit(main())
