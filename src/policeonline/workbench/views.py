from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from policeonline.catalog.models import Item

from .access import officer_required

# The queues every department works from; they fill once applications arrive (next issues).
QUEUES = [
    ("incoming", _("Awaiting acceptance")),
    ("in_progress", _("In progress")),
    ("supplement", _("Waiting for supplements")),
    ("due_soon", _("Due within 2 working days")),
    ("overdue", _("Overdue")),
]


@officer_required
def home(request):
    officer = request.user
    department = officer.department
    items = (Item.objects.filter(department=department).select_related("category")
             if department else Item.objects.none())
    return render(request, "workbench/home.html", {
        "officer": officer, "department": department, "items": items,
        "queues": [{"code": code, "label": label, "count": 0} for code, label in QUEUES],
    })
