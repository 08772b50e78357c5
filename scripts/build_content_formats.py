"""Render two program documents from Markdown into HWPX and PDF.

The knowledge base accepts program documents in several formats (.md, .pdf,
.hwpx, ...). Two of the shipped program documents are kept as Markdown sources
in ``scripts/content_sources/`` and rendered here, so the loaders for the other
formats have real Korean documents to read:

    scripts/content_sources/industrial-complex-week.md
        -> knowledge/content/programs/industrial-complex-week.hwpx  (python-hwpx)
    scripts/content_sources/export-fair-kicef.md
        -> knowledge/content/programs/export-fair-kicef.pdf         (reportlab)

HWPX and PDF have no YAML front matter, so the document title is written as
the first paragraph and, where the format allows, into the file's metadata
title (HWPX ``opf:title``, PDF ``/Title``). The ``updated`` date and source
note are written as the second paragraph ("기준일: ... · 출처: ...").

Supported Markdown subset: front matter, ``#``/``##``/``###`` headings,
paragraphs, ``-`` and ``1.`` list items, ``**bold**`` and pipe tables.

Usage:  python scripts/build_content_formats.py [--check] [--pdf-font auto|ttf|cid]
    --check  also read the generated files back and print the extracted text.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "scripts" / "content_sources"
OUT_DIR = ROOT / "knowledge" / "content" / "programs"

HWPX_JOBS = [("industrial-complex-week.md", "industrial-complex-week.hwpx")]
PDF_JOBS = [("export-fair-kicef.md", "export-fair-kicef.pdf")]


# --------------------------------------------------------------------------- Markdown


@dataclass
class Block:
    kind: str  # heading | paragraph | bullet | number | table
    text: str = ""
    level: int = 0  # heading level, or the item's number for "number"
    rows: list[list[str]] = field(default_factory=list)  # table: header row first


@dataclass
class MarkdownDoc:
    meta: dict
    blocks: list[Block]

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or "")

    @property
    def byline(self) -> str:
        parts = []
        if self.meta.get("updated"):
            parts.append(f"기준일: {self.meta['updated']}")
        if self.meta.get("source"):
            parts.append(f"출처: {self.meta['source']}")
        return " · ".join(parts)


_BOLD = re.compile(r"\*\*(.+?)\*\*")
_NUMBERED = re.compile(r"^(\d+)\.\s+(.*)$")


def plain(text: str) -> str:
    """Inline Markdown removed (bold markers)."""
    return _BOLD.sub(r"\1", text)


def _split_row(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def parse_markdown(path: Path) -> MarkdownDoc:
    raw = path.read_text(encoding="utf-8")
    meta: dict = {}
    if raw.startswith("---"):
        _, front, raw = raw.split("---", 2)
        meta = yaml.safe_load(front) or {}
    blocks: list[Block] = []
    lines = raw.strip().splitlines()
    i = 0
    para: list[str] = []

    def flush_para() -> None:
        if para:
            blocks.append(Block("paragraph", " ".join(para)))
            para.clear()

    while i < len(lines):
        line = lines[i].rstrip()
        stripped = line.strip()
        if not stripped:
            flush_para()
        elif stripped.startswith("#"):
            flush_para()
            hashes = len(stripped) - len(stripped.lstrip("#"))
            blocks.append(Block("heading", stripped[hashes:].strip(), level=hashes))
        elif stripped.startswith("|"):
            flush_para()
            rows = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                cells = _split_row(lines[i])
                if not all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
                    rows.append(cells)
                i += 1
            blocks.append(Block("table", rows=rows))
            continue
        elif stripped.startswith("- "):
            flush_para()
            blocks.append(Block("bullet", stripped[2:].strip()))
        elif m := _NUMBERED.match(stripped):
            flush_para()
            blocks.append(Block("number", m.group(2).strip(), level=int(m.group(1))))
        else:
            para.append(stripped)
        i += 1
    flush_para()
    # The leading "# title" duplicates the front-matter title: the renderers
    # write the title themselves, so drop it here.
    if blocks and blocks[0].kind == "heading" and blocks[0].level == 1:
        if not meta.get("title"):
            meta["title"] = blocks[0].text
        blocks = blocks[1:]
    return MarkdownDoc(meta, blocks)


# --------------------------------------------------------------------------- HWPX

_HP_NS = "http://www.hancom.co.kr/hwpml/2011/paragraph"


def build_hwpx(doc: MarkdownDoc, out: Path) -> None:
    from hwpx import HwpxDocument

    hw = HwpxDocument.new()
    title_style = hw.styles.ensure_run(bold=True, size=16)
    bold_style = hw.styles.ensure_run(bold=True)

    # The blank template starts with one empty paragraph holding the section
    # settings: the title goes there, so it is the first paragraph.
    hw.paragraphs[0].text = doc.title
    hw.paragraphs[0].char_pr_id_ref = title_style
    if doc.byline:
        hw.add_paragraph(doc.byline, style="바탕글", char_pr_id_ref="0")

    for block in doc.blocks:
        if block.kind == "heading":
            hw.add_heading(plain(block.text), level=max(1, block.level - 1))
        elif block.kind == "paragraph":
            hw.add_paragraph(plain(block.text), style="바탕글", char_pr_id_ref="0")
        elif block.kind == "bullet":
            hw.add_paragraph("· " + plain(block.text), style="바탕글", char_pr_id_ref="0")
        elif block.kind == "number":
            hw.add_paragraph(f"{block.level}. {plain(block.text)}", style="바탕글", char_pr_id_ref="0")
        elif block.kind == "table":
            rows = block.rows
            ncols = max(len(r) for r in rows)
            table = hw.add_table(len(rows), ncols)
            for r, row in enumerate(rows):
                for c in range(ncols):
                    table.set_cell_text(r, c, plain(row[c]) if c < len(row) else "")
            if ncols == 2:
                table.set_column_widths([1, 2])
            # Bold header row.
            for c in range(ncols):
                for run in table.cell(0, c).paragraphs[0].runs:
                    run.char_pr_id_ref = bold_style
    stamp = f"{doc.meta['updated']}T00:00:00Z" if doc.meta.get("updated") else None
    hw.parts.set_document_metadata(
        title=doc.title, creator="AX 상담봇 콘텐츠", subject=doc.byline, created_date=stamp, modified_date=stamp
    )
    # python-hwpx gives new paragraphs and tables random ids; number them instead so a
    # rebuild of unchanged sources gives an identical file (no re-indexing).
    for section in hw.sections:
        for n, p in enumerate(section.element.iter(f"{{{_HP_NS}}}p")):
            p.set("id", str(n))
        for n, tbl in enumerate(section.element.iter(f"{{{_HP_NS}}}tbl"), start=1):
            tbl.set("id", str(1000 + n))
        section.mark_dirty()
    out.parent.mkdir(parents=True, exist_ok=True)
    hw.save_to_path(out)
    out.chmod(0o644)  # python-hwpx writes through a private temp file (mode 600)


# --------------------------------------------------------------------------- PDF

# Font: a Korean TrueType font is embedded (subset) when one is installed, so the
# PDF renders the same in every viewer; otherwise reportlab's built-in Korean CID
# font is used, which is not embedded (viewers must supply a Korean font; on a
# machine without one, e.g. pdfium here before fonts-nanum, the glyphs render
# blank) but whose text still extracts correctly. Debian: `apt-get install fonts-nanum`.
PDF_TTF_CANDIDATES = [
    ("/usr/share/fonts/truetype/nanum/NanumGothic.ttf", "/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf"),
    ("/usr/share/fonts/truetype/nanum/NanumBarunGothic.ttf", "/usr/share/fonts/truetype/nanum/NanumBarunGothicBold.ttf"),
]
PDF_CID_FONT = "HYGothic-Medium"  # reportlab's built-in Korean CID font (Adobe-Korea1)
# Line breaking: Korean is set with spaces between words (어절), and Korean
# typesetting breaks lines at those spaces (like CSS `word-break: keep-all`).
# reportlab's wordWrap="CJK" breaks between any two syllables instead, which
# splits words across lines ("2025\n년", "혁신\n과"): ugly, and text extraction
# then hands the knowledge loader broken words. So the default (space) wrapping
# is used; set this to "CJK" for text without spaces.
PDF_WORD_WRAP: str | None = None


def _inline_pdf(text: str) -> str:
    """Markdown inline -> reportlab mini-markup (escape first, then bold)."""
    return _BOLD.sub(r"<b>\1</b>", html.escape(text, quote=False))


def register_pdf_font(choice: str = "auto") -> str:
    """Register the body font (with a bold face mapped) and return its name.

    choice: "auto" (embedded TTF if installed, else CID), "ttf" or "cid".
    """
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont

    if choice in ("auto", "ttf"):
        for regular, bold in PDF_TTF_CANDIDATES:
            if Path(regular).exists():
                pdfmetrics.registerFont(TTFont("KoSans", regular))
                bold_name = "KoSans"
                if Path(bold).exists():
                    pdfmetrics.registerFont(TTFont("KoSans-Bold", bold))
                    bold_name = "KoSans-Bold"
                for italic in (0, 1):
                    addMapping("KoSans", 0, italic, "KoSans")
                    addMapping("KoSans", 1, italic, bold_name)
                return "KoSans"
        if choice == "ttf":
            raise SystemExit("no Korean TrueType font found; install fonts-nanum or use --pdf-font cid")
    pdfmetrics.registerFont(UnicodeCIDFont(PDF_CID_FONT))
    # A CID font has no bold face: map <b> to the same font so markup does not fail.
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(PDF_CID_FONT, bold, italic, PDF_CID_FONT)
    return PDF_CID_FONT


def build_pdf(doc: MarkdownDoc, out: Path, font: str = "auto") -> None:
    from reportlab import rl_config
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font_name = register_pdf_font(font)

    base = dict(fontName=font_name, wordWrap=PDF_WORD_WRAP, alignment=TA_LEFT)
    st_title = ParagraphStyle("title", fontSize=17, leading=24, spaceAfter=4 * mm, **base)
    st_byline = ParagraphStyle("byline", fontSize=8.5, leading=12, textColor=colors.grey, spaceAfter=5 * mm, **base)
    st_h = {
        1: ParagraphStyle("h1", fontSize=14, leading=20, spaceBefore=5 * mm, spaceAfter=2 * mm, **base),
        2: ParagraphStyle("h2", fontSize=13, leading=18, spaceBefore=5 * mm, spaceAfter=2 * mm, **base),
        3: ParagraphStyle("h3", fontSize=11.5, leading=16, spaceBefore=3 * mm, spaceAfter=1.5 * mm, **base),
    }
    st_body = ParagraphStyle("body", fontSize=10.5, leading=16, spaceAfter=2.5 * mm, **base)
    st_cell = ParagraphStyle("cell", fontSize=9.5, leading=13.5, **base)

    story: list = [Paragraph(_inline_pdf(doc.title), st_title)]
    if doc.byline:
        story.append(Paragraph(_inline_pdf(doc.byline), st_byline))

    pending_list: list[Block] = []

    def flush_list() -> None:
        if not pending_list:
            return
        numbered = pending_list[0].kind == "number"
        items = [ListItem(Paragraph(_inline_pdf(b.text), st_body), leftIndent=12) for b in pending_list]
        story.append(
            ListFlowable(
                items,
                bulletType="1" if numbered else "bullet",
                start=1 if numbered else "•",
                bulletFontName=font_name,
                bulletFontSize=9.5,
                leftIndent=12,
            )
        )
        story.append(Spacer(1, 2 * mm))
        pending_list.clear()

    frame_width = A4[0] - 40 * mm
    for block in doc.blocks:
        if block.kind in ("bullet", "number"):
            if pending_list and pending_list[0].kind != block.kind:
                flush_list()
            pending_list.append(block)
            continue
        flush_list()
        if block.kind == "heading":
            story.append(Paragraph(_inline_pdf(block.text), st_h[min(block.level - 1, 3) or 1]))
        elif block.kind == "paragraph":
            story.append(Paragraph(_inline_pdf(block.text), st_body))
        elif block.kind == "table":
            ncols = max(len(r) for r in block.rows)
            data = [
                [Paragraph(_inline_pdf(row[c]) if c < len(row) else "", st_cell) for c in range(ncols)]
                for row in block.rows
            ]
            widths = [frame_width / 3, frame_width * 2 / 3] if ncols == 2 else [frame_width / ncols] * ncols
            table = Table(data, colWidths=widths, repeatRows=1)
            table.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#9a9a9a")),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef6")),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("TOPPADDING", (0, 0), (-1, -1), 4),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                    ]
                )
            )
            story.append(table)
            story.append(Spacer(1, 3 * mm))
    flush_list()

    rl_config.invariant = 1  # no creation time or random file id: rebuilds are byte-identical
    out.parent.mkdir(parents=True, exist_ok=True)
    pdf = SimpleDocTemplate(
        str(out),
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=doc.title,
        author="AX 상담봇 콘텐츠",
        subject=doc.byline,
        lang="ko-KR",
    )
    pdf.build(story)
    _stamp_pdf_dates(out, str(doc.meta.get("updated") or ""))


def _stamp_pdf_dates(path: Path, updated: str) -> None:
    """Invariant mode dates every PDF 2000-01-01; the loader reads the document date from here."""
    if not updated:
        return
    import pypdf

    reader = pypdf.PdfReader(path)
    writer = pypdf.PdfWriter(clone_from=reader)
    stamp = "D:" + updated.replace("-", "") + "000000+09'00'"
    writer.add_metadata({**reader.metadata, "/CreationDate": stamp, "/ModDate": stamp})
    with path.open("wb") as stream:
        writer.write(stream)


# --------------------------------------------------------------------------- check


def check_outputs(hwpx_paths: list[Path], pdf_paths: list[Path]) -> bool:
    ok = True
    for path in hwpx_paths:
        from hwpx import HwpxDocument

        hw = HwpxDocument.open(path)
        text = hw.text.plain()
        meta = hw.parts.metadata
        print(f"== {path.relative_to(ROOT)} (metadata title: {getattr(meta, 'title', None)!r})")
        print(text[:600])
        first = next((p.text for p in hw.paragraphs if p.text.strip()), "")
        ok &= "산업단지 위크" in first and "13개 지역본부" in text and len(hw.tables) >= 1
    for path in pdf_paths:
        from pypdf import PdfReader

        reader = PdfReader(str(path))
        text = reader.pages[0].extract_text()
        print(f"== {path.relative_to(ROOT)} (metadata title: {reader.metadata.title!r}, pages: {len(reader.pages)})")
        print(text[:600])
        ok &= "대한민국 산업단지 수출박람회" in text and "킨텍스" in text
    print("check:", "OK" if ok else "FAILED")
    return ok


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="read the outputs back and print their text")
    ap.add_argument("--pdf-font", choices=["auto", "ttf", "cid"], default="auto",
                    help="auto: embed NanumGothic when installed, else the built-in CID font")
    args = ap.parse_args(argv)

    hwpx_out, pdf_out = [], []
    for src, dst in HWPX_JOBS:
        out = OUT_DIR / dst
        build_hwpx(parse_markdown(SOURCES / src), out)
        hwpx_out.append(out)
        print(f"wrote {out.relative_to(ROOT)}")
    for src, dst in PDF_JOBS:
        out = OUT_DIR / dst
        build_pdf(parse_markdown(SOURCES / src), out, font=args.pdf_font)
        pdf_out.append(out)
        print(f"wrote {out.relative_to(ROOT)}")
    if args.check:
        return 0 if check_outputs(hwpx_out, pdf_out) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
