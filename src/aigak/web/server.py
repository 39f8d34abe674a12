"""Running the app: `serve` in the foreground, or a server in a background thread (tests, benchmarks)."""

from __future__ import annotations

import contextlib
import logging
import math
import os
import signal
import socket
import sys
import threading
import time
from types import FrameType, TracebackType
from typing import Any, Self

import uvicorn

__all__ = ["SHUTDOWN_GRACE_S", "BackgroundServer", "is_loopback", "serve"]

STARTUP_TIMEOUT_S = 20.0
SHUTDOWN_GRACE_S = 5.0
"""How long requests still running at Ctrl-C (or SIGTERM) may go on before `serve` stops without them."""
_EXIT_MARGIN_S = 1.5
log = logging.getLogger(__name__)


def is_loopback(host: str) -> bool:
    """Whether `host` only accepts connections from this machine."""
    return host in ("127.0.0.1", "::1", "localhost") or host.startswith("127.")


def _config(app: Any, host: str, port: int, **extra: Any) -> uvicorn.Config:
    # Access logs are off: their query strings can carry the names people search for.
    return uvicorn.Config(app, host=host, port=port, access_log=False, log_config=None, lifespan="off",
                          server_header=False, **extra)


class _StoppableServer(uvicorn.Server):
    """A uvicorn server that Ctrl-C (SIGINT) or SIGTERM stops within `grace_s` even while a request runs.

    uvicorn stops accepting connections at once, but then waits for every running request; a request
    computing in a worker thread (a long case file, an upload being extracted) cannot be cancelled,
    so the process used to outlive two Ctrl-C and needed `kill -9`. Here the first signal lets running
    requests finish for `grace_s`; after that, or at a second Ctrl-C, the process ends without them.
    Their transactions are never committed: SQLite and PostgreSQL roll them back, as for a lost client.
    """

    def __init__(self, config: uvicorn.Config, *, grace_s: float) -> None:
        super().__init__(config)
        self.grace_s = grace_s
        self._watchdog: threading.Timer | None = None

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        if self.should_exit and sig == signal.SIGINT:
            _exit_now(sig, "Stopped at a second Ctrl-C without waiting for running requests.")
        super().handle_exit(sig, frame)
        if self._watchdog is None:
            # a little after uvicorn's own bound, which cancels the requests but still waits for their threads
            self._watchdog = threading.Timer(self.grace_s + _EXIT_MARGIN_S, _exit_now, args=(
                sig, f"Stopped: requests still running {self.grace_s:g} s after the signal were abandoned."))
            self._watchdog.daemon = True
            self._watchdog.start()


def _exit_now(sig: int, message: str) -> None:
    log.warning(message)
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(128 + sig)  # a worker thread cannot be stopped, and interpreter exit would wait for it


def serve(app: Any, *, host: str = "127.0.0.1", port: int = 8000, ssl_certfile: str | None = None,
          ssl_keyfile: str | None = None, shutdown_grace_s: float = SHUTDOWN_GRACE_S) -> None:
    """Serve `app` until interrupted (Ctrl-C or SIGTERM).

    Args:
        shutdown_grace_s: how long running requests may go on after the signal before the server
            stops without them (a second Ctrl-C stops at once).
    """
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    config = _config(app, host, port, ssl_certfile=ssl_certfile, ssl_keyfile=ssl_keyfile,
                     timeout_graceful_shutdown=max(1, math.ceil(shutdown_grace_s)))
    _StoppableServer(config, grace_s=shutdown_grace_s).run()


class BackgroundServer:
    """The app served by uvicorn in a thread on a free loopback port.

    Use as a context manager; `url` is the base address (`http://127.0.0.1:PORT`).
    """

    def __init__(self, app: Any, *, host: str = "127.0.0.1") -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Accepted connections inherit this: without it a keep-alive response written in two parts
        # waits for the client's delayed ACK (about 40 ms a request on Linux loopback).
        self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._sock.bind((host, 0))
        self.port = int(self._sock.getsockname()[1])
        self.url = f"http://{host}:{self.port}"
        self._server = uvicorn.Server(_config(app, host, self.port, log_level="warning"))
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._sock]}, daemon=True,
                                        name=f"aigak-web-{self.port}")

    def start(self) -> Self:
        self._thread.start()
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("The web server did not start.")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._sock.close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
