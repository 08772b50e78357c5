"""The index a running process serves, replaced by a newer build without a restart."""

import logging
import time
from collections.abc import Callable
from pathlib import Path

from knowledge.errors import KnowledgeError
from knowledge.index_files import IndexLayout, LoadedIndex

log = logging.getLogger(__name__)


class ServingIndex:
    """Call it to get the current index. At most every `check_interval_s` it looks whether
    `current` points at a new build and, if so, loads it; a build that fails to load is
    logged and the index already in memory keeps serving."""

    def __init__(
        self,
        index_dir: Path,
        embedder_name: str,
        check_interval_s: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self._layout = IndexLayout(index_dir)
        self._embedder_name = embedder_name
        self.check_interval_s = check_interval_s
        self._clock = clock
        self._loaded: LoadedIndex | None = None
        self._checked_at = 0.0

    def __call__(self) -> LoadedIndex:
        if self._loaded is None:
            self._loaded = LoadedIndex.load(self._layout.require_current(), self._embedder_name)
            self._checked_at = self._clock()
        elif self._clock() - self._checked_at >= self.check_interval_s:
            self.refresh()
        return self._loaded

    def refresh(self) -> bool:
        """Load the build `current` points at if it is new; True when the index was swapped."""
        self._checked_at = self._clock()
        build = self._layout.current_build()
        if build is None or (self._loaded is not None and build == self._loaded.build_dir):
            return False
        try:
            loaded = LoadedIndex.load(build, self._embedder_name)
        except (KnowledgeError, OSError, ValueError, KeyError, RuntimeError) as error:
            log.error("index_reload_failed build=%s error=%s", build, error)
            return False
        self._loaded = loaded
        log.info("index_reloaded build=%s chunks=%d", build.name, len(loaded.chunks))
        return True
