"""The document date shown to users comes from the file's own metadata, not from its mtime."""

import datetime as dt
import os

import pypdf

from knowledge.loaders import extract_text
from knowledge.loaders.titles import metadata_date
from knowledge.settings import KnowledgeSettings, LoaderSettings
from knowledge.sources import SourceFile, file_hash, load_source
from tests.knowledge.document_factory import write_docx, write_hwpx, write_pdf


def test_pdf_date_comes_from_its_info_dictionary(tmp_path):
    source = write_pdf(tmp_path / "a.pdf", [["산업단지 수출박람회 안내입니다."]], title="박람회")
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(source))
    writer.add_metadata({"/ModDate": "D:20250904093000+09'00'"})
    dated = tmp_path / "dated.pdf"
    with dated.open("wb") as stream:
        writer.write(stream)
    assert extract_text(dated, LoaderSettings()).updated == "2025-09-04"


def test_docx_date_comes_from_core_properties(tmp_path):
    import docx

    path = write_docx(tmp_path / "a.docx")
    document = docx.Document(str(path))
    document.core_properties.modified = dt.datetime(2025, 5, 20, 14, 0)
    document.save(str(path))
    assert extract_text(path, LoaderSettings()).updated == "2025-05-20"


def test_hwpx_date_comes_from_package_metadata(tmp_path):
    from hwpx import HwpxDocument

    path = write_hwpx(tmp_path / "a.hwpx")
    document = HwpxDocument.open(str(path))
    document.parts.set_document_metadata(modified_date="2025-09-04T00:00:00Z", created_date="2025-09-01T00:00:00Z")
    document.save_to_path(str(path)) if hasattr(document, "save_to_path") else document.save(str(path))
    assert extract_text(path, LoaderSettings()).updated == "2025-09-04"


def test_placeholder_and_unparseable_dates_are_ignored():
    assert metadata_date("D:20000101000000+00'00'") is None  # reportlab's invariant-mode stamp
    assert metadata_date("2025년 9월 17일") is None
    assert metadata_date(None) is None
    assert metadata_date(dt.date(2025, 9, 4)) == "2025-09-04"


def test_a_docx_never_edited_after_its_template_takes_the_file_date(tmp_path):
    # python-docx copies a template whose core properties say 2013-12-23 and never change.
    path = write_docx(tmp_path / "a.docx")
    os.utime(path, (dt.datetime(2026, 1, 15, 9).timestamp(),) * 2)
    assert extract_text(path, LoaderSettings()).updated is None
    source = SourceFile("a", path, file_hash(path))
    assert load_source(source, KnowledgeSettings()).updated == "2026-01-15"
