from django.shortcuts import render
from django.utils import timezone

from policeonline.cases import queues
from policeonline.catalog.models import Item

from .access import officer_required


def _queues(officer) -> list[dict]:
    if officer.department is None:
        return []
    counts = queues.counts(officer.department.code, officer_pk=officer.pk, today=timezone.localdate())
    return [{"code": code, "label": label, "count": counts[code]}
            for code, label in queues.QUEUES if code in counts]



@officer_required
def home(request):
    officer = request.user
    department = officer.department
    items = (Item.objects.filter(department=department).select_related("category")
             if department else Item.objects.none())
    return render(request, "workbench/home.html", {
        "officer": officer, "department": department, "items": items,
        "queues": _queues(officer),
    })
