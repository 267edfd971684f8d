"""Small, real sample files for seeded demo applications and tests: a PNG drawn with Pillow
and a one-page PDF from reportlab, each labelled with what it stands for."""

import io

from PIL import Image, ImageDraw


def sample_png(label: str = "sample") -> bytes:
    image = Image.new("RGB", (320, 200), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((4, 4, 315, 195), outline="navy", width=3)
    draw.text((20, 90), f"DEMO {label}"[:40], fill="navy")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def sample_pdf(label: str = "sample") -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.drawString(72, 760, f"DEMO material: {label}"[:80])
    page.showPage()
    page.save()
    return buffer.getvalue()


def sample_for(slot) -> tuple[str, bytes]:
    """A filename and content the slot accepts (PDF if it may, else PNG)."""
    if "pdf" in slot.accept:
        return f"{slot.name}.pdf", sample_pdf(slot.name)
    return f"{slot.name}.png", sample_png(slot.name)
