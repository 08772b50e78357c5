"""The consultants' group after the users' messages that reached the bot before it.

Users write in private chats, consultants in a group; PerChatUpdateProcessor keeps each chat in
order but runs different chats side by side. When updates come together (a restart's backlog,
where getUpdates returns a user's message and a consultant's reply written meanwhile at once),
the consultant's update used to be handled while the user's turn was still running: "✅ 김민지님이
이 상담을 맡았어요." went into the topic above the user's message (QA #16). So an update of a group
waits, in its own chat's turn, until every private-chat update that arrived before it is done
(its relay to the topic included). Private chats never wait for groups, so nothing can deadlock,
and a group waits at most for the turns already running when its update arrived.

Why every earlier private update, not only the topic's user: which user a topic belongs to is
known only from the database, after the update is handled; groups' updates are few and the wait
is bounded by one turn, so a consultant's message is delayed by at most that.
"""

import asyncio
from collections.abc import Awaitable

from telegram import Update
from telegram.constants import ChatType

from bot.tg.ordering import PerChatUpdateProcessor


class StaffAfterUsersProcessor(PerChatUpdateProcessor):
    """Per-chat order (the base class), and a group's update after the private updates before it."""

    def __init__(self, max_concurrent_updates: int):
        super().__init__(max_concurrent_updates)
        self._private_running: set[asyncio.Future] = set()  # private updates arrived and not done

    async def do_process_update(self, update: object, coroutine: Awaitable) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await super().do_process_update(update, coroutine)
        elif chat.type == ChatType.PRIVATE:
            await self._private(update, coroutine)
        else:  # taken now, on arrival: later private updates are not waited for
            await super().do_process_update(update, _after(tuple(self._private_running), coroutine))

    async def _private(self, update: Update, coroutine: Awaitable) -> None:
        done = asyncio.get_running_loop().create_future()
        self._private_running.add(done)
        try:
            await super().do_process_update(update, coroutine)
        finally:
            self._private_running.discard(done)
            done.set_result(None)


async def _after(earlier: tuple[asyncio.Future, ...], coroutine: Awaitable) -> None:
    try:
        if earlier:
            await asyncio.wait(earlier)
    except BaseException:  # cancelled while waiting (shutdown): the update's handling never starts
        coroutine.close()
        raise
    await coroutine
