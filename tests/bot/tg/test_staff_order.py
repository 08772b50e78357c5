"""StaffAfterUsersProcessor: a group's update waits for the private updates that arrived before it,
never for later ones, and private chats never wait for groups. Real PTB `Update`s; each "handling"
is a coroutine the test releases by hand, so the order is decided by the processor, not by timing."""

import asyncio

import pytest
from telegram import Update

from bot.tg.staff_order import StaffAfterUsersProcessor

pytestmark = pytest.mark.asyncio
STAFF_GROUP = -1001


def _update(update_id: int, chat_id: int) -> Update:
    chat_type = "private" if chat_id > 0 else "supergroup"
    message = {"message_id": update_id, "date": 0, "text": "…", "chat": {"id": chat_id, "type": chat_type},
               "from": {"id": abs(chat_id), "is_bot": False, "first_name": "사용자"}}
    return Update.de_json({"update_id": update_id, "message": message}, None)


class Handling:
    """Stands in for PTB's processing of one update: records its start and end, ends when released."""

    def __init__(self, log: list[str]):
        self.log, self.released = log, {}

    def of(self, name: str):
        self.released[name] = asyncio.Event()

        async def run():
            self.log.append(f"{name} starts")
            await self.released[name].wait()
            self.log.append(f"{name} ends")
        return run()


async def _settle():
    for _ in range(10):
        await asyncio.sleep(0)


async def test_a_group_update_waits_for_the_private_updates_that_arrived_before_it_only():
    processor, log = StaffAfterUsersProcessor(16), []
    handling = Handling(log)
    tasks = [asyncio.create_task(processor.process_update(_update(1, 7), handling.of("user")))]
    await _settle()
    tasks.append(asyncio.create_task(processor.process_update(_update(2, STAFF_GROUP), handling.of("consultant"))))
    await _settle()
    tasks.append(asyncio.create_task(processor.process_update(_update(3, 8), handling.of("later user"))))
    await _settle()
    assert log == ["user starts", "later user starts"]  # the consultant's waits; a later user does not
    handling.released["user"].set()
    await _settle()
    assert log[-2:] == ["user ends", "consultant starts"]  # the later user's turn is not waited for
    handling.released["consultant"].set()
    handling.released["later user"].set()
    await asyncio.gather(*tasks)


async def test_a_private_update_never_waits_for_a_group():
    processor, log = StaffAfterUsersProcessor(16), []
    handling = Handling(log)
    tasks = [asyncio.create_task(processor.process_update(_update(1, STAFF_GROUP), handling.of("consultant")))]
    await _settle()
    tasks.append(asyncio.create_task(processor.process_update(_update(2, 7), handling.of("user"))))
    await _settle()
    assert log == ["consultant starts", "user starts"]
    for event in handling.released.values():
        event.set()
    await asyncio.gather(*tasks)
