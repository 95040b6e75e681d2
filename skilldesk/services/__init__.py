"""Use cases: one module per workflow, composing core and files, with progress and cancel."""
