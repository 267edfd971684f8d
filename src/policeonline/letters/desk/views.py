"""The department's letters: inbox with due dates, one letter (claim, answer, transfer,
publish as public Q&A). An officer sees only letters of their own department; any other
letter is "not found". Opening a letter (the writer's name and phone) is audit-logged."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from policeonline.audit.log import record
from policeonline.catalog.models import Department
from policeonline.core.masking import mask_phone
from policeonline.workbench.access import officer_required

from . import services
from .models import Letter

FILTERS = ("open", "mine", "overdue", "answered")


def _own(request, letter_id) -> Letter:
    letter = Letter.objects.select_related("department", "claimed_by", "answered_by").filter(
        pk=letter_id).first()
    if letter is None:
        raise Http404
    if not services.may_handle(request.user, letter):
        record(request.user.username, "permission.refused", f"letter:{letter_id}",
               reason="other_department")
        raise Http404
    return letter


@officer_required
def inbox(request):
    officer = request.user
    show = request.GET.get("show") if request.GET.get("show") in FILTERS else "open"
    letters = Letter.objects.none()
    if officer.department_id is not None:
        letters = Letter.objects.filter(department_id=officer.department_id).select_related("claimed_by")
        if show == "answered":
            letters = letters.filter(state=Letter.State.ANSWERED).order_by("-answered_at")
        else:
            letters = letters.filter(state=Letter.State.OPEN)
            if show == "mine":
                letters = letters.filter(claimed_by=officer)
            elif show == "overdue":
                letters = letters.filter(due_date__lt=timezone.localdate())
    overdue = (services.overdue(officer.department).count()
               if officer.department_id is not None else 0)
    return render(request, "letters_desk/inbox.html", {
        "letters": letters[:200], "show": show, "filters": FILTERS, "today": timezone.localdate(),
        "overdue": overdue, "supervisor": officer.has_role("supervisor")})


@officer_required
def detail(request, letter_id):
    letter = _own(request, letter_id)
    officer = request.user
    errors = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "claim":
                services.claim(letter.pk, officer)
                messages.success(request, _("You have claimed the letter."))
            elif action == "answer":
                services.answer(letter.pk, officer, request.POST.get("answer", ""))
                messages.success(request, _("The answer has been sent to the writer."))
            elif action == "transfer":
                services.transfer(letter.pk, officer, request.POST.get("department", ""),
                                  request.POST.get("note", ""))
                messages.success(request, _("The letter has been transferred."))
                return redirect("letters_desk:inbox")
            elif action == "publish":
                services.publish(letter.pk, officer, request.POST.get("question", ""),
                                 request.POST.get("public_answer", ""))
                messages.success(request, _("Published as public Q&A on the portal."))
            else:
                raise Http404
        except services.NotAllowed as refused:
            errors[action] = refused.message
        else:
            return redirect("letters_desk:detail", letter_id=letter.pk)
    record(officer.username, "letter.viewed", letter.tracking_no)
    return render(request, "letters_desk/detail.html", {
        "letter": letter, "errors": errors, "posted": request.POST,
        "phone": mask_phone(letter.contact_phone) if letter.contact_phone else "",
        "events": letter.events.all(), "attachments": letter.attachments.all(),
        "departments": Department.objects.exclude(pk=letter.department_id).order_by("code"),
        "overdue": letter.state == Letter.State.OPEN and letter.due_date < timezone.localdate(),
    }, status=422 if errors else 200)


@officer_required
def attachment(request, letter_id, attachment_id):
    letter = _own(request, letter_id)
    found = letter.attachments.filter(pk=attachment_id).first()
    if found is None:
        raise Http404
    record(request.user.username, "letter.attachment_viewed", letter.tracking_no, file=found.filename)
    response = HttpResponse(bytes(found.content), content_type=found.content_type)
    response["Content-Disposition"] = "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    return response
