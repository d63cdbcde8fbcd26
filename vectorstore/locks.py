"""Locks that let several processes share one embedded store on one machine.

Two lock files in the data folder:

- ``write.lock`` (``filelock``): writers take turns. A second ingest waits for the first, up to a
  timeout, then gives up with one clear line (``StoreBusy``) rather than writing at the same time:
  two embedded Chroma writers corrupt the store for good.
- ``read.lock`` (``flock``): a query holds it shared, a write's commit (or a process reopening
  Chroma) holds it exclusive, so a reader never sees half a batch, and never queries Chroma while
  another process rewrites its files. ``flock`` locks belong to an open file, so threads of one
  process exclude each other too.

Both are advisory and released by the kernel when a process dies, so a crashed ingest never
leaves the store locked.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

from filelock import FileLock, Timeout

from vectorstore.errors import StoreBusy


class StoreLocks(Protocol):
    """Shared access for queries, exclusive access for a write's commit."""

    def reading(self) -> Iterator[None]: ...

    def writing(self) -> Iterator[None]: ...

    def exclusive(self) -> Iterator[None]: ...


class FileLocks:
    """The embedded store's locks: files in its data folder."""

    def __init__(self, folder: Path, write_timeout_s: float) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.write_timeout_s = write_timeout_s
        self._write_lock = FileLock(folder / "write.lock", timeout=write_timeout_s)
        self._read_path = folder / "read.lock"

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._flock(fcntl.LOCK_SH, None):
            yield

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """The read lock alone, exclusively: a process reopening embedded Chroma (which reads
        and may rewrite its files) does it while nobody queries or writes."""
        with self._flock(fcntl.LOCK_EX, None):
            yield

    @contextmanager
    def writing(self) -> Iterator[None]:
        """The write lock (other writers wait), then the read lock exclusively (readers wait)."""
        try:
            self._write_lock.acquire()
        except Timeout as exc:
            raise StoreBusy(_busy_message(self.folder, self.write_timeout_s)) from exc
        try:
            with self._flock(fcntl.LOCK_EX, self.write_timeout_s):
                yield
        finally:
            self._write_lock.release()

    @contextmanager
    def _flock(self, mode: int, timeout_s: float | None) -> Iterator[None]:
        fd = os.open(self._read_path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            if timeout_s is None:
                fcntl.flock(fd, mode)
            else:
                _flock_within(fd, mode, timeout_s, self.folder)
            yield
        finally:
            os.close(fd)  # closing the file releases its lock


def _flock_within(fd: int, mode: int, timeout_s: float, folder: Path) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise StoreBusy(_busy_message(folder, timeout_s)) from None
            time.sleep(0.01)


def _busy_message(where: object, timeout_s: float) -> str:
    return (
        f"{where}: another process is writing to this store; gave up after {timeout_s:g} s "
        "(try again when it finishes, or raise ASSISTANT_WRITE_LOCK_TIMEOUT_S)"
    )


class ThreadDepth(threading.local):
    """How deep the current thread is in the store's read/write sections (for reentrancy)."""

    depth: int = 0
