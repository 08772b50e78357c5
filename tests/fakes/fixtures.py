"""Pytest fixtures for end-to-end tests of the real PTB Application against the fake Bot API.

Opt in per directory (so unit tests elsewhere keep their network behaviour) with one line in
that directory's conftest.py:

    from tests.fakes.fixtures import *  # noqa: F401,F403

That brings `telegram_server`, `application_builder` and `running_application`, and turns on the
autouse `no_external_network` guard for the tests of that directory only.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import pytest
from telegram.ext import Application, ApplicationBuilder

from tests.fakes.telegram_bot_api import FakeTelegramBotApi

__all__ = [
    "ExternalNetworkBlocked", "NetworkGuard", "application_builder", "no_external_network",
    "running_application", "telegram_server",
]


class ExternalNetworkBlocked(RuntimeError):
    """Raised when a test tries to reach a host other than loopback (e.g. api.telegram.org)."""


@dataclass
class NetworkGuard:
    """What the guard refused; a non-empty list fails the test at teardown."""

    attempts: list[str] = field(default_factory=list)

    def refuse(self, what: str) -> None:
        self.attempts.append(what)
        raise ExternalNetworkBlocked(f"tests may only reach 127.0.0.1, not {what}")


def _is_loopback(host: object) -> bool:
    if host is None:
        return True  # getaddrinfo(None, port) resolves a local bind address
    name = host.decode() if isinstance(host, bytes) else str(host)
    if name in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(name.split("%")[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def no_external_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[NetworkGuard]:
    """Refuse name lookups and connections to anything but loopback, and fail loudly.

    PTB turns network errors into retries, so raising alone could go unnoticed: every refused
    attempt is also recorded and fails the test at teardown.
    """
    guard = NetworkGuard()
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def getaddrinfo(host, *args, **kwargs):
        if not _is_loopback(host):
            guard.refuse(f"name lookup of {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    def checked(sock: socket.socket, address: object) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address[0]):
            guard.refuse(f"connection to {address!r}")

    def connect(sock, address):
        checked(sock, address)
        return real_connect(sock, address)

    def connect_ex(sock, address):
        checked(sock, address)
        return real_connect_ex(sock, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    yield guard
    if guard.attempts:
        pytest.fail("test tried to leave 127.0.0.1:\n" + "\n".join(guard.attempts))


@pytest.fixture
def telegram_server() -> Iterator[FakeTelegramBotApi]:
    """A running fake Bot API; teardown fails on unimplemented methods or a crash in the fake."""
    with FakeTelegramBotApi() as server:
        yield server
        server.assert_clean()


def application_builder(server: FakeTelegramBotApi) -> ApplicationBuilder:
    """An ApplicationBuilder wired to the fake server (add handlers, then .build())."""
    return (ApplicationBuilder().token(server.token)
            .base_url(server.base_url).base_file_url(server.base_file_url))


@asynccontextmanager
async def running_application(
    app: Application, *, poll_timeout: int = 10, allowed_updates: list[str] | None = None
) -> AsyncIterator[Application]:
    """Run `app` polling the fake server the way run_polling does, and stop it cleanly.

    A long poll_timeout is fine: stopping cancels the pending poll, and the fake answers polls
    the moment an update arrives. Pass the same allowed_updates as the production entry point
    (None = Telegram's default set).
    """
    await app.initialize()
    if app.post_init:  # run_polling calls it between initialize and start; so do we
        await app.post_init(app)
    await app.start()
    await app.updater.start_polling(poll_interval=0, timeout=poll_timeout,
                                    allowed_updates=allowed_updates)
    try:
        yield app
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
