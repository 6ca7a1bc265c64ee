"""Broken brokers for outage tests: the test process's Celery app is pointed at a closed port, or at a server
that accepts connections and never answers (a hung or overloaded Redis, a half-open network path)."""

import contextlib
import socket
import threading

from config.celery import app

CLOSED_PORT_BROKER = "redis://127.0.0.1:1/15"


def reset_producer_pools() -> None:
    # The app caches its connection and producer pools for the broker URL it first used; dropping the
    # references makes the next send build them for the current URL (kombu keeps one pool per URL).
    app._pool = None  # type: ignore[attr-defined]  # private to Celery, hence not in celery-types
    app.amqp._producer_pool = None  # type: ignore[attr-defined]


@contextlib.contextmanager
def broker_at(url: str):
    previous = app.conf.broker_url
    app.conf["broker_url"] = url  # the same as attribute assignment, which celery-types calls read-only
    reset_producer_pools()
    try:
        yield
    finally:
        app.conf["broker_url"] = previous
        reset_producer_pools()


def broker_unreachable():
    """Point the test process's Celery app at a closed port: connecting is refused at once."""
    return broker_at(CLOSED_PORT_BROKER)


class SilentServer:
    """A TCP server on a free loopback port that accepts every connection and never sends a byte."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.connections: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/15"

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:  # closed
                return
            self.connections.append(conn)

    def close(self) -> None:
        self.sock.close()
        for conn in self.connections:
            conn.close()


@contextlib.contextmanager
def broker_silent():
    """Point the test process's Celery app at a broker that accepts but never answers. Yields the server."""
    server = SilentServer()
    try:
        with broker_at(server.url):
            yield server
    finally:
        server.close()
