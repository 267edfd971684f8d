"""The citizen's payment receipt (电子缴费凭证), invoice-style, on the certificates' PDF approach
(same font choice, QR code). Its wording is the bureau's, in Chinese, not translated."""

import io
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone
from reportlab.lib.pagesizes import A5, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from policeonline.certificates.fonts import certificate_font
from policeonline.certificates.pdf import qr_png

from .models import FeeOrder

DIGITS = "零壹贰叁肆伍陆柒捌玖"
UNITS = ["", "拾", "佰", "仟"]
GROUPS = ["", "万", "亿"]


def amount_in_words(fen: int) -> str:
    """2000 → 贰拾元整; 4050 → 肆拾元伍角; 100001 → 壹仟元零壹分 (大写金额)."""
    yuan, jiao, cent = fen // 100, fen // 10 % 10, fen % 10
    words, group = "", 0
    if yuan == 0:
        words = "零"
    while yuan:
        part, yuan = yuan % 10000, yuan // 10000
        text, zero = "", False
        for i in range(4):
            digit = part // 10 ** i % 10
            if digit:
                text = DIGITS[digit] + UNITS[i] + ("零" if zero and text else "") + text
                zero = False
            else:
                zero = True
        if text:
            words = text + GROUPS[group] + words
        group += 1
    words += "元"
    if not jiao and not cent:
        return words + "整"
    if jiao:
        words += DIGITS[jiao] + "角"
    if cent:
        words += ("零" if not jiao else "") + DIGITS[cent] + "分"
    return words


def render(order: FeeOrder) -> bytes:
    font = certificate_font(settings.CERTIFICATE_FONT)
    base = ParagraphStyle("base", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK")
    title = ParagraphStyle("title", base, fontSize=18, leading=26, alignment=1)
    app = order.application
    url = f"{settings.PORTAL_BASE_URL.rstrip('/')}/payments/{order.order_no}/"
    paid = timezone.localtime(order.paid_at).strftime("%Y-%m-%d %H:%M:%S") if order.paid_at else ""
    rows = [
        ("票据号码", order.order_no), ("业务受理号", app.receipt_no or ""),
        ("交款人", getattr(app.owner, "name", "") or ""), ("收费项目", order.fee_name),
        ("金额（大写）", amount_in_words(order.amount_fen)), ("金额（小写）", f"¥{order.amount_yuan}"),
        ("收款单位", settings.BUREAU_NAME), ("支付流水号", order.trade_no or ""), ("支付时间", paid),
    ]
    if order.state == FeeOrder.State.REFUNDED:
        rows.append(("状态", f"已全额退款（退款单号 {order.refund_no}）"))
    elif order.state == FeeOrder.State.REFUNDING:
        rows.append(("状态", "退款处理中"))
    table = Table([[Paragraph(escape(k), base), Paragraph(escape(v), base)] for k, v in rows],
                  colWidths=[32 * mm, 110 * mm])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "#888888"),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A5), leftMargin=15 * mm, rightMargin=15 * mm,
                            topMargin=12 * mm, bottomMargin=10 * mm, title="电子缴费凭证",
                            author=settings.BUREAU_NAME, subject=order.order_no,
                            creator="Police Service Online")
    qr = Image(io.BytesIO(qr_png(url)), width=24 * mm, height=24 * mm)
    doc.build([Paragraph("电子缴费凭证", title), Spacer(1, 3 * mm),
               Table([[table, qr]], colWidths=[145 * mm, 28 * mm]),
               Spacer(1, 2 * mm),
               Paragraph(escape(f"扫码或访问 {url} 查询本凭证的支付状态。本凭证由系统自动生成。"),
                         base)])
    return out.getvalue()
