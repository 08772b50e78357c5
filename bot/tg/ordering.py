"""Updates of one chat in order, different chats concurrently."""

import asyncio
from collections.abc import Awaitable

from telegram import Update
from telegram.ext import BaseUpdateProcessor


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """PTB's concurrent processing loses per-chat order; a FIFO lock per chat restores it.

    Tasks reach the lock in arrival order and asyncio.Lock wakes waiters first-in first-out,
    so a user's messages are answered in the order they were sent.
    """

    def __init__(self, max_concurrent_updates: int):
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        lock = self._locks.setdefault(chat.id, asyncio.Lock())
        self._waiting[chat.id] = self._waiting.get(chat.id, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._release(chat.id)

    def _release(self, chat_id: int) -> None:
        # Forget idle chats, so memory does not grow with every user ever seen.
        self._waiting[chat_id] -= 1
        if self._waiting[chat_id] == 0:
            del self._waiting[chat_id], self._locks[chat_id]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""
