"""``{% rectification_alert %}`` on the workbench home: the department's open rectification
tasks and how many are overdue, linking to the list (nothing when there are none)."""

from django import template
from django.utils import timezone

from ..models import RectificationTask
from ..services import visible_to

register = template.Library()


@register.inclusion_tag("rating_desk/_alert.html", takes_context=True)
def rectification_alert(context):
    officer = context["request"].user
    open_tasks = visible_to(officer).exclude(status=RectificationTask.Status.ANSWERED)
    return {"open": open_tasks.count(),
            "overdue": open_tasks.filter(due_date__lt=timezone.localdate()).count()}
