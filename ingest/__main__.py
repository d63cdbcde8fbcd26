"""``python -m ingest PATH... [--delete ID] [--json]``: see ``ingest.cli``."""

from ingest.cli import main

raise SystemExit(main())
