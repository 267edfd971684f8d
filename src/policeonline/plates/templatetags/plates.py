"""``{% plate_panel app %}``: the plate-selection box on an application's page (nothing for
applications that do not choose a plate)."""

from django import template

from policeonline.plates import eligibility
from policeonline.plates.models import ReleasedNumber, Selection

register = template.Library()


@register.inclusion_tag("plates/_panel.html")
def plate_panel(app):
    if app.item_code not in eligibility.ITEMS or eligibility.plate_type_of(app) is None:
        return {"show": False}
    selection = Selection.objects.filter(application=app).first()
    held = ReleasedNumber.objects.filter(holder=app, status=ReleasedNumber.Status.HELD).first()
    return {"show": True, "app": app, "confirmed": selection.plate if selection else "",
            "held": held, "refusal": eligibility.refusal(app)}
