"""Running the app: `serve` in the foreground, or a server in a background thread (tests, benchmarks)."""

from __future__ import annotations

import logging
import socket
import threading
import time
from types import TracebackType
from typing import Any, Self

import uvicorn

__all__ = ["BackgroundServer", "is_loopback", "serve"]

STARTUP_TIMEOUT_S = 20.0


def is_loopback(host: str) -> bool:
    """Whether `host` only accepts connections from this machine."""
    return host in ("127.0.0.1", "::1", "localhost") or host.startswith("127.")


def _config(app: Any, host: str, port: int, **extra: Any) -> uvicorn.Config:
    # Access logs are off: their query strings can carry the names people search for.
    return uvicorn.Config(app, host=host, port=port, access_log=False, log_config=None, lifespan="off",
                          server_header=False, **extra)


def serve(app: Any, *, host: str = "127.0.0.1", port: int = 8000, ssl_certfile: str | None = None,
          ssl_keyfile: str | None = None) -> None:
    """Serve `app` until interrupted (Ctrl-C)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    uvicorn.Server(_config(app, host, port, ssl_certfile=ssl_certfile, ssl_keyfile=ssl_keyfile)).run()


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
