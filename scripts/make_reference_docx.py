"""Build resources/report_reference.docx: the styles the draft report is written with.

A secretary may replace that file with ODNL's house style (same style names:
Title, Subtitle, Heading 1-3, Normal, List Bullet, List Number, Table Grid, Caption);
this script only makes the default. Run: .venv/bin/python scripts/make_reference_docx.py
"""

from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parents[1]
BLUE = RGBColor(0x24, 0x46, 0x5E)


def main() -> None:
    doc = Document()
    for section in doc.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)  # A4, not US Letter
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
        section.header_distance = section.footer_distance = Cm(1.2)
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for name, size, before, after in (("Title", 28, 0, 12), ("Heading 1", 17, 18, 8),
                                      ("Heading 2", 13, 14, 4), ("Heading 3", 11.5, 10, 2)):
        style = styles[name]
        style.font.name = "Calibri"
        style.font.size = Pt(size)
        style.font.bold = name != "Title"
        style.font.color.rgb = BLUE
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.keep_with_next = True
    styles["Subtitle"].font.size = Pt(14)
    styles["Subtitle"].font.color.rgb = BLUE
    if "Hint" not in [s.name for s in styles]:
        hint = styles.add_style("Hint", WD_STYLE_TYPE.PARAGRAPH)
        hint.base_style = normal
        hint.font.italic = True
        hint.font.color.rgb = RGBColor(0x8A, 0x5A, 0x00)
    out = ROOT / "resources" / "report_reference.docx"
    doc.save(out)
    print(f"geschreven: {out}")


if __name__ == "__main__":
    main()
