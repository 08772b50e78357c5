"""A fake Telegram Bot API server on 127.0.0.1 for end-to-end tests of the real PTB Application.

The bot under test talks HTTP to this server exactly as it would to api.telegram.org
(`ApplicationBuilder().base_url(server.base_url).base_file_url(server.base_file_url)`), while the
test plays the users through a synchronous, thread-safe API (`user_sends_text`,
`user_presses_button`, ...) and observes what the bot did (`wait_for_bot_messages`,
`wait_for_call`, `calls`).

What it models, and why:
- The wire format PTB uses (telegram/request/_requestdata.py): POST, form-urlencoded or
  multipart/form-data, every non-string value JSON-encoded into a string field; JSON bodies and
  GET query strings are accepted too. Replies are `{"ok": true, "result": ...}` or
  `{"ok": false, "error_code": ..., "description": ...}` with the HTTP status PTB maps to
  exceptions (400 BadRequest, 403 Forbidden, 404/401 InvalidToken, 409 Conflict).
- Real long polling: getUpdates blocks until an update arrives, its `timeout` passes, or the
  server stops; `offset` confirms, `limit` caps, `allowed_updates` persists between calls; a newer
  getUpdates ends an older one with 409 Conflict, as Telegram does.
- The limits a bot must respect, with Telegram's error texts: text 1-4096 characters after
  entity parsing, caption 0-1024, callback_data 1-64 bytes, parse_mode markup that Telegram
  cannot parse, "message is not modified", unknown chats, forum-only topic methods, deleted
  topics, kicked bots, users who blocked the bot.
- Forum topics as Telegram shapes them: a topic's id is the id of its `forum_topic_created`
  service message, and a topic message that is not an explicit reply carries that service
  message as `reply_to_message` (a classic source of bugs in "is this a reply?" checks).
- Group privacy mode: a non-admin bot in a group only sees commands, replies to it and mentions.

Failing loudly: a method the fake does not implement answers 404 "Not Found: ..." and is kept in
`unimplemented_calls`; a crash inside the fake answers 500 and is kept in `internal_errors`;
`assert_clean()` (called by the `telegram_server` fixture at teardown) fails on either.

Error texts marked "best effort" below follow MTProto error names where the exact Bot API
wording is not documented. Not modelled: flood limits (429), payments, inline mode, media groups,
webhooks beyond recording the URL, downloading files from URLs (the network is closed).
"""

from __future__ import annotations

import asyncio
import copy
import html
import itertools
import json
import mimetypes
import re
import socket
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

DEFAULT_TOKEN = "123456789:FAKE-bot-token-for-tests"
DEFAULT_TIMEOUT = 5.0

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_INLINE_BUTTONS = 100
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024
FORUM_ICON_COLORS = (7322096, 16766590, 13338331, 9367192, 16749490, 16478047)

# Telegram leaves these out when allowed_updates was never set (or set to []).
_NOT_DELIVERED_BY_DEFAULT = {"chat_member", "message_reaction", "message_reaction_count"}
_CHAT_ACTIONS = {
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note",
    "upload_video_note",
}
_INLINE_BUTTON_ACTIONS = {
    "url", "callback_data", "web_app", "login_url", "switch_inline_query",
    "switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text",
    "callback_game", "pay",
}
# Parameters whose form value is a JSON document (PTB json.dumps every non-string value).
_JSON_PARAMS = {
    "reply_markup", "entities", "caption_entities", "reply_parameters", "link_preview_options",
    "allowed_updates", "commands", "scope", "media", "results", "permissions",
    "explanation_entities", "options", "prices", "reaction",
}
_INT_PARAMS = {
    "chat_id", "from_chat_id", "message_id", "message_thread_id", "offset", "limit", "timeout",
    "user_id", "reply_to_message_id", "icon_color", "duration", "width", "height", "cache_time",
    "max_connections",
}
_BOOL_PARAMS = {
    "disable_notification", "protect_content", "show_alert", "drop_pending_updates",
    "allow_sending_without_reply", "disable_content_type_detection", "has_spoiler",
    "disable_web_page_preview", "show_caption_above_media", "allow_paid_broadcast",
}
# Message fields that make up its content, i.e. what copyMessage copies.
_CONTENT_FIELDS = (
    "text", "entities", "caption", "caption_entities", "document", "photo", "sticker", "voice",
    "location", "contact", "link_preview_options",
)
_SERVICE_FIELDS = (
    "forum_topic_created", "forum_topic_edited", "forum_topic_closed", "forum_topic_reopened",
)


# --------------------------------------------------------------------------------------------
# Errors


class BotApiError(Exception):
    """An error answer of the Bot API; raised by method implementations, caught by dispatch."""

    def __init__(self, error_code: int, description: str) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description


def bad_request(reason: str) -> BotApiError:
    """A 400 answer with Telegram's "Bad Request: " prefix."""
    return BotApiError(400, f"Bad Request: {reason}")


def forbidden(reason: str) -> BotApiError:
    """A 403 answer with Telegram's "Forbidden: " prefix."""
    return BotApiError(403, f"Forbidden: {reason}")


def _entities_error(reason: str) -> BotApiError:
    return bad_request(f"can't parse entities: {reason}")


# --------------------------------------------------------------------------------------------
# Values handed to tests (frozen snapshots: safe to keep while the server moves on)


@dataclass(frozen=True)
class FakeUser:
    """A Telegram user (or the bot itself) as the test refers to it."""

    id: int
    first_name: str
    username: str | None = None
    last_name: str | None = None
    language_code: str | None = "ko"
    is_bot: bool = False

    def to_api(self) -> dict[str, Any]:
        """The Bot API `User` object."""
        data = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name,
                "last_name": self.last_name, "username": self.username,
                "language_code": self.language_code}
        return {key: value for key, value in data.items() if value is not None}


@dataclass(frozen=True)
class FakeChat:
    """A chat as the test refers to it; a private chat's id is its user's id, as in Telegram."""

    id: int
    type: str
    title: str | None = None
    username: str | None = None
    is_forum: bool = False


@dataclass(frozen=True)
class FakeTopic:
    """A forum topic; `message_thread_id` is what messages in it carry."""

    chat_id: int
    message_thread_id: int
    name: str
    icon_color: int
    is_closed: bool = False
    is_deleted: bool = False


@dataclass(frozen=True)
class UploadedFile:
    """One file part of a multipart request."""

    field: str
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class ApiCall:
    """One request the bot made, with decoded parameters and the answer it got."""

    seq: int
    method: str
    params: dict[str, Any]
    files: dict[str, UploadedFile]
    ok: bool
    result: Any
    error_code: int | None
    description: str | None

    @property
    def chat_id(self) -> int | str | None:
        return self.params.get("chat_id")

    def __str__(self) -> str:
        outcome = "ok" if self.ok else f"{self.error_code} {self.description}"
        shown = {k: v for k, v in self.params.items() if k != "text"}
        text = self.params.get("text")
        if text is not None:
            shown["text"] = text if len(text) <= 60 else text[:57] + "..."
        return f"#{self.seq} {self.method}({shown}) -> {outcome}"


@dataclass(frozen=True)
class FakeMessage:
    """A snapshot of a message as the Bot API shows it (`raw`), plus its file's bytes if any."""

    raw: dict[str, Any]
    file_bytes: bytes | None = None

    @property
    def message_id(self) -> int:
        return self.raw["message_id"]

    @property
    def chat_id(self) -> int:
        return self.raw["chat"]["id"]

    @property
    def from_id(self) -> int | None:
        return self.raw.get("from", {}).get("id")

    @property
    def text(self) -> str | None:
        """Visible text: markup of parse_mode already turned into `entities`."""
        return self.raw.get("text")

    @property
    def caption(self) -> str | None:
        return self.raw.get("caption")

    @property
    def entities(self) -> list[dict[str, Any]]:
        return self.raw.get("entities") or self.raw.get("caption_entities") or []

    @property
    def message_thread_id(self) -> int | None:
        return self.raw.get("message_thread_id")

    @property
    def reply_to_message_id(self) -> int | None:
        """The replied-to message; in a forum topic this is the topic's root unless a reply."""
        reply = self.raw.get("reply_to_message")
        return reply["message_id"] if reply else None

    @property
    def reply_markup(self) -> dict[str, Any] | None:
        return self.raw.get("reply_markup")

    @property
    def document(self) -> dict[str, Any] | None:
        return self.raw.get("document")

    @property
    def document_name(self) -> str | None:
        return (self.document or {}).get("file_name")

    @property
    def photo(self) -> list[dict[str, Any]] | None:
        return self.raw.get("photo")

    def inline_keyboard(self) -> list[list[dict[str, Any]]]:
        """Rows of inline buttons (empty when there is no inline keyboard)."""
        return inline_keyboard(self.raw)

    def button_texts(self) -> list[str]:
        """Labels of all inline buttons, row by row."""
        return [button["text"] for row in self.inline_keyboard() for button in row]

    def callback_data(self) -> list[str]:
        """callback_data of all inline buttons that have one, row by row."""
        return [b["callback_data"] for row in self.inline_keyboard() for b in row
                if "callback_data" in b]

    def callback_data_for(self, label: str) -> str:
        """The callback_data of the inline button labelled `label`."""
        for row in self.inline_keyboard():
            for button in row:
                if button["text"] == label and "callback_data" in button:
                    return button["callback_data"]
        raise AssertionError(f"no inline button {label!r}; buttons are {self.button_texts()}")

    def keyboard_texts(self) -> list[str]:
        """Labels of a reply keyboard (ReplyKeyboardMarkup), row by row."""
        rows = (self.reply_markup or {}).get("keyboard", [])
        return [b if isinstance(b, str) else b["text"] for row in rows for b in row]


def inline_keyboard(message: dict[str, Any] | FakeMessage) -> list[list[dict[str, Any]]]:
    """Rows of inline buttons of a Bot API message dict or a FakeMessage."""
    raw = message.raw if isinstance(message, FakeMessage) else message
    return (raw.get("reply_markup") or {}).get("inline_keyboard", [])


# --------------------------------------------------------------------------------------------
# Request decoding: what PTB puts on the wire, back into Python values


def parse_request_body(
    content_type: str, body: bytes, query: str = ""
) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    """Fields and uploaded files of a request, whichever of PTB's encodings it used."""
    fields: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
    files: dict[str, UploadedFile] = {}
    media_type = content_type.split(";")[0].strip().lower()
    if media_type == "multipart/form-data":
        boundary = _header_param(content_type, "boundary")
        if not boundary:
            raise bad_request("multipart request without boundary")
        more_fields, files = _parse_multipart(body, boundary.encode("latin-1"))
        fields.update(more_fields)
    elif media_type == "application/json" and body:
        try:
            fields.update(json.loads(body))
        except ValueError as error:
            raise bad_request(f"can't parse JSON request body: {error}") from error
    elif body:
        fields.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    return fields, files


def _parse_multipart(
    body: bytes, boundary: bytes
) -> tuple[dict[str, str], dict[str, UploadedFile]]:
    """Split a multipart/form-data body; binary file content is kept byte for byte."""
    fields: dict[str, str] = {}
    files: dict[str, UploadedFile] = {}
    for part in body.split(b"--" + boundary)[1:]:
        if part.startswith(b"--"):
            break
        head, _, content = part.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        content = content.removesuffix(b"\r\n")
        headers = _part_headers(head.decode("utf-8"))
        disposition = headers.get("content-disposition", "")
        name = _header_param(disposition, "name") or ""
        filename = _header_param(disposition, "filename")
        if filename is None:
            fields[name] = content.decode("utf-8")
        else:
            mime = headers.get("content-type", "application/octet-stream")
            files[name] = UploadedFile(name, filename, mime, content)
    return fields, files


def _part_headers(head: str) -> dict[str, str]:
    headers = {}
    for line in head.split("\r\n"):
        key, _, value = line.partition(":")
        headers[key.strip().lower()] = value.strip()
    return headers


def _header_param(header: str, key: str) -> str | None:
    """A `key=value` parameter of a header; undoes httpx's HTML5 form escaping of quotes."""
    match = re.search(rf'(?:^|;)\s*{key}=(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))', header)
    if match is None:
        return None
    if match.group(1) is None:
        return match.group(2)
    return match.group(1).replace("%22", '"').replace("\\\\", "\\")


def decode_params(fields: dict[str, Any]) -> dict[str, Any]:
    """Turn string form values into the types the Bot API documents, by parameter name."""
    return {name: _decode_value(name, value) for name, value in fields.items()}


def _decode_value(name: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value  # a JSON request body is already typed
    if name in _JSON_PARAMS:
        try:
            return json.loads(value)
        except ValueError:
            return value  # kept raw; the method reports "can't parse ..." when it reads it
    if name in _INT_PARAMS and re.fullmatch(r"-?\d+", value):
        return int(value)
    if name in _BOOL_PARAMS and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value


class _Params:
    """Typed, validating access to one request's parameters."""

    def __init__(self, values: dict[str, Any], files: dict[str, UploadedFile]) -> None:
        self.values = values
        self.files = files

    def __contains__(self, name: str) -> bool:
        return name in self.values

    def string(self, name: str, required: bool = False) -> str | None:
        value = self.values.get(name)
        if value is None and required:
            raise bad_request(f"{name} is empty")
        return None if value is None else str(value)

    def integer(self, name: str, required: bool = False) -> int | None:
        value = self.values.get(name)
        if value is None or value == "":
            if required:
                raise bad_request(f"{name} is empty")
            return None
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def number(self, name: str) -> float | None:
        value = self.values.get(name)
        try:
            return None if value is None else float(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def boolean(self, name: str) -> bool:
        value = self.values.get(name)
        if isinstance(value, str):
            return value.lower() in ("true", "1")
        return bool(value)

    def json(self, name: str, what: str | None = None) -> Any:
        """A JSON-typed parameter; Telegram's "can't parse ... JSON object" when malformed."""
        value = self.values.get(name)
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                raise bad_request(f"can't parse {what or name} JSON object") from None
        return value

    def input_file(self, name: str) -> UploadedFile | str | None:
        """An upload (direct or via attach://), or a file_id/URL string, or None."""
        if name in self.files:
            return self.files[name]
        value = self.values.get(name)
        if isinstance(value, str) and value.startswith("attach://"):
            attached = self.files.get(value.removeprefix("attach://"))
            if attached is None:
                raise bad_request(f"file {value} not found in the request")
            return attached
        return value


# --------------------------------------------------------------------------------------------
# Formatting: parse_mode markup -> visible text + entities, with Telegram's parse errors


def _utf16_len(text: str) -> int:
    """Entity offsets and lengths count UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, index: int) -> int:
    """Telegram reports parse errors at a UTF-8 byte offset."""
    return len(text[:index].encode("utf-8"))


class _EntityBuilder:
    """Visible text being built, with the UTF-16 position entities need."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.offset = 0
        self.entities: list[dict[str, Any]] = []

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.offset += _utf16_len(text)

    def entity(self, type_: str, start: int, **extra: Any) -> None:
        if self.offset > start:
            self.entities.append({"type": type_, "offset": start,
                                  "length": self.offset - start, **extra})

    def result(self) -> tuple[str, list[dict[str, Any]]]:
        ordered = sorted(self.entities, key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.parts), ordered


def parse_formatted(text: str, parse_mode: str | None) -> tuple[str, list[dict[str, Any]]]:
    """Visible text and entities of `text` as Telegram renders it under `parse_mode`."""
    mode = (parse_mode or "").lower()
    if not mode:
        return text, []
    parser = {"html": _parse_html, "markdownv2": _parse_markdown_v2,
              "markdown": _parse_markdown}.get(mode)
    if parser is None:
        raise bad_request(f"unsupported parse_mode {parse_mode!r}")
    return parser(text)


_HTML_ENTITY_TYPES = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
    "ins": "underline", "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
    "span": "spoiler", "tg-spoiler": "spoiler", "a": "text_link", "code": "code", "pre": "pre",
    "blockquote": "blockquote", "tg-emoji": "custom_emoji",
}
_HTML_TAG = re.compile(r"<(/?)([^\s>/]*)([^>]*)>")
_HTML_CHAR_REF = re.compile(r"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")


def _parse_html(source: str) -> tuple[str, list[dict[str, Any]]]:
    """HTML style: only Telegram's tags; a bare '<' is an error, a bare '&' is kept."""
    out, stack, i = _EntityBuilder(), [], 0
    while i < len(source):
        if source[i] == "<":
            i = _html_tag(source, i, out, stack)
            continue
        ref = _HTML_CHAR_REF.match(source, i) if source[i] == "&" else None
        out.add(html.unescape(ref.group(0)) if ref else source[i])
        i = ref.end() if ref else i + 1
    if stack:
        raise _entities_error(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    return out.result()


def _html_tag(source: str, i: int, out: _EntityBuilder, stack: list) -> int:
    """Handle the tag at `i`; returns the index after it."""
    match = _HTML_TAG.match(source, i)
    offset = _byte_offset(source, i)
    if match is None:
        raise _entities_error(f"Unclosed start tag at byte offset {offset}")
    closing, name, attrs = match.group(1) == "/", match.group(2).lower(), match.group(3)
    if not closing:
        if name not in _HTML_ENTITY_TYPES:
            raise _entities_error(f'Unsupported start tag "{name}" at byte offset {offset}')
        stack.append((name, out.offset, attrs))
        return match.end()
    if not stack:
        raise _entities_error(f"Unexpected end tag at byte offset {offset}")
    open_name, start, open_attrs = stack.pop()
    if name and name != open_name:
        raise _entities_error(f'Unmatched end tag at byte offset {offset}, expected '
                              f'"</{open_name}>", found "</{name}>"')
    if not (open_name == "code" and stack and stack[-1][0] == "pre"):  # <pre><code> is one pre
        out.entity(_HTML_ENTITY_TYPES[open_name], start, **_html_extra(open_name, open_attrs))
    return match.end()


def _html_extra(tag: str, attrs: str) -> dict[str, Any]:
    if tag == "a":
        return {"url": html.unescape(_html_attr(attrs, "href") or "")}
    if tag == "tg-emoji":
        return {"custom_emoji_id": _html_attr(attrs, "emoji-id") or ""}
    return {}


def _html_attr(attrs: str, name: str) -> str | None:
    match = re.search(rf"""{name}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", attrs)
    return next((g for g in match.groups() if g is not None), None) if match else None


_MDV2_RESERVED = set("_*[]()~`>#+-=|{}.!")
_MDV2_MARKERS = {"__": "underline", "||": "spoiler", "*": "bold", "_": "italic",
                 "~": "strikethrough"}
_MDV2_NAMES = {"__": "Underline", "||": "Spoiler", "*": "Bold", "_": "Italic",
               "~": "Strikethrough", "[": "TextUrl"}


def _parse_markdown_v2(source: str) -> tuple[str, list[dict[str, Any]]]:
    """MarkdownV2: every reserved character outside markup must be escaped with a backslash."""
    out, stack, i = _EntityBuilder(), [], 0
    quote_start: int | None = None
    while i < len(source):
        ch = source[i]
        if ch == "\\" and i + 1 < len(source):
            out.add(source[i + 1])
            i += 2
        elif ch == "`":
            i = _mdv2_code(source, i, out)
        elif marker := next((m for m in _MDV2_MARKERS if source.startswith(m, i)), None):
            _mdv2_toggle(marker, source, i, out, stack)
            i += len(marker)
        elif ch == "[":
            stack.append(("[", out.offset, i))
            i += 1
        elif ch == "]" and stack and stack[-1][0] == "[":
            i = _mdv2_link_end(source, i, out, stack)
        elif ch == ">" and (i == 0 or source[i - 1] == "\n"):
            quote_start = out.offset if quote_start is None else quote_start
            i += 1
        elif ch in _MDV2_RESERVED:
            raise _entities_error(
                f"Character '{ch}' is reserved and must be escaped with the preceding '\\'")
        else:
            if ch == "\n" and quote_start is not None and not source.startswith(">", i + 1):
                out.entity("blockquote", quote_start)
                quote_start = None
            out.add(ch)
            i += 1
    if quote_start is not None:
        out.entity("blockquote", quote_start)
    if stack:
        marker, _, index = stack[-1]
        raise _entities_error(f"Can't find end of {_MDV2_NAMES[marker]} entity at byte offset "
                              f"{_byte_offset(source, index)}")
    return out.result()


def _mdv2_toggle(marker: str, source: str, i: int, out: _EntityBuilder, stack: list) -> None:
    if stack and stack[-1][0] == marker:
        _, start, _ = stack.pop()
        out.entity(_MDV2_MARKERS[marker], start)
    else:
        stack.append((marker, out.offset, i))


def _mdv2_code(source: str, i: int, out: _EntityBuilder) -> int:
    """Inline `code` or a ```pre``` block; inside, only ` and \\ are special."""
    fence = "```" if source.startswith("```", i) else "`"
    j, start, language = i + len(fence), out.offset, None
    if fence == "```":
        first_line, newline, _ = source[j:].partition("\n")
        if newline and first_line and " " not in first_line:
            language, j = first_line, j + len(first_line) + 1
    while j < len(source) and not source.startswith(fence, j):
        step = 2 if source[j] == "\\" and j + 1 < len(source) else 1
        out.add(source[j + step - 1])
        j += step
    if j >= len(source):
        kind = "Pre" if fence == "```" else "Code"
        raise _entities_error(f"Can't find end of {kind} entity at byte offset "
                              f"{_byte_offset(source, i)}")
    extra = {"language": language} if language else {}
    out.entity("pre" if fence == "```" else "code", start, **extra)
    return j + len(fence)


def _mdv2_link_end(source: str, i: int, out: _EntityBuilder, stack: list) -> int:
    """At the ']' of [text](url): read the URL and emit a text_link."""
    _, start, open_index = stack.pop()
    if not source.startswith("(", i + 1):
        raise _entities_error(f"Can't find end of TextUrl entity at byte offset "
                              f"{_byte_offset(source, open_index)}")
    j, url = i + 2, []
    while j < len(source) and source[j] != ")":
        step = 2 if source[j] == "\\" and j + 1 < len(source) else 1
        url.append(source[j + step - 1])
        j += step
    if j >= len(source):
        raise _entities_error(f"Can't find end of a url at byte offset {_byte_offset(source, i)}")
    out.entity("text_link", start, url="".join(url))
    return j + 1


_MD_TYPES = {"*": "bold", "_": "italic", "`": "code", "```": "pre"}
_MD_LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")


def _parse_markdown(source: str) -> tuple[str, list[dict[str, Any]]]:
    """Legacy Markdown: *bold* _italic_ `code` ```pre``` [text](url), no nesting."""
    out, i = _EntityBuilder(), 0
    while i < len(source):
        ch = source[i]
        marker = "```" if source.startswith("```", i) else ch
        if ch == "\\" and i + 1 < len(source) and source[i + 1] in "_*`[":
            out.add(source[i + 1])
            i += 2
        elif marker in _MD_TYPES:
            end = source.find(marker, i + len(marker))
            if end < 0:
                raise _entities_error(f"Can't find end of the entity starting at byte offset "
                                      f"{_byte_offset(source, i)}")
            start = out.offset
            out.add(source[i + len(marker):end])
            out.entity(_MD_TYPES[marker], start)
            i = end + len(marker)
        elif link := _MD_LINK.match(source, i):
            start = out.offset
            out.add(link.group(1))
            out.entity("text_link", start, url=link.group(2))
            i = link.end()
        else:
            out.add(ch)
            i += 1
    return out.result()


def command_and_mention_entities(text: str, offset_base: int = 0) -> list[dict[str, Any]]:
    """The entities Telegram's clients attach to a user's plain text: /commands and @mentions."""
    entities = []
    for match in re.finditer(r"(?<![\w/])(/[A-Za-z0-9_]{1,32}(?:@\w+)?|@\w{4,32})", text):
        kind = "bot_command" if match.group(0).startswith("/") else "mention"
        entities.append({"type": kind,
                         "offset": offset_base + _utf16_len(text[:match.start()]),
                         "length": _utf16_len(match.group(0))})
    return entities


# --------------------------------------------------------------------------------------------
# Reply markup validation


def validate_reply_markup(markup: Any, inline_only: bool = False) -> dict[str, Any]:
    """Check a reply_markup the way Telegram does; returns it unchanged."""
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        _validate_inline_keyboard(markup["inline_keyboard"])
    elif inline_only:
        raise bad_request("inline keyboard expected")
    elif "keyboard" in markup:
        _validate_reply_keyboard(markup["keyboard"])
    elif markup.get("remove_keyboard") is not True and markup.get("force_reply") is not True:
        raise bad_request("can't parse reply keyboard markup JSON object")
    return markup


def _validate_inline_keyboard(rows: Any) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request("can't parse inline keyboard button: field \"inline_keyboard\" "
                          "must be an Array of Arrays")
    buttons = [button for row in rows for button in row]
    if len(buttons) > MAX_INLINE_BUTTONS:
        raise bad_request("reply markup is too long")
    for button in buttons:
        _validate_inline_button(button)


def _validate_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request("can't parse inline keyboard button: Field \"text\" must be of type "
                          "String")
    if not button["text"].strip():
        raise bad_request("BUTTON_TEXT_INVALID")  # best effort (MTProto name)
    actions = _INLINE_BUTTON_ACTIONS & button.keys()
    if len(actions) != 1:
        raise bad_request("can't parse inline keyboard button: Text buttons are unallowed in "
                          "the inline keyboard")
    data = button.get("callback_data")
    if "callback_data" in button and not (
        isinstance(data, str) and 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES
    ):
        raise bad_request("BUTTON_DATA_INVALID")
    url = button.get("url")
    if "url" in button and not re.match(r"(https?|tg)://\S+$", str(url)):
        raise bad_request("BUTTON_URL_INVALID")


def _validate_reply_keyboard(rows: Any) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request("can't parse reply keyboard markup JSON object")
    for button in (button for row in rows for button in row):
        text = button if isinstance(button, str) else (button or {}).get("text")
        if not isinstance(text, str) or not text.strip():
            raise bad_request("can't parse keyboard button: Field \"text\" must be of type "
                              "String")


# --------------------------------------------------------------------------------------------
# World state (all guarded by FakeTelegramBotApi._cond)


@dataclass
class _Topic:
    thread_id: int
    name: str
    icon_color: int
    icon_custom_emoji_id: str | None = None
    closed: bool = False
    deleted: bool = False


@dataclass
class _ChatState:
    chat: FakeChat
    api: dict[str, Any]  # the Chat object embedded in messages
    members: dict[int, str] = field(default_factory=dict)  # user id -> status
    bot_status: str = "member"
    bot_can_manage_topics: bool = True
    blocked_by_user: bool = False
    messages: dict[int, dict[str, Any]] = field(default_factory=dict)
    topics: dict[int, _Topic] = field(default_factory=dict)
    last_message_id: int = 0

    @property
    def is_group(self) -> bool:
        return self.chat.type in ("group", "supergroup")

    @property
    def bot_is_admin(self) -> bool:
        return self.bot_status in ("administrator", "creator")

    def next_message_id(self) -> int:
        self.last_message_id += 1
        return self.last_message_id


@dataclass
class _StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes


@dataclass
class _OutboxEntry:
    message: FakeMessage
    consumed: bool = False


# --------------------------------------------------------------------------------------------
# The server


def _bot_api_method(func: Callable) -> Callable:
    """Mark a FakeTelegramBotApi method as the Bot API method of the same name."""
    func.bot_api_method = True
    return func


class FakeTelegramBotApi:
    """A Bot API server for one bot token, plus the test-side API to play users and observe.

    Usage (async test; the fixtures in tests/fakes/fixtures.py do the wiring)::

        app = application_builder(server).build()      # base_url/base_file_url -> this server
        app.add_handler(...)
        async with running_application(app):
            user = server.add_user("김철수")
            server.user_sends_text(user, "/start")
            [reply] = await server.wait_for_bot_messages_async(user)

    Test-side methods are thread-safe and never wait, except `wait_*`, which block: in async
    tests use their `*_async` twins so the bot's event loop keeps running.
    """

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_first_name: str = "AX 상담봇 (test)",
        bot_username: str = "ax_test_bot",
        auto_create_private_chats: bool = True,
        group_privacy: bool = True,
    ) -> None:
        self.token = token
        self.bot_user = FakeUser(int(token.split(":")[0]), bot_first_name, bot_username,
                                 language_code=None, is_bot=True)
        self.auto_create_private_chats = auto_create_private_chats
        self.group_privacy = group_privacy
        # Where messages get their `date` (and edits their `edit_date`): set it back to play
        # messages sent a while ago, e.g. while the bot was stopped.
        self.clock: Callable[[], float] = time.time
        self._lock = threading.RLock()
        self._cond = threading.Condition(self._lock)
        # Users waiting for the bot wait on their own chat's condition (same lock): with a hundred
        # users, waking every one of them on every Bot API call cost the load test a core.
        self._chat_conds: dict[int, threading.Condition] = {}
        self._methods = {
            name.lower(): getattr(self, name) for name in dir(type(self))
            if getattr(getattr(type(self), name), "bot_api_method", False)
        }
        self._users: dict[int, FakeUser] = {}
        self._chats: dict[int, _ChatState] = {}
        self._files: dict[str, _StoredFile] = {}
        self._files_by_path: dict[str, _StoredFile] = {}
        self._updates: list[dict[str, Any]] = []
        self._allowed_updates: list[str] = []
        self._callback_queries: dict[str, bool] = {}  # id -> answered
        self._commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self._calls: list[ApiCall] = []
        self._claimed_calls: set[int] = set()
        self._outbox: list[_OutboxEntry] = []
        self._outbox_by_chat: dict[int, list[_OutboxEntry]] = {}
        self.unimplemented_calls: list[ApiCall] = []
        self.internal_errors: list[str] = []
        self.webhook_url = ""
        self._ids = itertools.count(1)
        self._next_user_id = itertools.count(10_001)
        self._next_group_id = itertools.count(1_000_000_001)
        self._next_update_id = itertools.count(1)
        self._poll_generation = 0
        self._polls_waiting = 0
        self._closed = False
        self._httpd: _HttpServer | None = None
        self._thread: threading.Thread | None = None

    # ---- lifecycle ------------------------------------------------------------------------

    def start(self) -> FakeTelegramBotApi:
        """Listen on 127.0.0.1 on an ephemeral port, serving in background threads."""
        self._httpd = _HttpServer(self)
        self._thread = threading.Thread(target=self._httpd.serve_forever,
                                        kwargs={"poll_interval": 0.05},
                                        name="fake-telegram-bot-api", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving; pending long polls return at once, open connections are closed."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
            for condition in self._chat_conds.values():
                condition.notify_all()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.close_connections()
            self._httpd.server_close()
            self._thread.join(timeout=5)
            self._httpd = None

    def __enter__(self) -> FakeTelegramBotApi:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._httpd is not None, "server not started"
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        """For ApplicationBuilder().base_url(...): PTB appends the token."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """For ApplicationBuilder().base_file_url(...): PTB appends the token."""
        return f"http://127.0.0.1:{self.port}/file/bot"

    def assert_clean(self) -> None:
        """Fail if the bot called a method the fake lacks, or the fake itself crashed."""
        problems = [f"unimplemented Bot API method called: {call}"
                    for call in self.unimplemented_calls]
        problems += [f"fake Bot API crashed: {error}" for error in self.internal_errors]
        assert not problems, "\n".join(problems)

    def take_unimplemented_calls(self) -> list[ApiCall]:
        """Return and forget the unimplemented calls (for tests that provoke one on purpose)."""
        with self._cond:
            taken, self.unimplemented_calls = self.unimplemented_calls, []
            return taken

    # ---- HTTP entry points (called from server threads) ------------------------------------

    def handle_api_request(self, token: str, method: str, fields: dict[str, Any],
                           files: dict[str, UploadedFile]) -> tuple[int, bytes]:
        """Run one Bot API call; returns the HTTP status and the JSON body."""
        params = decode_params(fields)
        with self._cond:
            try:
                result = self._dispatch(token, method, _Params(params, files))
                status, body = 200, {"ok": True, "result": result}
            except BotApiError as error:
                status = error.error_code
                body = {"ok": False, "error_code": status, "description": error.description}
            except Exception:  # noqa: BLE001 - a crash in the fake must be reported, not hidden
                self.internal_errors.append(f"{method}: {traceback.format_exc()}")
                status, body = 500, {"ok": False, "error_code": 500,
                                     "description": "Internal Server Error: fake Bot API crashed"}
            self._record_call(method, params, files, body)
            self._cond.notify_all()
            # Serialised under the lock: later edits must not race with encoding this answer.
            return status, json.dumps(body, ensure_ascii=False).encode("utf-8")

    def handle_file_download(self, token: str, file_path: str) -> bytes | None:
        """Bytes of a file by the path getFile gave out, or None."""
        with self._cond:
            stored = self._files_by_path.get(file_path)
            return stored.content if stored and token == self.token else None

    def _dispatch(self, token: str, method: str, params: _Params) -> Any:
        if token != self.token:
            raise BotApiError(401, "Unauthorized")
        implementation = self._methods.get(method.lower())
        if implementation is None:
            raise BotApiError(404, f"Not Found: method {method!r} is not implemented by the "
                                   f"fake Bot API server (tests/fakes/telegram_bot_api.py)")
        return implementation(params)

    def _record_call(self, method: str, params: dict[str, Any],
                     files: dict[str, UploadedFile], body: dict[str, Any]) -> None:
        implementation = self._methods.get(method.lower())
        name = implementation.__name__ if implementation else method
        call = ApiCall(next(self._ids), name, params, files, body["ok"], body.get("result"),
                       body.get("error_code"), body.get("description"))
        self._calls.append(call)
        if body.get("error_code") == 404:
            self.unimplemented_calls.append(call)

    # ---- test side: users and chats --------------------------------------------------------

    def add_user(self, first_name: str = "사용자", *, username: str | None = None,
                 last_name: str | None = None, language_code: str | None = "ko",
                 user_id: int | None = None) -> FakeUser:
        """A new human user (no chat with the bot yet)."""
        with self._cond:
            user = FakeUser(user_id or next(self._next_user_id), first_name, username,
                            last_name, language_code)
            self._users[user.id] = user
            return user

    def open_private_chat(self, user: FakeUser) -> FakeChat:
        """Declare that `user` has started the bot: the bot may now message them."""
        with self._cond:
            self._users.setdefault(user.id, user)
            if user.id not in self._chats:
                chat = FakeChat(user.id, "private", username=user.username)
                api = {"id": user.id, "type": "private", **{
                    k: v for k, v in user.to_api().items()
                    if k in ("first_name", "last_name", "username")}}
                self._chats[user.id] = _ChatState(chat, api, {user.id: "member"})
            return self._chats[user.id].chat

    def add_supergroup(self, title: str, *, members: Iterable[FakeUser] = (),
                       admins: Iterable[FakeUser] = (), is_forum: bool = True,
                       bot_status: str = "administrator", bot_can_manage_topics: bool = True,
                       username: str | None = None) -> FakeChat:
        """A supergroup (a forum by default) with the bot in it, an admin by default."""
        with self._cond:
            chat_id = -1_000_000_000_000 - next(self._next_group_id) % 1_000_000_000_000
            chat = FakeChat(chat_id, "supergroup", title, username, is_forum)
            api = {"id": chat_id, "type": "supergroup", "title": title}
            api.update({"username": username} if username else {})
            api.update({"is_forum": True} if is_forum else {})
            state = _ChatState(chat, api, bot_status=bot_status,
                               bot_can_manage_topics=bot_can_manage_topics)
            state.members.update({user.id: "member" for user in members})
            state.members.update({user.id: "administrator" for user in admins})
            self._chats[chat_id] = state
            return chat

    def add_member(self, chat: FakeChat | int, user: FakeUser, status: str = "member") -> None:
        """Put `user` into a group with `status` (member, administrator, creator)."""
        with self._cond:
            self._state(chat).members[user.id] = status

    def remove_bot_from_chat(self, chat: FakeChat | int, by: FakeUser | None = None,
                             status: str = "kicked") -> None:
        """Someone removed the bot ("kicked" or "left"); the bot gets a my_chat_member update."""
        with self._cond:
            state = self._state(chat)
            old = state.bot_status
            state.bot_status = status
            actor = by or next((self._users[u] for u, s in state.members.items()
                                if s in ("administrator", "creator")), self.bot_user)
            self._enqueue("my_chat_member", self._member_change(state, actor, old, status))

    def user_blocks_bot(self, user: FakeUser) -> None:
        """The user blocks the bot: sends to them fail with 403 from now on."""
        self._set_blocked(user, True)

    def user_unblocks_bot(self, user: FakeUser) -> None:
        """The user unblocks (restarts) the bot."""
        self._set_blocked(user, False)

    def _set_blocked(self, user: FakeUser, blocked: bool) -> None:
        with self._cond:
            state = self._state(self.open_private_chat(user))
            state.blocked_by_user = blocked
            old, new = ("member", "kicked") if blocked else ("kicked", "member")
            self._enqueue("my_chat_member", self._member_change(state, user, old, new))

    def _member_change(self, state: _ChatState, actor: FakeUser, old: str,
                       new: str) -> dict[str, Any]:
        def member(status: str) -> dict[str, Any]:
            return self._member_api(self.bot_user, status, state)
        return {"chat": state.api, "from": actor.to_api(), "date": int(self.clock()),
                "old_chat_member": member(old), "new_chat_member": member(new)}

    def create_topic(self, chat: FakeChat | int, name: str,
                     by: FakeUser | None = None) -> FakeTopic:
        """A topic created by a staff member in the Telegram app (the bot sees the service
        message when it is an admin)."""
        with self._cond:
            state = self._state(chat)
            sender = by or self._any_admin(state)
            topic, root = self._new_topic(state, sender.to_api(), name, FORUM_ICON_COLORS[0],
                                          None)
            if self._bot_receives(state, root):
                self._enqueue("message", root)
            return self._topic_view(state, topic)

    def delete_topic(self, chat: FakeChat | int, message_thread_id: int) -> None:
        """A staff member deleted the topic in the app (Telegram sends the bot no update)."""
        with self._cond:
            self._drop_topic(self._state(chat), message_thread_id)

    def topics(self, chat: FakeChat | int) -> list[FakeTopic]:
        """All topics of a forum, deleted ones included (with is_deleted)."""
        with self._cond:
            state = self._state(chat)
            return [self._topic_view(state, topic) for topic in state.topics.values()]

    def _any_admin(self, state: _ChatState) -> FakeUser:
        admin_ids = [u for u, s in state.members.items() if s in ("administrator", "creator")]
        if not admin_ids:
            raise ValueError(f"chat {state.chat.id} has no admin; pass by=... or add admins")
        return self._users[admin_ids[0]]

    # ---- test side: users acting ------------------------------------------------------------

    def user_sends_text(self, user: FakeUser, text: str, chat: FakeChat | int | None = None,
                        message_thread_id: int | None = None,
                        reply_to: FakeMessage | int | None = None) -> FakeMessage:
        """The user sends `text`; /commands and @mentions get their entities as in the app."""
        content: dict[str, Any] = {"text": text}
        entities = command_and_mention_entities(text)
        content.update({"entities": entities} if entities else {})
        return self._user_posts(user, chat, message_thread_id, reply_to, content)

    def user_sends_document(self, user: FakeUser, content: bytes, file_name: str,
                            mime_type: str | None = None, caption: str | None = None,
                            chat: FakeChat | int | None = None,
                            message_thread_id: int | None = None,
                            reply_to: FakeMessage | int | None = None) -> FakeMessage:
        """The user uploads a document; the bot can getFile and download it."""
        with self._cond:
            stored = self._store_file(content, "documents", file_name)
            mime = mime_type or _guess_mime(file_name)
            document = self._file_api(stored, file_name=file_name, mime_type=mime)
        return self._user_posts(user, chat, message_thread_id, reply_to,
                                _with_caption({"document": document}, caption, _typed_entities(caption)), content)

    def user_sends_photo(self, user: FakeUser, content: bytes = b"\xff\xd8\xff fake jpeg",
                         caption: str | None = None, chat: FakeChat | int | None = None,
                         message_thread_id: int | None = None,
                         reply_to: FakeMessage | int | None = None) -> FakeMessage:
        """The user sends a photo (two sizes, as Telegram sends; both download `content`)."""
        with self._cond:
            photo = self._photo_sizes(content)
        return self._user_posts(user, chat, message_thread_id, reply_to,
                                _with_caption({"photo": photo}, caption, _typed_entities(caption)), content)

    def user_sends_sticker(self, user: FakeUser, emoji: str = "👍",
                           chat: FakeChat | int | None = None,
                           message_thread_id: int | None = None) -> FakeMessage:
        """The user sends a sticker."""
        with self._cond:
            stored = self._store_file(b"RIFF fake webp", "stickers", "sticker.webp")
            sticker = self._file_api(stored, type="regular", width=512, height=512,
                                     is_animated=False, is_video=False, emoji=emoji)
        return self._user_posts(user, chat, message_thread_id, None, {"sticker": sticker})

    def user_sends_location(self, user: FakeUser, latitude: float, longitude: float,
                            chat: FakeChat | int | None = None,
                            message_thread_id: int | None = None) -> FakeMessage:
        """The user shares a location."""
        location = {"latitude": latitude, "longitude": longitude}
        return self._user_posts(user, chat, message_thread_id, None, {"location": location})

    def user_sends_voice(self, user: FakeUser, content: bytes = b"OggS fake voice",
                         duration: int = 1, chat: FakeChat | int | None = None,
                         message_thread_id: int | None = None) -> FakeMessage:
        """The user sends a voice note."""
        with self._cond:
            stored = self._store_file(content, "voice", "voice.oga")
            voice = self._file_api(stored, duration=duration, mime_type="audio/ogg")
        return self._user_posts(user, chat, message_thread_id, None, {"voice": voice}, content)

    def user_sends_contact(self, user: FakeUser, phone_number: str,
                           chat: FakeChat | int | None = None) -> FakeMessage:
        """The user shares their own contact (e.g. a request_contact keyboard button)."""
        contact = {"phone_number": phone_number, "first_name": user.first_name,
                   "user_id": user.id}
        return self._user_posts(user, chat, None, None, {"contact": contact})

    def user_edits_message(self, user: FakeUser, message: FakeMessage, text: str) -> FakeMessage:
        """The user edits their text message; the bot gets an edited_message update."""
        with self._cond:
            state = self._state(message.chat_id)
            current = state.messages.get(message.message_id)
            if current is None or current.get("from", {}).get("id") != user.id:
                raise ValueError(f"{user.first_name} has no message {message.message_id} here")
            edited = {**current, "text": text, "edit_date": int(self.clock())}
            edited.pop("entities", None)
            edited.update({"entities": e} if (e := command_and_mention_entities(text)) else {})
            state.messages[message.message_id] = edited
            if self._bot_receives(state, edited):
                self._enqueue("edited_message", edited)
            return FakeMessage(copy.deepcopy(edited))

    def user_presses_button(self, user: FakeUser, message: FakeMessage,
                            callback_data: str) -> str:
        """The user taps the inline button carrying `callback_data`; returns the query id."""
        with self._cond:
            state = self._state(message.chat_id)
            current = state.messages.get(message.message_id)
            if current is None:
                raise ValueError(f"message {message.message_id} no longer exists")
            if callback_data not in FakeMessage(current).callback_data():
                raise ValueError(f"message {message.message_id} has no button with "
                                 f"callback_data {callback_data!r}; it has "
                                 f"{FakeMessage(current).callback_data()}")
            query_id = str(next(self._ids) * 7919)
            self._callback_queries[query_id] = False
            self._enqueue("callback_query", {
                "id": query_id, "from": user.to_api(), "message": copy.deepcopy(current),
                "chat_instance": str(abs(state.chat.id) * 31), "data": callback_data})
            return query_id

    def push_update(self, payload: dict[str, Any]) -> int:
        """Queue a raw update (e.g. {"poll_answer": {...}}); returns its update_id."""
        with self._cond:
            (kind, value), = payload.items()
            return self._enqueue(kind, value)

    def _user_posts(self, user: FakeUser, chat: FakeChat | int | None,
                    thread_id: int | None, reply_to: FakeMessage | int | None,
                    content: dict[str, Any], file_bytes: bytes | None = None) -> FakeMessage:
        with self._cond:
            state = self._chat_for_user(user, chat)
            reply = self._user_reply_target(state, reply_to)
            thread_id = self._user_thread(state, thread_id, reply)
            message = self._post(state, user.to_api(), thread_id, reply, content)
            if self._bot_receives(state, message):
                self._enqueue("message", message)
            return FakeMessage(copy.deepcopy(message), file_bytes)

    def _chat_for_user(self, user: FakeUser, chat: FakeChat | int | None) -> _ChatState:
        if chat is None:
            if user.id not in self._chats and not self.auto_create_private_chats:
                raise ValueError(f"no private chat with {user.first_name}; open_private_chat first")
            state = self._state(self.open_private_chat(user))
        else:
            state = self._state(chat)
        if state.is_group and state.members.get(user.id) not in ("member", "administrator",
                                                                    "creator"):
            raise ValueError(f"{user.first_name} is not a member of chat {state.chat.id}")
        if state.chat.type == "private" and state.chat.id != user.id:
            raise ValueError(f"chat {state.chat.id} is not {user.first_name}'s private chat")
        if state.blocked_by_user:
            raise ValueError(f"{user.first_name} blocked the bot; call user_unblocks_bot first")
        return state

    def _user_reply_target(self, state: _ChatState,
                           reply_to: FakeMessage | int | None) -> dict[str, Any] | None:
        if reply_to is None:
            return None
        message_id = reply_to.message_id if isinstance(reply_to, FakeMessage) else reply_to
        elsewhere = isinstance(reply_to, FakeMessage) and reply_to.chat_id != state.chat.id
        if elsewhere or message_id not in state.messages:
            raise ValueError(f"cannot reply to message {message_id}: not in chat {state.chat.id}")
        return state.messages[message_id]

    def _user_thread(self, state: _ChatState, thread_id: int | None,
                     reply: dict[str, Any] | None) -> int | None:
        thread_id = thread_id or (reply or {}).get("message_thread_id")
        if thread_id is None:
            return None
        topic = state.topics.get(thread_id)
        if topic is None or topic.deleted or topic.closed:
            raise ValueError(f"topic {thread_id} of chat {state.chat.id} is missing, deleted "
                             f"or closed")
        return thread_id

    # ---- test side: observing the bot -----------------------------------------------------

    def calls(self, method: str | None = None) -> list[ApiCall]:
        """Every Bot API call so far, in order (optionally only `method`)."""
        with self._cond:
            return [c for c in self._calls if method is None or c.method.lower() == method.lower()]

    def bot_messages(self, chat: FakeChat | FakeUser | int | None = None) -> list[FakeMessage]:
        """Every message the bot sent (optionally to one chat), as sent (before later edits)."""
        with self._cond:
            chat_id = None if chat is None else _chat_id(chat)
            return [entry.message for entry in self._outbox
                    if chat_id is None or entry.message.chat_id == chat_id]

    def get_message(self, chat: FakeChat | FakeUser | int, message_id: int) -> FakeMessage:
        """The current state of a message (after edits); KeyError if deleted."""
        with self._cond:
            state = self._state(chat)
            raw = state.messages[message_id]
            return FakeMessage(copy.deepcopy(raw), self._attached_bytes(raw))

    def file_bytes(self, file_id: str) -> bytes:
        """The content of a file known to the server."""
        with self._cond:
            return self._files[file_id].content

    def bot_commands(self, scope: dict[str, Any] | None = None,
                     language_code: str = "") -> list[dict[str, Any]]:
        """The command list set with setMyCommands for a scope and language."""
        with self._cond:
            return list(self._commands.get((_scope_key(scope), language_code), []))

    def wait_for_bot_messages(self, chat: FakeChat | FakeUser | int, count: int = 1,
                              timeout: float = DEFAULT_TIMEOUT,
                              message_thread_id: int | None = None) -> list[FakeMessage]:
        """Block until the bot has sent `count` messages to `chat` that no earlier wait returned;
        returns and consumes them, oldest first."""
        _refuse_inside_event_loop("wait_for_bot_messages")
        chat_id = _chat_id(chat)

        def matching() -> list[_OutboxEntry]:
            return [e for e in self._outbox_by_chat.get(chat_id, ()) if not e.consumed
                    and (message_thread_id is None
                         or e.message.message_thread_id == message_thread_id)]

        with self._cond:
            condition = self._chat_conds.setdefault(chat_id, threading.Condition(self._lock))
            if not condition.wait_for(lambda: len(matching()) >= count, timeout):
                got = [m.message.text or m.message.caption for m in matching()]
                raise AssertionError(f"timed out after {timeout}s waiting for {count} bot "
                                     f"message(s) in chat {chat_id}; got {got}"
                                     f"{self._failure_hint()}")
            entries = matching()[:count]
            for entry in entries:
                entry.consumed = True
            return [entry.message for entry in entries]

    def wait_for_call(self, method: str, predicate: Callable[[ApiCall], bool] | None = None,
                      timeout: float = DEFAULT_TIMEOUT) -> ApiCall:
        """Block until the bot makes a `method` call matching `predicate` that no earlier wait
        returned; returns and consumes it (successful or not: check `.ok`)."""
        _refuse_inside_event_loop("wait_for_call")

        def first() -> ApiCall | None:
            return next((c for c in self._calls if c.seq not in self._claimed_calls
                         and c.method.lower() == method.lower()
                         and (predicate is None or predicate(c))), None)

        with self._cond:
            if not self._cond.wait_for(lambda: first() is not None, timeout):
                raise AssertionError(f"timed out after {timeout}s waiting for a {method} call"
                                     f"{self._failure_hint()}")
            call = first()
            self._claimed_calls.add(call.seq)
            return call

    def wait_for_poller(self, timeout: float = DEFAULT_TIMEOUT) -> None:
        """Block until a getUpdates long poll is waiting (the bot is idle and listening)."""
        _refuse_inside_event_loop("wait_for_poller")
        self.wait_until(lambda server: server._polls_waiting > 0, timeout, "a waiting getUpdates")

    def wait_for_updates_fetched(self, timeout: float = DEFAULT_TIMEOUT) -> None:
        """Block until the bot has fetched and confirmed every queued update."""
        _refuse_inside_event_loop("wait_for_updates_fetched")
        self.wait_until(lambda server: not server._updates, timeout, "all updates confirmed")

    def wait_until(self, condition: Callable[[FakeTelegramBotApi], bool],
                   timeout: float = DEFAULT_TIMEOUT, what: str = "condition") -> None:
        """Block until `condition(server)` holds (re-checked after every change)."""
        _refuse_inside_event_loop("wait_until")
        with self._cond:
            if not self._cond.wait_for(lambda: condition(self), timeout):
                raise AssertionError(f"timed out after {timeout}s waiting for {what}"
                                     f"{self._failure_hint()}")

    async def wait_for_bot_messages_async(self, *args: Any, **kwargs: Any) -> list[FakeMessage]:
        """wait_for_bot_messages for async tests: waits in a thread, the event loop runs on."""
        return await asyncio.to_thread(self.wait_for_bot_messages, *args, **kwargs)

    async def wait_for_call_async(self, *args: Any, **kwargs: Any) -> ApiCall:
        """wait_for_call for async tests."""
        return await asyncio.to_thread(self.wait_for_call, *args, **kwargs)

    async def wait_for_poller_async(self, timeout: float = DEFAULT_TIMEOUT) -> None:
        """wait_for_poller for async tests."""
        await asyncio.to_thread(self.wait_for_poller, timeout)

    async def wait_for_updates_fetched_async(self, timeout: float = DEFAULT_TIMEOUT) -> None:
        """wait_for_updates_fetched for async tests."""
        await asyncio.to_thread(self.wait_for_updates_fetched, timeout)

    async def wait_until_async(self, condition: Callable[[FakeTelegramBotApi], bool],
                               timeout: float = DEFAULT_TIMEOUT, what: str = "condition") -> None:
        """wait_until for async tests."""
        await asyncio.to_thread(self.wait_until, condition, timeout, what)

    def _failure_hint(self) -> str:
        """What went wrong lately, so a timeout explains itself."""
        failed = [str(c) for c in self._calls if not c.ok][-5:]
        hint = "".join(f"\n  failed call: {line}" for line in failed)
        hint += "".join(f"\n  fake crashed: {e.splitlines()[-1]}" for e in self.internal_errors)
        hint += f"\n  updates not yet fetched by the bot: {len(self._updates)}"
        return hint

    # ---- shared internals --------------------------------------------------------------------

    def _state(self, chat: FakeChat | FakeUser | int) -> _ChatState:
        chat_id = _chat_id(chat)
        if chat_id not in self._chats:
            raise ValueError(f"unknown chat {chat_id}; declare it first")
        return self._chats[chat_id]

    def _enqueue(self, kind: str, payload: dict[str, Any]) -> int:
        update_id = next(self._next_update_id)
        self._updates.append({"update_id": update_id, kind: copy.deepcopy(payload)})
        self._cond.notify_all()
        return update_id

    def _bot_receives(self, state: _ChatState, message: dict[str, Any]) -> bool:
        """Group privacy mode: a non-admin bot sees only commands, replies to it, mentions."""
        if not state.is_group or state.bot_is_admin or not self.group_privacy:
            return state.bot_status not in ("kicked", "left")
        if state.bot_status in ("kicked", "left"):
            return False
        text = message.get("text") or message.get("caption") or ""
        reply = message.get("reply_to_message") or {}
        explicit_reply = reply and reply.get("message_id") != message.get("message_thread_id")
        return (text.startswith("/") or f"@{self.bot_user.username}" in text
                or bool(explicit_reply and reply.get("from", {}).get("id") == self.bot_user.id))

    def _post(self, state: _ChatState, sender: dict[str, Any], thread_id: int | None,
              reply: dict[str, Any] | None, content: dict[str, Any],
              outbox: bool = False) -> dict[str, Any]:
        """Append a message to the chat; forum topic messages get Telegram's topic fields."""
        message = {"message_id": state.next_message_id(), "from": sender,
                   "date": int(self.clock()), "chat": state.api}
        topic = state.topics.get(thread_id) if state.chat.is_forum and thread_id else None
        if topic is not None:
            message.update(message_thread_id=thread_id, is_topic_message=True)
            reply = reply or state.messages.get(thread_id)  # the topic's root service message
        if reply is not None:
            message["reply_to_message"] = {k: v for k, v in reply.items()
                                           if k != "reply_to_message"}
        message.update(content)
        state.messages[message["message_id"]] = message
        if outbox:
            snapshot = FakeMessage(copy.deepcopy(message), self._attached_bytes(message))
            entry = _OutboxEntry(snapshot)
            self._outbox.append(entry)
            self._outbox_by_chat.setdefault(snapshot.chat_id, []).append(entry)
            if snapshot.chat_id in self._chat_conds:
                self._chat_conds[snapshot.chat_id].notify_all()
        return message

    def _attached_bytes(self, message: dict[str, Any]) -> bytes | None:
        for key in ("document", "voice", "sticker"):
            if key in message:
                return self._files[message[key]["file_id"]].content
        if message.get("photo"):
            return self._files[message["photo"][-1]["file_id"]].content
        return None

    def _store_file(self, content: bytes, folder: str, file_name: str) -> _StoredFile:
        number = next(self._ids)
        suffix = re.sub(r"[^A-Za-z0-9.]", "", "." + file_name.rpartition(".")[2]) \
            if "." in file_name else ""
        stored = _StoredFile(f"fake-file-{number}-{folder}", f"fake-unique-{number}",
                             f"{folder}/file_{number}{suffix}", content)
        self._files[stored.file_id] = stored
        self._files_by_path[stored.file_path] = stored
        return stored

    @staticmethod
    def _file_api(stored: _StoredFile, **extra: Any) -> dict[str, Any]:
        return {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                "file_size": len(stored.content), **extra}

    def _photo_sizes(self, content: bytes) -> list[dict[str, Any]]:
        """Telegram keeps several sizes; dimensions here are made up (nothing decodes images)."""
        small = self._store_file(content, "photos", "photo.jpg")
        large = self._store_file(content, "photos", "photo.jpg")
        return [self._file_api(small, width=90, height=90),
                self._file_api(large, width=800, height=600)]

    def _new_topic(self, state: _ChatState, sender: dict[str, Any], name: str, icon_color: int,
                   icon_custom_emoji_id: str | None) -> tuple[_Topic, dict[str, Any]]:
        """A topic's id is the id of its forum_topic_created service message."""
        created = {"name": name, "icon_color": icon_color}
        created.update({"icon_custom_emoji_id": icon_custom_emoji_id}
                       if icon_custom_emoji_id else {})
        root = self._post(state, sender, None, None, {"forum_topic_created": created})
        thread_id = root["message_id"]
        root.update(message_thread_id=thread_id, is_topic_message=True)
        topic = _Topic(thread_id, name, icon_color, icon_custom_emoji_id)
        state.topics[thread_id] = topic
        return topic, root

    def _drop_topic(self, state: _ChatState, thread_id: int) -> None:
        topic = state.topics.get(thread_id)
        if topic is None or topic.deleted:
            raise bad_request("TOPIC_ID_INVALID")  # best effort (MTProto name)
        topic.deleted = True
        for message_id in [i for i, m in state.messages.items()
                           if m.get("message_thread_id") == thread_id]:
            del state.messages[message_id]

    @staticmethod
    def _topic_view(state: _ChatState, topic: _Topic) -> FakeTopic:
        return FakeTopic(state.chat.id, topic.thread_id, topic.name, topic.icon_color,
                         topic.closed, topic.deleted)

    def _member_api(self, user: FakeUser, status: str, state: _ChatState) -> dict[str, Any]:
        """A ChatMember object with the fields PTB requires for each status."""
        member: dict[str, Any] = {"status": status, "user": user.to_api()}
        if status == "creator":
            member["is_anonymous"] = False
        elif status == "administrator":
            can_topics = state.bot_can_manage_topics if user.is_bot else True
            member.update(dict.fromkeys((
                "can_be_edited", "is_anonymous", "can_promote_members", "can_post_stories",
                "can_edit_stories", "can_delete_stories"), False))
            member.update(dict.fromkeys((
                "can_manage_chat", "can_delete_messages", "can_manage_video_chats",
                "can_restrict_members", "can_change_info", "can_invite_users",
                "can_pin_messages"), True))
            member["can_manage_topics"] = can_topics
        elif status == "kicked":
            member["until_date"] = 0
        return member

    # ---- Bot API: bot, updates, webhook, commands -----------------------------------------

    @_bot_api_method
    def getMe(self, p: _Params) -> dict[str, Any]:
        return {**self.bot_user.to_api(), "can_join_groups": True,
                "can_read_all_group_messages": not self.group_privacy,
                "supports_inline_queries": False, "can_connect_to_business": False,
                "has_main_web_app": False}

    @_bot_api_method
    def getUpdates(self, p: _Params) -> list[dict[str, Any]]:
        """Long polling: waits (lock released) until updates, timeout, a newer poll or stop."""
        if self.webhook_url:
            raise BotApiError(409, "Conflict: can't use getUpdates method while webhook is "
                                   "active; use deleteWebhook to delete the webhook first")
        limit = min(max(p.integer("limit") or 100, 1), 100)
        allowed = p.json("allowed_updates")
        if allowed is not None:
            self._allowed_updates = list(allowed)  # persists for later calls, as in Telegram
        self._confirm(p.integer("offset"))
        self._poll_generation += 1
        generation = self._poll_generation
        self._cond.notify_all()  # wake an older poll so it ends with 409
        deadline = time.monotonic() + max(p.number("timeout") or 0.0, 0.0)
        while True:
            batch = self._deliverable(limit)
            if batch or self._closed:
                return batch
            if generation != self._poll_generation:
                raise BotApiError(409, "Conflict: terminated by other getUpdates request; make "
                                       "sure that only one bot instance is running")
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
            self._polls_waiting += 1
            self._cond.notify_all()
            try:
                self._cond.wait(remaining)
            finally:
                self._polls_waiting -= 1

    def _confirm(self, offset: int | None) -> None:
        """offset > 0 forgets updates below it; a negative offset keeps only the last -offset."""
        if offset is None or offset == 0:
            return
        if offset < 0:
            self._updates = self._updates[offset:]
        else:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]

    def _deliverable(self, limit: int) -> list[dict[str, Any]]:
        """The next updates of allowed types; others are dropped, never to be delivered."""
        allowed = set(self._allowed_updates)

        def wanted(update: dict[str, Any]) -> bool:
            kind = next(k for k in update if k != "update_id")
            return kind in allowed if allowed else kind not in _NOT_DELIVERED_BY_DEFAULT

        self._updates = [u for u in self._updates if wanted(u)]
        return copy.deepcopy(self._updates[:limit])

    @_bot_api_method
    def setWebhook(self, p: _Params) -> bool:
        self.webhook_url = p.string("url") or ""
        if p.boolean("drop_pending_updates"):
            self._updates.clear()
        return True

    @_bot_api_method
    def deleteWebhook(self, p: _Params) -> bool:
        self.webhook_url = ""
        if p.boolean("drop_pending_updates"):
            self._updates.clear()
        return True

    @_bot_api_method
    def getWebhookInfo(self, p: _Params) -> dict[str, Any]:
        return {"url": self.webhook_url, "has_custom_certificate": False,
                "pending_update_count": len(self._updates)}

    @_bot_api_method
    def setMyCommands(self, p: _Params) -> bool:
        commands = p.json("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad_request("can't parse commands JSON object")
        for command in commands:
            _validate_command(command)
        key = (_scope_key(p.json("scope")), p.string("language_code") or "")
        self._commands[key] = [{"command": c["command"], "description": c["description"]}
                               for c in commands]
        return True

    @_bot_api_method
    def deleteMyCommands(self, p: _Params) -> bool:
        self._commands.pop((_scope_key(p.json("scope")), p.string("language_code") or ""), None)
        return True

    @_bot_api_method
    def getMyCommands(self, p: _Params) -> list[dict[str, Any]]:
        return self.bot_commands(p.json("scope"), p.string("language_code") or "")

    # ---- Bot API: sending ------------------------------------------------------------------

    @_bot_api_method
    def sendMessage(self, p: _Params) -> dict[str, Any]:
        state = self._target_chat(p)
        text, entities = self._visible_text(p)
        content: dict[str, Any] = {"text": text}
        content.update({"entities": entities} if entities else {})
        if (preview := p.json("link_preview_options", "link preview options")) is not None:
            content["link_preview_options"] = preview
        return self._bot_posts(state, p, content)

    @_bot_api_method
    def sendDocument(self, p: _Params) -> dict[str, Any]:
        state = self._target_chat(p)
        stored, name, mime = self._input_file(p, "document", "documents")
        document = self._file_api(stored, file_name=name, mime_type=mime)
        return self._bot_posts(state, p, {"document": document, **self._caption(p)})

    @_bot_api_method
    def sendPhoto(self, p: _Params) -> dict[str, Any]:
        state = self._target_chat(p)
        stored, _, _ = self._input_file(p, "photo", "photos")
        return self._bot_posts(state, p, {"photo": self._photo_sizes(stored.content),
                                          **self._caption(p)})

    @_bot_api_method
    def copyMessage(self, p: _Params) -> dict[str, Any]:
        source = self._source_message(p, "copy")
        if any(key in source for key in _SERVICE_FIELDS):
            raise bad_request("message can't be copied")
        content = {k: source[k] for k in _CONTENT_FIELDS if k in source}
        if "caption" in p:
            content.pop("caption_entities", None)
            content.update(self._caption(p))
        state = self._target_chat(p)
        return {"message_id": self._bot_posts(state, p, content)["message_id"]}

    @_bot_api_method
    def forwardMessage(self, p: _Params) -> dict[str, Any]:
        source = self._source_message(p, "forward")
        origin = {"type": "user", "date": source["date"], "sender_user": source["from"]}
        content = {k: source[k] for k in _CONTENT_FIELDS if k in source}
        state = self._target_chat(p)
        return self._bot_posts(state, p, {"forward_origin": origin, **content}, markup=False)

    @_bot_api_method
    def sendChatAction(self, p: _Params) -> bool:
        state = self._target_chat(p)
        if p.string("action") not in _CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        self._thread_for_send(state, p.integer("message_thread_id"))
        return True

    def _bot_posts(self, state: _ChatState, p: _Params, content: dict[str, Any],
                   markup: bool = True) -> dict[str, Any]:
        """Post a bot message with placement (thread, reply) and reply_markup from `p`."""
        reply = self._reply_target(state, p)
        thread_id = self._thread_for_send(
            state, p.integer("message_thread_id") or (reply or {}).get("message_thread_id"))
        if markup and (value := p.json("reply_markup", "reply keyboard markup")) is not None:
            content = {**content, "reply_markup": validate_reply_markup(value)}
        return self._post(state, self.bot_user.to_api(), thread_id, reply, content, outbox=True)

    def _target_chat(self, p: _Params, name: str = "chat_id") -> _ChatState:
        """The chat the bot addresses, with Telegram's errors for missing access."""
        value = p.values.get(name)
        if value in (None, ""):
            raise bad_request(f"{name} is empty")
        state = self._chat_by_reference(value)
        if state is None:
            raise bad_request("chat not found")
        if state.blocked_by_user:
            raise forbidden("bot was blocked by the user")
        kind = "supergroup chat" if state.chat.type == "supergroup" else "group chat"
        if state.bot_status == "kicked":
            raise forbidden(f"bot was kicked from the {kind}")
        if state.bot_status == "left":
            raise forbidden(f"bot is not a member of the {kind}")
        return state

    def _chat_by_reference(self, value: Any) -> _ChatState | None:
        if isinstance(value, str) and value.startswith("@"):
            return next((s for s in self._chats.values() if s.chat.type != "private"
                         and s.chat.username == value[1:]), None)
        try:
            return self._chats.get(int(value))
        except (TypeError, ValueError):
            return None

    def _thread_for_send(self, state: _ChatState, thread_id: int | None) -> int | None:
        if thread_id and state.chat.is_forum:
            topic = state.topics.get(thread_id)
            if topic is None or topic.deleted:
                raise bad_request("message thread not found")
        return thread_id

    def _reply_target(self, state: _ChatState, p: _Params) -> dict[str, Any] | None:
        """reply_parameters (or legacy reply_to_message_id) -> the replied message, if any."""
        params = p.json("reply_parameters", "reply parameters")
        if params is None and p.integer("reply_to_message_id") is not None:
            params = {"message_id": p.integer("reply_to_message_id"),
                      "allow_sending_without_reply": p.boolean("allow_sending_without_reply")}
        if not params:
            return None
        source = self._chat_by_reference(params.get("chat_id", state.chat.id)) or state
        target = source.messages.get(params.get("message_id"))
        if target is None and not params.get("allow_sending_without_reply"):
            raise bad_request("message to be replied not found")
        return target

    def _visible_text(self, p: _Params) -> tuple[str, list[dict[str, Any]]]:
        """Text after entity parsing, checked against Telegram's 1-4096 characters."""
        raw = p.string("text")
        if not raw:
            raise bad_request("message text is empty")
        explicit = p.json("entities")
        text, entities = (raw, explicit) if explicit else parse_formatted(
            raw, p.string("parse_mode"))
        if not text.strip():
            raise bad_request("message text is empty")
        if len(text) > MAX_TEXT_LENGTH:
            raise bad_request("message is too long")
        return text, entities

    def _caption(self, p: _Params) -> dict[str, Any]:
        raw = p.string("caption")
        if not raw:
            return {}
        explicit = p.json("caption_entities", "caption entities")
        text, entities = (raw, explicit) if explicit else parse_formatted(
            raw, p.string("parse_mode"))
        if len(text) > MAX_CAPTION_LENGTH:
            raise bad_request("message caption is too long")
        return _with_caption({}, text, entities)

    def _input_file(self, p: _Params, name: str, folder: str) -> tuple[_StoredFile, str, str]:
        """An uploaded file (stored anew) or a known file_id; URLs cannot be fetched here."""
        value = p.input_file(name)
        if isinstance(value, UploadedFile):
            if not value.data:
                raise bad_request("file must be non-empty")
            stored = self._store_file(value.data, folder, value.filename)
            mime = value.content_type if value.content_type != "application/octet-stream" \
                else _guess_mime(value.filename)
            return stored, value.filename, mime
        if not value:
            raise bad_request(f"there is no {name} in the request")
        if value in self._files:
            stored = self._files[value]
            return stored, stored.file_path.rpartition("/")[2], _guess_mime(stored.file_path)
        if re.match(r"https?://", value):
            raise bad_request("failed to get HTTP URL content")  # the network is closed
        raise bad_request("wrong file identifier/HTTP URL specified")

    def _source_message(self, p: _Params, verb: str) -> dict[str, Any]:
        state = self._target_chat(p, "from_chat_id")
        message = state.messages.get(p.integer("message_id", required=True))
        if message is None:
            raise bad_request(f"message to {verb} not found")
        return message

    # ---- Bot API: editing ------------------------------------------------------------------

    @_bot_api_method
    def editMessageText(self, p: _Params) -> dict[str, Any]:
        state, current = self._editable_message(p)
        if "text" not in current:
            raise bad_request("there is no text in the message to edit")
        text, entities = self._visible_text(p)
        markup = self._edit_markup(p)
        if (text, entities, markup) == (current["text"], current.get("entities", []),
                                        current.get("reply_markup")):
            raise _not_modified()
        edited = {k: v for k, v in current.items() if k not in ("entities", "reply_markup")}
        edited.update(text=text, edit_date=int(self.clock()))
        edited.update({"entities": entities} if entities else {})
        edited.update({"reply_markup": markup} if markup else {})
        state.messages[edited["message_id"]] = edited
        return edited

    @_bot_api_method
    def editMessageReplyMarkup(self, p: _Params) -> dict[str, Any]:
        state, current = self._editable_message(p)
        markup = self._edit_markup(p)
        if markup == current.get("reply_markup"):
            raise _not_modified()
        edited = {k: v for k, v in current.items() if k != "reply_markup"}
        edited.update({"reply_markup": markup} if markup else {}, edit_date=int(self.clock()))
        state.messages[edited["message_id"]] = edited
        return edited

    @_bot_api_method
    def deleteMessage(self, p: _Params) -> bool:
        state = self._target_chat(p)
        message = state.messages.get(p.integer("message_id", required=True))
        if message is None:
            raise bad_request("message to delete not found")
        own = message.get("from", {}).get("id") == self.bot_user.id
        if "forum_topic_created" in message or (
                state.is_group and not own and not state.bot_is_admin):
            raise bad_request("message can't be deleted")
        del state.messages[message["message_id"]]
        return True

    @_bot_api_method
    def answerCallbackQuery(self, p: _Params) -> bool:
        query_id = p.string("callback_query_id", required=True)
        if self._callback_queries.get(query_id, True):  # unknown or already answered
            raise bad_request("query is too old and response timeout expired or query ID is "
                              "invalid")
        if len(p.string("text") or "") > 200:
            raise bad_request("MESSAGE_TOO_LONG")  # best effort (MTProto name)
        self._callback_queries[query_id] = True
        return True

    def _editable_message(self, p: _Params) -> tuple[_ChatState, dict[str, Any]]:
        if "inline_message_id" in p:
            raise BotApiError(404, "Not Found: inline_message_id is not implemented by the fake "
                                   "Bot API server")
        state = self._target_chat(p)
        message = state.messages.get(p.integer("message_id", required=True))
        if message is None:
            raise bad_request("message to edit not found")
        if message.get("from", {}).get("id") != self.bot_user.id:
            raise bad_request("message can't be edited")
        return state, message

    def _edit_markup(self, p: _Params) -> dict[str, Any] | None:
        """Edits take only inline keyboards; leaving reply_markup out removes the keyboard."""
        value = p.json("reply_markup", "reply keyboard markup")
        if value is None or value == {} or value == {"inline_keyboard": []}:
            return None
        return validate_reply_markup(value, inline_only=True)

    # ---- Bot API: files --------------------------------------------------------------------

    @_bot_api_method
    def getFile(self, p: _Params) -> dict[str, Any]:
        stored = self._files.get(p.string("file_id", required=True))
        if stored is None:
            raise bad_request("invalid file_id")
        if len(stored.content) > MAX_DOWNLOAD_BYTES:
            raise bad_request("file is too big")
        return {**self._file_api(stored), "file_path": stored.file_path}

    # ---- Bot API: chats and members -------------------------------------------------------

    @_bot_api_method
    def getChat(self, p: _Params) -> dict[str, Any]:
        state = self._target_chat(p)
        gifts = dict.fromkeys(("unlimited_gifts", "limited_gifts", "unique_gifts",
                               "premium_subscription", "gifts_from_channels"), False)
        return {**state.api, "accent_color_id": 0, "max_reaction_count": 11,
                "accepted_gift_types": gifts}

    @_bot_api_method
    def getChatMember(self, p: _Params) -> dict[str, Any]:
        state = self._target_chat(p)
        user_id = p.integer("user_id", required=True)
        if user_id == self.bot_user.id:
            return self._member_api(self.bot_user, state.bot_status, state)
        user = self._users.get(user_id)
        if user is None:
            raise bad_request("user not found")
        return self._member_api(user, state.members.get(user_id, "left"), state)

    # ---- Bot API: forum topics -------------------------------------------------------------

    @_bot_api_method
    def createForumTopic(self, p: _Params) -> dict[str, Any]:
        state = self._forum(p, "create a topic")
        name = p.string("name") or ""
        if not 1 <= len(name) <= 128:
            raise bad_request("TOPIC_TITLE_EMPTY" if not name else "TOPIC_TITLE_TOO_LONG")
        color = p.integer("icon_color") or FORUM_ICON_COLORS[0]
        if color not in FORUM_ICON_COLORS:
            raise bad_request("TOPIC_ICON_COLOR_INVALID")  # best effort
        emoji = p.string("icon_custom_emoji_id")
        topic, _ = self._new_topic(state, self.bot_user.to_api(), name, color, emoji)
        result = {"message_thread_id": topic.thread_id, "name": name, "icon_color": color}
        return {**result, **({"icon_custom_emoji_id": emoji} if emoji else {})}

    @_bot_api_method
    def editForumTopic(self, p: _Params) -> bool:
        state, topic = self._forum_topic(p)
        name, emoji = p.string("name"), p.string("icon_custom_emoji_id")
        if (name is None or name == topic.name) and (
                emoji is None or emoji == topic.icon_custom_emoji_id):
            raise bad_request("TOPIC_NOT_MODIFIED")
        edited = {}
        if name is not None and name != topic.name:
            topic.name = edited["name"] = name
        if emoji is not None:
            topic.icon_custom_emoji_id = edited["icon_custom_emoji_id"] = emoji
        self._post(state, self.bot_user.to_api(), topic.thread_id, None,
                   {"forum_topic_edited": edited})
        return True

    @_bot_api_method
    def closeForumTopic(self, p: _Params) -> bool:
        return self._set_topic_closed(p, closed=True)

    @_bot_api_method
    def reopenForumTopic(self, p: _Params) -> bool:
        return self._set_topic_closed(p, closed=False)

    @_bot_api_method
    def deleteForumTopic(self, p: _Params) -> bool:
        state, topic = self._forum_topic(p)
        self._drop_topic(state, topic.thread_id)
        return True

    def _set_topic_closed(self, p: _Params, closed: bool) -> bool:
        state, topic = self._forum_topic(p)
        if topic.closed == closed:
            raise bad_request("TOPIC_NOT_MODIFIED")
        topic.closed = closed
        service = "forum_topic_closed" if closed else "forum_topic_reopened"
        self._post(state, self.bot_user.to_api(), topic.thread_id, None, {service: {}})
        return True

    def _forum(self, p: _Params, action: str = "manage topics") -> _ChatState:
        state = self._target_chat(p)
        if not state.chat.is_forum:
            raise bad_request("the chat is not a forum")
        if not (state.bot_is_admin and state.bot_can_manage_topics):
            raise bad_request(f"not enough rights to {action}")
        return state

    def _forum_topic(self, p: _Params) -> tuple[_ChatState, _Topic]:
        state = self._forum(p)
        topic = state.topics.get(p.integer("message_thread_id", required=True))
        if topic is None or topic.deleted:
            raise bad_request("TOPIC_ID_INVALID")  # best effort (MTProto name)
        return state, topic


# --------------------------------------------------------------------------------------------
# Small helpers


def _chat_id(chat: FakeChat | FakeUser | int) -> int:
    """Chats are passed as FakeChat, as the FakeUser of a private chat, or as an id."""
    return chat if isinstance(chat, int) else chat.id


def _not_modified() -> BotApiError:
    return bad_request("message is not modified: specified new message content and reply "
                       "markup are exactly the same as a current content and reply markup of "
                       "the message")


def _with_caption(content: dict[str, Any], caption: str | None,
                  entities: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    if caption:
        content["caption"] = caption
        if entities:
            content["caption_entities"] = entities
    return content


def _typed_entities(caption: str | None) -> list[dict[str, Any]]:
    """What the app marks in a caption a user types, as in a text: /commands and @mentions."""
    return command_and_mention_entities(caption) if caption else []


def _guess_mime(file_name: str) -> str:
    # mimetypes misses .ics on some systems; bookings send calendars, so say it explicitly.
    if file_name.lower().endswith(".ics"):
        return "text/calendar"
    return mimetypes.guess_type(file_name)[0] or "application/octet-stream"


def _scope_key(scope: Any) -> str:
    return json.dumps(scope or {"type": "default"}, sort_keys=True)


def _validate_command(command: Any) -> None:
    name = (command or {}).get("command") if isinstance(command, dict) else None
    if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9_]{1,32}", name):
        raise bad_request("BOT_COMMAND_INVALID")
    description = command.get("description")
    if not isinstance(description, str) or not 1 <= len(description) <= 256:
        raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")  # best effort


def _refuse_inside_event_loop(name: str) -> None:
    """A blocking wait on the event loop's thread would freeze the bot it waits for."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return
    raise RuntimeError(f"{name}() blocks; inside an async test use `await "
                       f"server.{name}_async(...)` so the bot's event loop keeps running")


# --------------------------------------------------------------------------------------------
# HTTP layer


class _HttpServer(ThreadingHTTPServer):
    """Thread per connection, daemon threads, deep accept queue for 100+ concurrent clients."""

    daemon_threads = True
    request_queue_size = 1024
    allow_reuse_address = True

    def __init__(self, api: FakeTelegramBotApi) -> None:
        self.api = api
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _RequestHandler)

    def track(self, connection: socket.socket, open_: bool) -> None:
        with self._connections_lock:
            (self._connections.add if open_ else self._connections.discard)(connection)

    def close_connections(self) -> None:
        """Kick idle keep-alive connections so their handler threads end now."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class _RequestHandler(BaseHTTPRequestHandler):
    """Routes /bot<token>/<method> and /file/bot<token>/<path> to the FakeTelegramBotApi."""

    protocol_version = "HTTP/1.1"  # keep-alive, as httpx expects
    server: _HttpServer

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in separate writes; with Nagle's algorithm and delayed ACKs
        # every answer would then wait ~40 ms on loopback.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.track(self.connection, True)

    def finish(self) -> None:
        self.server.track(self.connection, False)
        try:
            super().finish()
        except OSError:
            pass

    def do_POST(self) -> None:  # noqa: N802 - http.server naming
        self._route()

    def do_GET(self) -> None:  # noqa: N802
        self._route()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass  # one line per request would drown the test output

    def _route(self) -> None:
        url = urlsplit(self.path)
        body = self._read_body()
        path = unquote(url.path)  # PTB percent-encodes file URLs, the token's ':' included
        file_match = re.fullmatch(r"/file/bot([^/]+)/(.+)", path)
        api_match = re.fullmatch(r"/bot([^/]+)/([A-Za-z]+)", path)
        if file_match:
            content = self.server.api.handle_file_download(file_match.group(1),
                                                           file_match.group(2))
            if content is None:
                self._answer(404, b'{"ok":false,"error_code":404,"description":"Not Found"}')
            else:
                self._answer(200, content, "application/octet-stream")
        elif api_match:
            self._api_call(api_match.group(1), api_match.group(2), url.query, body)
        else:
            self._answer(404, b'{"ok":false,"error_code":404,"description":"Not Found"}')

    def _api_call(self, token: str, method: str, query: str, body: bytes) -> None:
        try:
            fields, files = parse_request_body(self.headers.get("Content-Type", ""), body, query)
        except BotApiError as error:
            payload = {"ok": False, "error_code": 400, "description": error.description}
            self._answer(400, json.dumps(payload).encode())
            return
        status, payload = self.server.api.handle_api_request(token, method, fields, files)
        self._answer(status, payload)

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            return self._read_chunked()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _read_chunked(self) -> bytes:
        chunks = []
        while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
            chunks.append(self.rfile.read(size))
            self.rfile.readline()
        self.rfile.readline()
        return b"".join(chunks)

    def _answer(self, status: int, body: bytes,
                content_type: str = "application/json") -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            # The client gave up (e.g. PTB cancelled its long poll on shutdown): nothing to do.
            self.close_connection = True


__all__ = [
    "DEFAULT_TOKEN", "ApiCall", "BotApiError", "FakeChat", "FakeMessage", "FakeTelegramBotApi",
    "FakeTopic", "FakeUser", "UploadedFile", "command_and_mention_entities", "decode_params",
    "inline_keyboard", "parse_formatted", "parse_request_body", "validate_reply_markup",
]
