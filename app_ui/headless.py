"""Serving the app on a free local port and driving it in Debian's chromium.

Shared by the browser tests and ``bench/screenshots.py`` so both launch the browser the same way:
Debian's chromium (never a Playwright-downloaded one), without the background networking that
this offline machine would refuse.
"""

from __future__ import annotations

import socket

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
