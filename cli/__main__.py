"""``python -m cli``: the same as the ``qazaq-news`` command; see ``cli.main``."""

from cli.main import main

raise SystemExit(main())
