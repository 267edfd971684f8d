"""Rendering the certificate PDF (intranet): an A4 page in Chinese, the document's language.

The wording of a certificate is the bureau's, not interface text, so it is not translated. The
page carries the QR code (a PNG from segno, scale 4 per module) of the verification URL, and
the code itself in small print so it can be typed in, or checked offline, without a scanner.
"""

import io
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

import segno
from django.conf import settings
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from .fonts import certificate_font

QR_SCALE, QR_BORDER = 4, 4  # pixels per module, quiet-zone modules
CODE_LINE_CHARS = 110


@dataclass(frozen=True)
class CertificateContent:
    serial: str
    title: str
    holder_name: str
    holder_id_number: str
    body: list[str]
    issued_on: date
    valid_until: date | None
    code: str
    url: str  # what the QR code holds


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def qr_png(url: str) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="png", scale=QR_SCALE, border=QR_BORDER)
    return out.getvalue()


def render_pdf(content: CertificateContent) -> bytes:
    font = certificate_font(settings.CERTIFICATE_FONT)
    styles = _styles(font)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm,
                            topMargin=22 * mm, bottomMargin=82 * mm, title=content.title,
                            author=settings.BUREAU_NAME, subject=content.serial,
                            creator="Police Service Online")
    validity = (f"有效期至：{chinese_date(content.valid_until)}" if content.valid_until
                else "有效期：长期有效")
    story = [
        Paragraph(escape(settings.BUREAU_NAME), styles["bureau"]),
        Paragraph(escape(content.title), styles["title"]),
        Paragraph(f"编号：{escape(content.serial)}", styles["serial"]),
        Paragraph(f"持证人：{escape(content.holder_name)}", styles["field"]),
        Paragraph(f"公民身份号码：{escape(content.holder_id_number)}", styles["field"]),
        Spacer(1, 6 * mm),
        *[Paragraph(escape(line), styles["body"]) for line in content.body],
        Spacer(1, 4 * mm),
        Paragraph(escape(validity), styles["field"]),
        Spacer(1, 12 * mm),
        Paragraph(escape(settings.BUREAU_NAME), styles["issuer"]),
        Paragraph(chinese_date(content.issued_on), styles["issuer"]),
    ]
    doc.build(story, onFirstPage=lambda canvas, _doc: _footer(canvas, content, font))
    return out.getvalue()


def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=font, fontSize=12, leading=20, wordWrap="CJK")
    return {
        "bureau": ParagraphStyle("bureau", base, fontSize=15, alignment=TA_CENTER, spaceAfter=8 * mm),
        "title": ParagraphStyle("title", base, fontSize=24, leading=32, alignment=TA_CENTER,
                                spaceAfter=6 * mm),
        "serial": ParagraphStyle("serial", base, fontSize=10.5, alignment=TA_RIGHT, spaceAfter=6 * mm),
        "field": ParagraphStyle("field", base, fontSize=12.5),
        "body": ParagraphStyle("body", base, fontSize=13, leading=24, firstLineIndent=26,
                               spaceAfter=3 * mm),
        "issuer": ParagraphStyle("issuer", base, fontSize=13, alignment=TA_RIGHT, rightIndent=8 * mm),
    }


def _footer(canvas, content: CertificateContent, font: str) -> None:
    width, _ = A4
    left, qr_size, top = 25 * mm, 36 * mm, 74 * mm
    canvas.saveState()
    canvas.setStrokeGray(0.6)
    canvas.line(left, top + 3 * mm, width - left, top + 3 * mm)
    canvas.drawImage(ImageReader(io.BytesIO(qr_png(content.url))), left, top - qr_size,
                     width=qr_size, height=qr_size)
    text_x = left + qr_size + 6 * mm
    lines = [
        "核验方式：用手机扫描左侧二维码，或访问",
        f"{settings.PORTAL_BASE_URL}/certificates/verify/ 输入下方核验码。",
        "离线核验：下载本局公布的证照公钥",
        f"{settings.PORTAL_BASE_URL}/certificates/keys/ ，运行核验程序即可，无需联网。",
        "本证明涂改无效；核验结果与本页内容不一致的，以核验结果为准。",
    ]
    canvas.setFont(font, 9.5)
    for n, line in enumerate(lines):
        canvas.drawString(text_x, top - 4 * mm - n * 5.2 * mm, line)
    code_top = top - qr_size - 5 * mm
    canvas.drawString(left, code_top, "核验码：")
    code_top -= 4 * mm
    canvas.setFont("Courier", 6.5)
    chunks = [content.code[i:i + CODE_LINE_CHARS] for i in range(0, len(content.code), CODE_LINE_CHARS)]
    for n, chunk in enumerate(chunks):
        canvas.drawString(left, code_top - n * 2.8 * mm, chunk)
    canvas.setFont(font, 9)
    canvas.drawString(left, 9 * mm, f"{settings.BUREAU_NAME}　地址：{settings.BUREAU_ADDRESS}"
                                     f"　电话：{settings.BUREAU_PHONE}")
    canvas.restoreState()
