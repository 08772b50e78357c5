"""The index a running process serves, replaced by a newer build without a restart."""

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from knowledge.errors import KnowledgeError
from knowledge.index_files import IndexLayout, LoadedIndex

log = logging.getLogger(__name__)


class ServingIndex:
    """Call it to get the current index. At most every `check_interval_s` it looks whether
    `current` points at a new build and, if so, loads it; a build that fails to load is
    logged once and the index already in memory keeps serving.

    A bot with a background job sets `auto_refresh` off and calls `refresh(ready=...)` from the
    job, so a new build is readied before any turn meets it and no turn waits for the load."""

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
        self.auto_refresh = True
        self._clock = clock
        self._loaded: LoadedIndex | None = None
        self._checked_at = 0.0
        self._loading = threading.Lock()  # one loader at a time; the others keep serving
        self._failed: Path | None = None

    def __call__(self) -> LoadedIndex:
        if self._loaded is None:
            self._loaded = LoadedIndex.load(self._layout.require_current(), self._embedder_name)
            self._checked_at = self._clock()
        elif self.auto_refresh and self._clock() - self._checked_at >= self.check_interval_s:
            self.refresh()
        return self._loaded

    def refresh(self, ready: Callable[[LoadedIndex], None] | None = None) -> bool:
        """Load the build `current` points at if it is new, let `ready` prepare it while the
        previous build still serves, then swap; True when the index was swapped."""
        self._checked_at = self._clock()
        build = self._layout.current_build()
        if build is None or build == self._failed or (self._loaded is not None and build == self._loaded.build_dir):
            return False
        if not self._loading.acquire(blocking=False):
            return False
        try:
            loaded = LoadedIndex.load(build, self._embedder_name)
        except (KnowledgeError, OSError, ValueError, KeyError, RuntimeError) as error:
            log.error("index_reload_failed build=%s error=%s", build, error)
            self._failed = build  # tried again only once `current` points elsewhere
            return False
        else:
            if ready is not None:
                _ready_or_log(ready, loaded)
            self._loaded = loaded
        finally:
            self._loading.release()
        log.info("index_reloaded build=%s chunks=%d", build.name, len(loaded.chunks))
        return True


def _ready_or_log(ready: Callable[[LoadedIndex], None], loaded: LoadedIndex) -> None:
    """Readying only saves later turns work, so a failure there must not keep a good build out."""
    try:
        ready(loaded)
    except Exception:
        log.exception("index_ready_failed build=%s", loaded.build_dir.name)
