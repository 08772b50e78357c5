"""Markdown files: optional YAML front matter, title from it or the first `# ` heading."""

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from knowledge import messages
from knowledge.documents import ExtractedText
from knowledge.errors import LoadError
from knowledge.loaders.text import decode_text
from knowledge.settings import LoaderSettings

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL | re.MULTILINE)
_HEADING_1 = re.compile(r"^#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)
_KOREAN_DATE = re.compile(r"^(\d{4})\s*[.\-/년]\s*(\d{1,2})\s*[.\-/월]\s*(\d{1,2})\s*일?\.?$")


def load(path: Path, limits: LoaderSettings) -> ExtractedText:
    text = decode_text(path, path.read_bytes()).lstrip("\ufeff").replace("\r\n", "\n")
    front_matter, body = split_front_matter(path, text)
    heading = _HEADING_1.search(body)
    return ExtractedText(
        text=body,
        title=_string(front_matter.get("title")) or (heading.group(1) if heading else None),
        updated=iso_date(front_matter.get("updated")),
        front_matter=front_matter,
    )


def split_front_matter(path: Path, text: str) -> tuple[dict[str, Any], str]:
    """The parsed front matter (dates as ISO strings) and the body after it."""
    if not re.match(r"---[ \t]*\n", text):
        return {}, text
    match = _FRONT_MATTER.match(text)
    if match is None:
        raise LoadError(path, "corrupt", "front matter가 '---' 줄로 닫히지 않았어요")
    return _parse_yaml(path, match.group(1)), text[match.end() :]


def _parse_yaml(path: Path, source: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError as exc:
        raise LoadError(path, "corrupt", _yaml_problem(exc)) from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise LoadError(path, "corrupt", "front matter는 '이름: 값' 형식이어야 해요")
    # Dates become ISO strings so the front matter stays JSON-friendly downstream.
    return {str(key): _jsonable(value) for key, value in data.items()}


def _yaml_problem(exc: yaml.YAMLError) -> str:
    # PyYAML's own wording ("expected ',' or ']'") is English; the line is what staff need.
    mark = getattr(exc, "problem_mark", None)
    # +2: the mark counts from 0 and the opening '---' line sits above the YAML.
    where = f"{mark.line + 2}행 근처의 " if mark is not None else ""
    return messages.YAML_INVALID.format(where=where)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    return value


def iso_date(value: Any) -> str | None:
    """YYYY-MM-DD from a date, datetime or date-like string (2025-03-04, 2025.3.4, 2025년 3월 4일)."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    return _parse_date_string(value.strip())


def _parse_date_string(value: str) -> str | None:
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        pass
    match = _KOREAN_DATE.match(value)
    if match is None:
        return None
    try:
        return dt.date(*map(int, match.groups())).isoformat()
    except ValueError:
        return None


def _string(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None
