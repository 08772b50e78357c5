"""Format loaders against real files of every format, written under tmp_path by document_factory."""

import logging
import re
import unicodedata
import zipfile
from pathlib import Path

import pytest

from knowledge import messages
from knowledge.errors import LoadError
from knowledge.loaders import SUPPORTED_SUFFIXES, extract_text
from knowledge.loaders.normalise import normalise
from knowledge.settings import LoaderSettings
from tests.knowledge import document_factory as factory


@pytest.fixture
def limits() -> LoaderSettings:
    return LoaderSettings()


def load_error(path: Path, limits: LoaderSettings, reason: str) -> LoadError:
    """The LoadError reading `path` raises, checked for its reason and the file's name."""
    with pytest.raises(LoadError) as caught:
        extract_text(path, limits)
    assert caught.value.reason == reason, caught.value.detail
    assert path.name in str(caught.value)
    return caught.value


def assert_table(text: str) -> None:
    lines = text.split("\n")
    start = lines.index(factory.TABLE_MARKDOWN_ROWS[0])
    assert lines[start : start + len(factory.TABLE_MARKDOWN_ROWS)] == factory.TABLE_MARKDOWN_ROWS


def test_supported_suffixes():
    assert SUPPORTED_SUFFIXES == frozenset({".md", ".markdown", ".txt", ".pdf", ".docx", ".hwpx", ".hwp"})


# --- normalisation -----------------------------------------------------------------------------


def test_normalise_composes_decomposed_hangul():
    decomposed = unicodedata.normalize("NFD", "산업단지 지원사업")
    assert len(decomposed) > len("산업단지 지원사업")
    assert normalise(decomposed) == "산업단지 지원사업"


def test_normalise_strips_private_use_zero_width_and_control_characters():
    text = "\ufeff지원\ue000사업\u200b 안내\x07\U000f0001\U0010fffd입니다\u00ad"
    assert normalise(text) == "지원사업 안내입니다"


def test_normalise_tidies_lines_spaces_and_blank_lines():
    text = "첫 줄\r\n\r\n\r\n둘째   줄\u3000끝  \r  - 들여쓴 항목\n\t탭\n\n\n"
    assert normalise(text) == "첫 줄\n\n둘째 줄 끝\n  - 들여쓴 항목\n\t탭"


def test_decomposed_text_file_comes_out_composed(tmp_path, limits):
    path = factory.write_text(tmp_path / "nfd.txt", unicodedata.normalize("NFD", factory.INTRO))
    assert extract_text(path, limits).text == factory.INTRO


# --- plain text --------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949", "euc-kr", "utf-16"])
def test_text_files_in_korean_encodings(tmp_path, limits, encoding):
    path = factory.write_text(tmp_path / "notice.txt", f"{factory.INTRO}\r\n{factory.DEADLINE}\r\n", encoding)
    extracted = extract_text(path, limits)
    assert extracted.text == f"{factory.INTRO}\n{factory.DEADLINE}"
    assert extracted.title is None


def test_binary_file_named_txt_is_corrupt(tmp_path, limits):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + factory.random_bytes(200))
    assert "바이너리" in load_error(path, limits, "corrupt").detail


def test_undecodable_text_is_corrupt(tmp_path, limits):
    path = tmp_path / "broken.txt"
    path.write_bytes("지원사업".encode("utf-8")[:-1] + b"\xff\xfe\xff")
    load_error(path, limits, "corrupt")


def test_whitespace_only_text_is_empty(tmp_path, limits):
    path = factory.write_text(tmp_path / "blank.txt", " \n\u200b\n\t\n")
    load_error(path, limits, "empty")


# --- Markdown ----------------------------------------------------------------------------------

FRONT_MATTER_DOCUMENT = f"""---
title: 스마트공장 지원사업 FAQ
updated: 2025-03-04
kind: program
tags: [AX, 제조]
---
# 본문의 첫 제목

{factory.INTRO}
"""


def test_markdown_front_matter(tmp_path, limits):
    extracted = extract_text(factory.write_text(tmp_path / "faq.md", FRONT_MATTER_DOCUMENT), limits)
    assert extracted.title == "스마트공장 지원사업 FAQ"
    assert extracted.updated == "2025-03-04"
    assert extracted.front_matter == {
        "title": "스마트공장 지원사업 FAQ", "updated": "2025-03-04", "kind": "program", "tags": ["AX", "제조"],
    }  # fmt: skip
    assert extracted.text == f"# 본문의 첫 제목\n\n{factory.INTRO}"


def test_markdown_title_from_first_heading_and_korean_date(tmp_path, limits):
    document = f"---\nupdated: '2025.3.4'\n---\n본문 앞 글\n\n# {factory.TITLE}\n\n## 세부\n{factory.INTRO}\n"
    extracted = extract_text(factory.write_text(tmp_path / "notice.markdown", document), limits)
    assert extracted.title == factory.TITLE
    assert extracted.updated == "2025-03-04"


def test_markdown_without_front_matter_keeps_everything(tmp_path, limits):
    document = f"# {factory.TITLE}\n\n---\n\n{factory.INTRO}\n"
    extracted = extract_text(factory.write_text(tmp_path / "plain.md", document, "cp949"), limits)
    assert extracted.front_matter == {}
    assert extracted.text == f"# {factory.TITLE}\n\n---\n\n{factory.INTRO}"


@pytest.mark.parametrize(
    ("front_matter", "detail"),
    [
        ("title: [닫히지 않은 목록\nupdated: 2025-03-04\n", "YAML"),
        ("- 목록만\n- 있음\n", "이름: 값"),
        ("title: 닫는 줄 없음\n\n# 제목\n", "닫히지"),
    ],
)
def test_malformed_front_matter_is_corrupt(tmp_path, limits, front_matter, detail):
    closing = "" if "닫는 줄 없음" in front_matter else "---\n"
    path = factory.write_text(tmp_path / "bad.md", f"---\n{front_matter}{closing}본문\n")
    assert detail in load_error(path, limits, "corrupt").detail


# --- PDF ---------------------------------------------------------------------------------------


def test_korean_pdf_pages_and_metadata_title(tmp_path, limits):
    pages = [[factory.INTRO, factory.DEADLINE], [factory.CONTACT]]
    path = factory.write_pdf(tmp_path / "notice.pdf", pages, title=factory.TITLE)
    extracted = extract_text(path, limits)
    assert extracted.title == factory.TITLE
    assert extracted.text == f"{factory.INTRO}\n{factory.DEADLINE}\n\n{factory.CONTACT}"


def test_pdf_lines_wrapped_mid_sentence_are_joined(tmp_path, limits):
    page = ["스마트공장 구축 지원은 제조 데이터를 모으는 설비와 분석 소프트웨어를", "함께 지원해요.", "□ 신청 방법"]
    extracted = extract_text(factory.write_pdf(tmp_path / "wrapped.pdf", [page]), limits)
    assert extracted.text == "스마트공장 구축 지원은 제조 데이터를 모으는 설비와 분석 소프트웨어를 함께 지원해요.\n□ 신청 방법"


def test_pdf_bullet_glyph_alone_on_its_line_joins_its_item(tmp_path, limits):
    page = ["공개되지 않은 내용", "•", "참가 신청 기간", "•", "부스 참가비"]
    extracted = extract_text(factory.write_pdf(tmp_path / "bullets.pdf", [page]), limits)
    assert extracted.text == "공개되지 않은 내용\n• 참가 신청 기간\n• 부스 참가비"


def test_pdf_placeholder_title_is_ignored(tmp_path, limits):
    path = factory.write_pdf(tmp_path / "untitled.pdf", [[factory.INTRO]], title="untitled")
    assert extract_text(path, limits).title is None


def test_pdf_with_owner_password_only_is_read(tmp_path, limits):
    path = factory.write_pdf(tmp_path / "locked-print.pdf", [[factory.INTRO]], owner_password="staff-only")
    assert extract_text(path, limits).text == factory.INTRO


def test_pdf_with_open_password_is_encrypted(tmp_path, limits):
    path = factory.write_pdf(tmp_path / "secret.pdf", [[factory.INTRO]], user_password="1234", owner_password="x")
    load_error(path, limits, "encrypted")


def test_scanned_pdf_is_image_only(tmp_path, limits):
    error = load_error(factory.write_image_only_pdf(tmp_path / "scan.pdf", pages=2), limits, "image_only")
    assert "2쪽" in error.detail


def test_pdf_over_the_page_limit_is_oversized(tmp_path):
    path = factory.write_pdf(tmp_path / "long.pdf", [[factory.INTRO]] * 4)
    error = load_error(path, LoaderSettings(max_pdf_pages=3), "oversized")
    assert "4쪽" in error.detail


def test_pdf_page_pypdf_cannot_read_comes_from_pdfium(tmp_path, limits, monkeypatch):
    import pypdf

    def broken_extract_text(page, *args, **kwargs):
        raise ValueError("unsupported font encoding")

    monkeypatch.setattr(pypdf.PageObject, "extract_text", broken_extract_text)
    path = factory.write_pdf(tmp_path / "odd-font.pdf", [[factory.INTRO], [factory.DEADLINE]])
    assert extract_text(path, limits).text == f"{factory.INTRO}\n\n{factory.DEADLINE}"


# --- DOCX --------------------------------------------------------------------------------------


def test_docx_headings_paragraphs_and_tables_in_order(tmp_path, limits):
    extracted = extract_text(factory.write_docx(tmp_path / "program.docx"), limits)
    assert extracted.title == factory.TITLE
    blocks = extracted.text.split("\n\n")
    assert blocks[:4] == ["# 사업 개요", factory.INTRO, "## 지원 내용", "- 스마트공장 솔루션 도입"]
    assert blocks[4] == "\n".join(factory.TABLE_MARKDOWN_ROWS)
    assert blocks[5:] == [
        "| 항목 | 비고 |\n| --- | --- |\n| A\\|B 구분 | 첫 줄 둘째 줄 |", "### 신청 방법", factory.DEADLINE,
    ]  # fmt: skip


def test_docx_title_falls_back_to_first_heading(tmp_path, limits):
    path = factory.write_docx(tmp_path / "no-title.docx", core_title=None)
    assert extract_text(path, limits).title == "사업 개요"


def test_password_protected_docx_is_encrypted(tmp_path, limits):
    load_error(factory.write_encrypted_docx(tmp_path / "secret.docx"), limits, "encrypted")


def test_word_97_file_named_docx_is_corrupt(tmp_path, limits):
    path = tmp_path / "old.docx"
    path.write_bytes(factory.compound_file({"WordDocument": factory.random_bytes(5000)}))
    assert ".doc" in load_error(path, limits, "corrupt").detail


def test_zip_that_is_not_a_word_document_is_corrupt(tmp_path, limits):
    hwpx = factory.write_hwpx(tmp_path / "really.hwpx")
    load_error(hwpx.rename(tmp_path / "really.docx"), limits, "corrupt")


# --- HWPX --------------------------------------------------------------------------------------


def hangul_document_text() -> str:
    """What the loaders make of factory.write_hwpx's document, as .hwpx and as .hwp alike."""
    table = [*factory.TABLE_MARKDOWN_ROWS, "| 공통 | 컨설팅 무료 제공 | |"]
    blocks = [factory.TITLE, factory.INTRO, factory.FOOTNOTE, "표 1. 지원 유형별 금액", "\n".join(table), factory.DEADLINE]
    return "\n\n".join(blocks)


def test_hwpx_paragraphs_footnote_and_table(tmp_path, limits):
    extracted = extract_text(factory.write_hwpx(tmp_path / "program.hwpx"), limits)
    assert extracted.text == hangul_document_text()
    assert factory.PAGE_HEADER not in extracted.text
    assert extracted.title == factory.TITLE


def test_encrypted_hwpx(tmp_path, limits):
    load_error(factory.write_encrypted_hwpx(tmp_path / "secret.hwpx"), limits, "encrypted")


def test_hwpx_without_a_section_is_corrupt(tmp_path, limits):
    path = factory.write_hwpx_without_sections(tmp_path / "hollow.hwpx")
    assert "section0" in load_error(path, limits, "corrupt").detail


# --- HWP 5.0 -----------------------------------------------------------------------------------


def test_hwp_paragraphs_controls_and_table(tmp_path, limits):
    extracted = extract_text(factory.write_hwp(tmp_path / "program.hwp"), limits)
    assert extracted.title == factory.TITLE
    assert extracted.text.split("\n\n") == [
        factory.TITLE,
        factory.INTRO,
        factory.FOOTNOTE,
        "지원 대상:\t입주기업 300곳",
        "자세한 내용은 누리집 공고문을 보세요.",
        "지원 내용은 다음과 같아요.",
        "표 1. 지원 유형별 금액",
        "\n".join(factory.TABLE_MARKDOWN_ROWS),
        "표의 금액은 기업당 한도예요.",
        f"{factory.DEADLINE}\n{factory.CONTACT}",
    ]


def test_hwp_uncompressed_body_with_a_long_record(tmp_path, limits):
    # Past 4095 bytes a record's size moves out of its header into an extra DWORD.
    long_paragraph = "긴 문단의 문장이에요. " * 400
    body = factory.sample_hwp_body(long_paragraph)
    extracted = extract_text(factory.write_hwp(tmp_path / "plain.hwp", body, flags=0), limits)
    assert extracted.text.endswith(long_paragraph.strip())
    assert_table(extracted.text)


def test_hwp_written_by_python_hwpx(tmp_path, limits):
    # An independent writer of the format: python-hwpx saves its document as HWP 5.0.
    extracted = extract_text(factory.write_hwpx(tmp_path / "converted.hwp"), limits)
    assert extracted.text == hangul_document_text()


def test_factory_hwp_is_a_real_hwp_for_python_hwpx(tmp_path):
    from hwpx import HwpxDocument

    document = HwpxDocument.open(str(factory.write_hwp(tmp_path / "check.hwp")))
    assert factory.INTRO in document.text.plain()


def test_hwp_body_without_text_falls_back_to_preview(tmp_path, limits):
    body = factory.hwp_paragraph(0, [])
    path = factory.write_hwp(tmp_path / "preview.hwp", body, preview=f"{factory.TITLE}\r\n{factory.INTRO}")
    assert extract_text(path, limits).text == f"{factory.TITLE}\n{factory.INTRO}"


@pytest.mark.parametrize(
    ("flags", "detail"),
    [(factory.HWP_PASSWORD, "암호"), (factory.HWP_DISTRIBUTION, "배포용")],
)
def test_locked_hwp_is_encrypted(tmp_path, limits, flags, detail):
    path = factory.write_hwp(tmp_path / "locked.hwp", flags=factory.HWP_COMPRESSED | flags)
    assert detail in load_error(path, limits, "encrypted").detail


@pytest.mark.parametrize(
    ("streams", "detail"),
    [
        ({"BodyText/Section0": None}, "BodyText"),
        ({"FileHeader": None}, "FileHeader"),
        ({"FileHeader": b"HWP Document File V3.00".ljust(256, b"\0")}, "서명"),
        ({"BodyText/Section0": factory.random_bytes(300)}, "압축"),
    ],
)
def test_damaged_hwp_is_corrupt(tmp_path, limits, streams, detail):
    path = factory.write_hwp(tmp_path / "damaged.hwp", streams=streams)
    assert detail in load_error(path, limits, "corrupt").detail


def test_hwp_3_file_is_corrupt_with_a_hint(tmp_path, limits):
    path = tmp_path / "old.hwp"
    path.write_bytes(b"HWP Document File V3.00 \x1a\x01\x02\x03\x04\x05" + factory.random_bytes(500))
    assert "3.0" in load_error(path, limits, "corrupt").detail


# --- failures common to every format -------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".hwpx", ".hwp", ".txt", ".md"])
def test_random_bytes_are_corrupt(tmp_path, limits, suffix):
    path = tmp_path / f"noise{suffix}"
    path.write_bytes(factory.random_bytes(3000))
    load_error(path, limits, "corrupt")


@pytest.mark.parametrize(("writer", "name"), [(factory.write_docx, "cut.docx"), (factory.write_hwpx, "cut.hwpx")])
def test_truncated_packages_are_corrupt(tmp_path, limits, writer, name):
    whole = writer(tmp_path / f"whole-{name}")
    load_error(factory.truncated(whole, tmp_path / name), limits, "corrupt")


@pytest.mark.parametrize("suffix", sorted(SUPPORTED_SUFFIXES))
def test_empty_files_are_empty(tmp_path, limits, suffix):
    path = tmp_path / f"nothing{suffix}"
    path.touch()
    load_error(path, limits, "empty")


@pytest.mark.parametrize("suffix", [".txt", ".pdf", ".hwp"])
def test_files_over_the_size_limit_are_oversized(tmp_path, suffix):
    path = tmp_path / f"big{suffix}"
    path.write_bytes(factory.random_bytes(2048))
    error = load_error(path, LoaderSettings(max_file_mb=0.001), "oversized")
    assert "MB" in error.detail


def test_package_that_inflates_enormously_is_oversized(tmp_path):
    path = tmp_path / "bomb.hwpx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("mimetype", "application/hwp+zip")
        package.writestr("Contents/section0.xml", " " * 2_000_000)
    assert path.stat().st_size < 20_000
    load_error(path, LoaderSettings(max_file_mb=0.02), "oversized")


def test_hwp_body_that_inflates_enormously_is_oversized(tmp_path):
    path = factory.write_hwp(tmp_path / "bomb.hwp", body=bytes(2_000_000))
    assert path.stat().st_size < 20_000
    load_error(path, LoaderSettings(max_file_mb=0.02), "oversized")


@pytest.mark.parametrize("name", ["budget.xlsx", "poster.jpg", "README"])
def test_unsupported_suffixes(tmp_path, limits, name):
    path = tmp_path / name
    path.write_bytes(b"PK\x03\x04")
    load_error(path, limits, "unsupported")


def test_suffix_match_ignores_case(tmp_path, limits):
    path = factory.write_pdf(tmp_path / "NOTICE.PDF", [[factory.INTRO]])
    assert extract_text(path, limits).text == factory.INTRO


# --- what staff read: Korean details, never a parser's English ----------------------------------

# Format and part names staff know; any other Latin word in a message is a parser leaking through.
_KNOWN_WORDS = {"Word", "docx", "hwpx", "front", "matter", "Contents", "section0", "xml"}


def english_words(message: str) -> list[str]:
    words = re.findall(r"[A-Za-z][A-Za-z0-9]*", message)
    return [word for word in words if any(c.islower() for c in word) and word not in _KNOWN_WORDS]


_WRITERS = {".pdf": lambda path: factory.write_pdf(path, [[factory.INTRO]]), ".docx": factory.write_docx, ".hwpx": factory.write_hwpx, ".hwp": factory.write_hwp}


@pytest.mark.parametrize("damage", [f"noise{suffix}" for suffix in (*_WRITERS, ".txt", ".md")] + [f"cut{suffix}" for suffix in _WRITERS])
def test_damaged_files_are_explained_in_korean(tmp_path, limits, damage):
    path = tmp_path / damage
    if damage.startswith("noise"):
        path.write_bytes(factory.random_bytes(3000))
    else:
        factory.truncated(_WRITERS[path.suffix](tmp_path / f"whole{path.suffix}"), path, 0.4)
    error = load_error(path, limits, "corrupt")
    assert english_words(str(error).replace(path.name, "")) == []


def test_a_truncated_pdf_says_so_without_pypdf_warnings(tmp_path, limits, caplog):
    whole = factory.write_pdf(tmp_path / "whole.pdf", [[factory.INTRO]])
    with caplog.at_level(logging.WARNING):
        error = load_error(factory.truncated(whole, tmp_path / "cut.pdf", 0.4), limits, "corrupt")
    assert error.detail == messages.PDF_TRUNCATED
    assert [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING] == []


def test_an_image_named_pdf_is_not_a_pdf(tmp_path, limits):
    path = tmp_path / "photo.pdf"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + factory.random_bytes(2000))
    assert load_error(path, limits, "corrupt").detail == messages.NOT_A_PDF


@pytest.mark.parametrize(("writer", "expected"), [(None, "Word(.docx) 문서가 아니에요"), (factory.write_docx, "끝부분이 잘린")])
def test_a_docx_that_is_no_zip_or_a_cut_one(tmp_path, limits, writer, expected):
    path = tmp_path / "notice.docx"
    if writer is None:
        path.write_bytes(factory.random_bytes(3000))
    else:
        factory.truncated(writer(tmp_path / "whole.docx"), path)
    assert expected in load_error(path, limits, "corrupt").detail


def test_unsupported_format_names_the_suffix_once(tmp_path, limits):
    path = tmp_path / "sheet.xlsx"
    path.write_bytes(b"PK\x03\x04")
    message = str(load_error(path, limits, "unsupported"))
    assert "지원하지 않는 파일 형식(.xlsx)이에요." in message and ") (" not in message and message.count("(") == 1


def test_text_file_title_is_its_first_line(tmp_path, limits):
    path = factory.write_text(tmp_path / "qa-cp949.txt", f"{factory.TITLE}\n\n{factory.INTRO}\n", "cp949")
    assert extract_text(path, limits).title == factory.TITLE


def test_text_longer_than_the_limit_is_oversized(tmp_path):
    path = factory.write_text(tmp_path / "long.md", "# 긴 문서\n\n" + "산업단지 안내 문장이에요. " * 500)
    error = load_error(path, LoaderSettings(max_text_chars=5000), "oversized")
    assert "최대 5,000자" in error.detail and "나눠서" in error.detail
