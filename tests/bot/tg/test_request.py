"""The aiohttp transport against the fake Bot API: calls, uploads, downloads and PTB's errors."""

import json
import socket

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import NetworkError, TimedOut
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from bot.tg.request import AiohttpRequest, _body, _env_proxy
from tests.fakes.fixtures import *  # noqa: F401,F403  (telegram_server, network guard)

pytestmark = pytest.mark.asyncio


def _bot(server) -> Bot:
    return Bot(server.token, base_url=server.base_url, base_file_url=server.base_file_url, request=AiohttpRequest())


async def test_a_text_with_a_keyboard_arrives_as_sent(telegram_server):
    user = telegram_server.add_user("박과장")
    telegram_server.user_sends_text(user, "안녕하세요")
    async with _bot(telegram_server) as bot:
        sent = await bot.send_message(chat_id=user.id, text="반가워요 🙂", reply_markup={"inline_keyboard": [[{"text": "예", "callback_data": "y"}]]})
    [message] = await telegram_server.wait_for_bot_messages_async(user)
    assert sent.text == message.text == "반가워요 🙂" and message.callback_data() == ["y"]


async def test_parameters_go_as_a_json_body_with_their_types():
    """Form-encoding a Korean reply cost a third of a sendMessage; JSON keeps objects as objects."""
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("예 👍", callback_data="fb:up:1")]])
    parameters = {"chat_id": 7, "text": "반가워요\n두 줄", "reply_markup": keyboard, "disable_notification": True}
    data = RequestData([RequestParameter.from_input(name, value) for name, value in parameters.items()])
    assert json.loads(_body(data, None)) == {
        "chat_id": 7, "text": "반가워요\n두 줄", "disable_notification": True,
        "reply_markup": {"inline_keyboard": [[{"text": "예 👍", "callback_data": "fb:up:1"}]]},
    }


async def test_a_file_is_uploaded_and_a_users_file_downloaded(telegram_server):
    user = telegram_server.add_user("박과장")
    posted = telegram_server.user_sends_document(user, b"%PDF-1.4 brochure", "안내.pdf")
    async with _bot(telegram_server) as bot:
        await bot.send_document(chat_id=user.id, document=InputFile(b"BEGIN:VCALENDAR", filename="상담.ics"))
        downloaded = await (await bot.get_file(posted.document["file_id"])).download_as_bytearray()
    [message] = await telegram_server.wait_for_bot_messages_async(user)
    assert message.document_name == "상담.ics" and message.file_bytes == b"BEGIN:VCALENDAR"
    assert bytes(downloaded) == b"%PDF-1.4 brochure"


async def test_a_slow_answer_is_a_timeout(telegram_server):
    request = AiohttpRequest()
    await request.initialize()
    try:
        # A long poll with nothing to deliver holds the answer for a second; we wait 0.2 s.
        data = RequestData([RequestParameter.from_input("timeout", 1)])
        with pytest.raises(TimedOut):
            await request.post(f"{telegram_server.base_url}{telegram_server.token}/getUpdates", data, read_timeout=0.2)
    finally:
        await request.shutdown()


async def test_nobody_listening_is_a_network_error():
    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    request = AiohttpRequest()
    await request.initialize()
    try:
        with pytest.raises(NetworkError):
            await request.post(f"http://127.0.0.1:{port}/bot1:x/getMe")
    finally:
        await request.shutdown()


async def test_a_proxy_from_the_environment_is_used_unless_no_proxy_names_the_host(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    _env_proxy.cache_clear()
    try:
        assert _env_proxy("https", "api.telegram.org") == "http://proxy.example:3128"
        assert _env_proxy("https", "127.0.0.1") is None
    finally:
        _env_proxy.cache_clear()
