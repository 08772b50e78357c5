"""Opening the ZIP packages behind DOCX and HWPX, refusing ones that are not ZIPs or inflate absurdly."""

import zipfile
from pathlib import Path

from knowledge import messages
from knowledge.errors import LoadError
from knowledge.settings import LoaderSettings

# XML compresses about tenfold; beyond this ratio a package is a decompression bomb, not a document.
_MAX_INFLATION = 20
MEGABYTE = 1024 * 1024
_FORMAT_NAMES = {".docx": "Word(.docx)", ".hwpx": "한글(.hwpx)"}


def open_package(path: Path, limits: LoaderSettings) -> zipfile.ZipFile:
    """The opened ZIP archive; LoadError corrupt when it is not one, oversized when it would explode."""
    try:
        package = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
        raise LoadError(path, "corrupt", _not_a_package(path)) from exc
    inflated = sum(info.file_size for info in package.infolist())
    if inflated > inflation_limit(limits):
        package.close()
        raise LoadError(path, "oversized", f"압축을 풀면 {inflated / MEGABYTE:.0f}MB")
    return package


def _not_a_package(path: Path) -> str:
    # A ZIP starts with "PK": one that does and still cannot be opened lost its end (the
    # directory of a ZIP is at the end of the file), typically an interrupted download.
    with path.open("rb") as stream:
        starts_like_zip = stream.read(2) == b"PK"
    if starts_like_zip:
        return messages.PACKAGE_DAMAGED
    return messages.NOT_A_PACKAGE.format(format=_FORMAT_NAMES.get(path.suffix.lower(), "ZIP"))


def inflation_limit(limits: LoaderSettings) -> int:
    """Bytes a compressed stream of one file may inflate to."""
    return int(limits.max_file_mb * MEGABYTE * _MAX_INFLATION)
