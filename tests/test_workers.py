"""Worker pools leave Ctrl-C to the process that started them."""

from __future__ import annotations

import signal

import pytest

from aigak.core.workers import worker_pool


def _sigint_handler() -> object:
    return signal.getsignal(signal.SIGINT)


@pytest.mark.parametrize("fork", [False, True])
def test_workers_ignore_ctrl_c_so_the_parent_decides_when_to_stop(fork: bool) -> None:
    with worker_pool(2, fork=fork) as pool:
        assert pool.submit(_sigint_handler).result(timeout=60) == signal.SIG_IGN
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # the parent still hears it
