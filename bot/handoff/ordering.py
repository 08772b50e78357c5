"""Request cards in request order: a card waits while an earlier request's card is still on its way.

Turns of different users run side by side and the one that numbered its request first can finish
(and post) last, so without this the staff group saw #6, #7, #5. A request is expected from the
moment its number exists until the channel reports its card posted (or failed); a card waits only
for lower numbers, at most `max_wait_s` after that earlier request, so a card whose turn died
never holds the others up for long. One process: several webhook workers each keep their own order.
"""

import threading
import time
from collections.abc import Callable

MAX_WAIT_S = 3.0


class CardOrder:
    def __init__(self, max_wait_s: float = MAX_WAIT_S, clock: Callable[[], float] = time.monotonic):
        self._max_wait_s = max_wait_s
        self._clock = clock
        self._expected: dict[int, float] = {}  # request number -> when it was numbered
        self._lock = threading.Lock()  # numbered in the turns' threads, posted on the event loop

    def expect(self, number: int) -> None:
        with self._lock:
            self._expected[number] = self._clock()

    def posted(self, number: int) -> None:
        """The card went out (or gave up): later cards stop waiting for it."""
        with self._lock:
            self._expected.pop(number, None)

    def earlier_pending(self, number: int) -> bool:
        """A lower-numbered card is still expected and not yet overdue."""
        now = self._clock()
        with self._lock:
            overdue = [n for n, since in self._expected.items() if now - since > self._max_wait_s]
            for stale in overdue:
                del self._expected[stale]
            return any(n < number for n in self._expected)
