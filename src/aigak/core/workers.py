"""Worker process pools that leave Ctrl-C to the process that started them.

A Ctrl-C in a terminal reaches every process of the foreground group, workers included. A worker
interrupted while it waits for its next job dies holding the pool's job queue, and the parent can
then wait for it for half a minute or for ever (seen in one run in ten of `extract --all --workers 2`).
Workers made here ignore the interrupt: the parent stops handing out jobs, the workers finish the
one they hold and exit, and what was saved stays saved.
"""

from __future__ import annotations

import signal
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

__all__ = ["worker_pool"]


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def worker_pool(workers: int, *, fork: bool = False) -> ProcessPoolExecutor:
    """A pool of `workers` processes that ignore Ctrl-C.

    Args:
        workers: how many processes.
        fork: start them by forking this process, so that they see its module globals as they are
            now (large read-only inputs are then shared, not pickled); else the platform's default.
    """
    context = get_context("fork") if fork else None
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_ignore_interrupts)
