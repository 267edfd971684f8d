from django import template

from policeonline.payments.models import FeeOrder

register = template.Library()


@register.inclusion_tag("payments/_panel.html")
def payment_panel(app):
    """The fees of an application, on its page (nothing when there are none)."""
    return {"app": app, "orders": list(FeeOrder.objects.filter(application=app).order_by("created_at"))}
