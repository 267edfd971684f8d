from django import template

from policeonline.catalog.i18n import current_suffix
from policeonline.catalog.models import Item
from policeonline.core.fees import ACCEPTANCE, choose, fee_stage
from policeonline.payments.models import FeeOrder

register = template.Library()


@register.inclusion_tag("payments/_panel.html")
def payment_panel(app):
    """The fees of an application, on its page: its orders, or — before the department asks —
    the fee its answers will owe and when (ADR 0029); nothing for a free item."""
    orders = list(FeeOrder.objects.filter(application=app).order_by("created_at"))
    expected = None
    if not orders and app.status in ("sent", "open"):
        item = Item.objects.filter(code=app.item_code).first()
        fee = choose(item, app.data)[0] if item is not None else None
        if fee is not None:
            expected = {"name": fee["name"].get(current_suffix()) or fee["name"].get("zh", ""),
                        "amount": fee["amount_cny"],
                        "before_acceptance": fee_stage(app.item_code) == ACCEPTANCE}
    return {"app": app, "orders": orders, "expected": expected}
