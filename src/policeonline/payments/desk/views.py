"""The back office's payments view: the fees of the officer's department's cases only."""

from django.shortcuts import render

from policeonline.workbench.access import officer_required

from .models import FeeRequest

PAGE = 200


@officer_required
def fees(request):
    officer = request.user
    state = request.GET.get("state", "")
    rows = FeeRequest.objects.none()
    if officer.department_id:
        rows = FeeRequest.objects.filter(case__department_code=officer.department.code
                                         ).select_related("case")
        if state in FeeRequest.State.values:
            rows = rows.filter(state=state)
    return render(request, "payment_desk/fees.html", {
        "fees": rows[:PAGE], "state": state, "states": FeeRequest.State.choices,
        "no_department": officer.department_id is None})
