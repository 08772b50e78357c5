"""Progress of a long index build as a line every so often, on any output (a log file too).

Embedding is the slow part (about 0.9 s per chunk on two shared cores), and a build holds
the build lock throughout, so staff and cron logs should see it moving and roughly when it ends.
"""

import time
from collections.abc import Callable

from knowledge import messages
from knowledge.index_build import BuildStage


class ProgressLines:
    """A `Progress` for IndexBuilder that writes one line per `interval_s` at most; builds
    shorter than that write nothing."""

    def __init__(self, write: Callable[[str], None], interval_s: float = 10.0, clock: Callable[[], float] = time.monotonic):
        self._write = write
        self._interval_s = interval_s
        self._clock = clock
        self._last_line = self._last_call = self._stage_started = clock()
        self._stage: BuildStage | None = None

    def __call__(self, stage: BuildStage, done: int, total: int) -> None:
        now = self._clock()
        if stage != self._stage:
            # A stage starts when the previous one reported its last step, not at its own first step.
            self._stage, self._stage_started = stage, self._last_call
        self._last_call = now
        if now - self._last_line < self._interval_s or not total:
            return
        self._last_line = now
        self._write(progress_line(stage, done, total, now - self._stage_started))


def progress_line(stage: BuildStage, done: int, total: int, elapsed_s: float) -> str:
    """The Korean line; time left is projected from the chunks embedded so far. Reading
    documents says no time, since the embedding that follows it dominates and is not known yet."""
    remaining = messages.BUILD_REMAINING_UNKNOWN
    if stage == "chunks" and 0 < done < total:
        remaining = messages.BUILD_REMAINING.format(duration=messages.duration(elapsed_s / done * (total - done)))
    return messages.BUILD_PROGRESS[stage].format(done=done, total=total, percent=done * 100 // total, remaining=remaining)
