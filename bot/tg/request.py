"""PTB's HTTP transport on aiohttp: the Bot API calls of every turn at a fifth of httpx's cost.

PTB's default transport (httpx) spends about 3 ms of event-loop time per Bot API call, and a
turn makes two (typing, then the reply); aiohttp about 0.5 ms (docs/BENCHMARKS.md). The event
loop shares the GIL with the turn threads, so that time is taken from every conversation.
Parameters go as a JSON body, which the Bot API takes for every method but file uploads: PTB's
form encoding percent-escapes a Korean reply byte by byte in Python, a third of a sendMessage.
Errors follow PTB's contract: `TimedOut` for timeouts, `NetworkError` for other failures.
"""

import json
from functools import lru_cache
from urllib.parse import urlsplit
from urllib.request import getproxies, proxy_bypass

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

# PTB's own defaults (HTTPXRequest), in seconds; a file upload may take longer to write.
READ_TIMEOUT = 5.0
CONNECT_TIMEOUT = 5.0
POOL_TIMEOUT = 1.0
MEDIA_TIMEOUT = 20.0
JSON_TYPE = "application/json"


class AiohttpRequest(BaseRequest):
    """One aiohttp session with a keep-alive pool of at most `connections` connections."""

    def __init__(self, connections: int = 256):
        self._connections = connections
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float:
        return READ_TIMEOUT

    async def initialize(self) -> None:
        if self._session is None:  # created here, inside the running event loop, as aiohttp wants
            connector = aiohttp.TCPConnector(limit=self._connections)
            self._session = aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar())

    async def shutdown(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout=BaseRequest.DEFAULT_NONE,
        write_timeout=BaseRequest.DEFAULT_NONE,
        connect_timeout=BaseRequest.DEFAULT_NONE,
        pool_timeout=BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None:
            raise RuntimeError("AiohttpRequest is not initialized")
        files = request_data.multipart_data if request_data and request_data.contains_files else None
        timeout = _timeout(bool(files), read_timeout, write_timeout, connect_timeout, pool_timeout)
        body, where = _body(request_data, files), urlsplit(url)
        headers = {"User-Agent": self.USER_AGENT}
        if isinstance(body, bytes):
            headers["Content-Type"] = JSON_TYPE
        try:
            async with self._session.request(
                method, url, data=body, timeout=timeout, headers=headers, proxy=_env_proxy(where.scheme, where.hostname or ""),
            ) as response:
                return response.status, await response.read()
        except TimeoutError as error:  # aiohttp's own timeouts derive from it too
            raise TimedOut from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{error.__class__.__name__}: {error}") from error


def _timeout(upload: bool, read_timeout, write_timeout, connect_timeout, pool_timeout) -> aiohttp.ClientTimeout:
    """PTB's four timeouts as aiohttp's: None means no limit, DEFAULT_NONE means PTB's default.

    aiohttp has no write timeout: an upload's writing counts against the read timeout, so an
    upload gets PTB's media allowance on top. Waiting for a free connection counts as connecting.
    """
    read = _given(read_timeout, READ_TIMEOUT)
    if upload and read is not None:
        read += _given(write_timeout, MEDIA_TIMEOUT) or 0
    connect, pool = _given(connect_timeout, CONNECT_TIMEOUT), _given(pool_timeout, POOL_TIMEOUT)
    return aiohttp.ClientTimeout(connect=None if connect is None or pool is None else connect + pool, sock_read=read)


@lru_cache(maxsize=16)
def _env_proxy(scheme: str, host: str) -> str | None:
    """HTTPS_PROXY / ALL_PROXY unless NO_PROXY names the host, as PTB's httpx honoured them.

    Looked up once per host: aiohttp's own `trust_env` looks up proxies and .netrc on a worker
    thread for every request, which doubled the time of a call.
    """
    if proxy_bypass(host):
        return None
    proxies = getproxies()
    return proxies.get(scheme) or proxies.get("all")


def _given(value, default: float) -> float | None:
    return default if isinstance(value, type(BaseRequest.DEFAULT_NONE)) else value


def _body(request_data: RequestData | None, files) -> aiohttp.FormData | bytes | None:
    """The parameters as JSON (PTB has made them JSON values already); multipart/form-data, with
    PTB's JSON-encoded fields, when there are files."""
    if request_data is None:
        return None
    if not files:
        return json.dumps(request_data.parameters, ensure_ascii=False).encode()
    form = aiohttp.FormData(quote_fields=False)  # UTF-8 file names as they are, as browsers and httpx send them
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, (filename, content, mime_type) in files.items():
        form.add_field(name, content, filename=filename, content_type=mime_type)
    return form
