"""Opening the ZIP packages behind DOCX and HWPX, refusing ones that are not ZIPs or inflate absurdly."""

import zipfile
from pathlib import Path

from knowledge.errors import LoadError
from knowledge.settings import LoaderSettings

# XML compresses about tenfold; beyond this ratio a package is a decompression bomb, not a document.
_MAX_INFLATION = 20
MEGABYTE = 1024 * 1024


def open_package(path: Path, limits: LoaderSettings) -> zipfile.ZipFile:
    """The opened ZIP archive; LoadError corrupt when it is not one, oversized when it would explode."""
    try:
        package = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
        raise LoadError(path, "corrupt", f"ZIP 형식이 아니에요: {exc}") from exc
    inflated = sum(info.file_size for info in package.infolist())
    if inflated > inflation_limit(limits):
        package.close()
        raise LoadError(path, "oversized", f"압축을 풀면 {inflated / MEGABYTE:.0f}MB")
    return package


def inflation_limit(limits: LoaderSettings) -> int:
    """Bytes a compressed stream of one file may inflate to."""
    return int(limits.max_file_mb * MEGABYTE * _MAX_INFLATION)
