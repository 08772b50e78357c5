"""Notices for staff (new and cancelled bookings), collected by the core and sent by a channel.

Turns run in worker threads and never send anything themselves; the Telegram layer drains
this buffer into the staff chat every few seconds, the console logs what it drains.
"""

import threading

from bot.conversation import Button


class StaffNoticeBuffer:
    """A `StaffNotifier` (see bot.booking) that keeps notices until a channel takes them."""

    def __init__(self):
        self._lock = threading.Lock()
        self._pending: list[tuple[str, tuple[Button, ...]]] = []

    def notify(self, text: str, buttons: tuple[Button, ...] = ()) -> None:
        with self._lock:
            self._pending.append((text, tuple(buttons)))

    def drain(self) -> list[tuple[str, tuple[Button, ...]]]:
        with self._lock:
            pending, self._pending = self._pending, []
        return pending

    def put_back(self, notices: list[tuple[str, tuple[Button, ...]]]) -> None:
        """Return undelivered notices to the front, so a failed send loses nothing."""
        with self._lock:
            self._pending = list(notices) + self._pending
