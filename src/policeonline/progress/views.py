"""The public progress query page (no sign-in). POST, so the name never sits in a URL or log."""

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from policeonline.audit.log import record

from . import lookup


@require_http_methods(["GET", "POST"])
def query(request):
    context, status = {"receipt_no": "", "factor_given": False}, 200
    if request.method == "POST":
        receipt_no = request.POST.get("receipt_no", "")
        context["receipt_no"] = receipt_no[:40]
        try:
            app = lookup.find(request, receipt_no, request.POST.get("factor", ""))
        except lookup.Refused as exc:
            context["error"], status = exc.message, exc.status
            if exc.code == "not_found":
                record("public", "progress.not_found", request.META.get("REMOTE_ADDR", ""))
        else:
            context["progress"] = lookup.progress(app)
            record("public", "progress.viewed", app.receipt_no)
    return render(request, "progress/query.html", context, status=status)
