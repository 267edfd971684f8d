"""``{% guarantee_panel app %}``: on the applicant's application page, where the guarantee
stands (the guarantor's name and masked ID number, the status, the last day to answer);
nothing for items without a guarantor or drafts."""

from django import template

from ..models import GuaranteeRequest

register = template.Library()


@register.inclusion_tag("guarantors/_panel.html")
def guarantee_panel(app):
    if not app.receipt_no:
        return {"show": False}
    request = (GuaranteeRequest.objects.filter(application=app).select_related("guarantor")
               .order_by("-created_at").first())
    return {"show": request is not None, "r": request}
