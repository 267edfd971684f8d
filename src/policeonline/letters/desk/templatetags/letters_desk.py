"""The workbench home's alert: letters past their due date in the officer's department
(escalated to its supervisors by the ``letters.escalate`` job)."""

from django import template

from ..models import Letter

register = template.Library()


@register.inclusion_tag("letters_desk/_alert.html", takes_context=True)
def letters_alert(context):
    officer = context["request"].user
    if officer.department_id is None:
        return {"count": 0}
    letters = Letter.objects.filter(department_id=officer.department_id, state=Letter.State.OPEN)
    count = letters.exclude(escalated_at=None).count() if officer.has_role("supervisor") else 0
    return {"count": count, "open": letters.count()}
