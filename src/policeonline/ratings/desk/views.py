"""The back office's rectification tasks (整改): the department's list (a clerk sees the open
ones nobody has taken and their own; a supervisor sees all of the department), one task with
the rating that opened it, claim, and answer with what was done. Another department's task is
"not found" (and the attempt audited); every view of a task is audited (it shows a comment)."""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from policeonline.audit.log import record
from policeonline.workbench.access import officer_required

from . import services
from .models import RectificationTask

PAGE = 200
FILTERS = {"open": Q(status__in=["open", "claimed"]), "answered": Q(status="answered"), "all": Q()}


def _listed(officer):
    tasks = services.visible_to(officer)
    if not officer.has_role(services.SUPERVISOR):
        tasks = tasks.filter(Q(claimed_by__isnull=True) | Q(claimed_by=officer))
    return tasks


@officer_required
def task_list(request):
    officer = request.user
    show = request.GET.get("show", "open")
    show = show if show in FILTERS else "open"
    tasks = _listed(officer).filter(FILTERS[show]).select_related("case", "rating", "claimed_by")
    rows = list(tasks[:PAGE])
    if officer.department_id:
        record(officer.username, "rectification.list_viewed", officer.department.code, show=show)
    return render(request, "rating_desk/list.html", {
        "tasks": rows, "show": show, "today": timezone.localdate(),
        "no_department": officer.department_id is None,
        "supervisor": officer.has_role(services.SUPERVISOR)})


def _task_for(request, pk) -> RectificationTask:
    task = services.visible_to(request.user).select_related("case", "rating", "claimed_by")
    task = task.filter(pk=pk).first()
    if task is None:
        record(request.user.username, "permission.refused", f"rectification:{pk}")
        raise Http404
    return task


def _page(request, task, status=200, answer_text=""):
    """The task's page, for viewing it and for a refused answer alike (that one adds the error
    and keeps what was typed, so the officer sees the task as it stands, not a bare form)."""
    officer = request.user
    supervisor = officer.has_role(services.SUPERVISOR)
    return render(request, "rating_desk/detail.html", {
        "task": task, "case": task.case, "rating": task.rating, "today": timezone.localdate(),
        "can_claim": task.is_open and task.claimed_by_id != officer.pk and (
            task.claimed_by_id is None or supervisor),
        "can_answer": task.is_open and (task.claimed_by_id == officer.pk or supervisor),
        "answer_text": answer_text, "answer_min": services.ANSWER_MIN, "answer_max": services.ANSWER_MAX,
        "followup_rating": task.case.ratings.filter(kind="followup").first()}, status=status)


@officer_required
def task_detail(request, pk):
    task = _task_for(request, pk)
    record(request.user.username, "rectification.viewed", task.case.receipt_no)
    return _page(request, task)


@officer_required
@require_POST
def claim(request, pk):
    task = _task_for(request, pk)
    try:
        services.claim(task.pk, request.user)
        messages.success(request, _("You are handling this rectification task."))
    except services.NotAllowed as exc:
        messages.error(request, str(exc))
    return redirect("rating_desk:detail", task.pk)


@officer_required
@require_POST
def answer(request, pk):
    task = _task_for(request, pk)
    text = request.POST.get("answer", "")
    try:
        services.answer(task.pk, request.user, text)
    except services.NotAllowed as exc:
        messages.error(request, str(exc))
        # Read again: the refusal may come from a change made meanwhile (answered, taken).
        return _page(request, _task_for(request, pk), status=422, answer_text=text[:services.ANSWER_MAX])
    messages.success(request, _("The answer has been sent to the citizen."))
    return redirect("rating_desk:detail", task.pk)
