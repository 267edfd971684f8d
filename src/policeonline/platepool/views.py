"""The plate pool in the back office: the vehicle administration department's supervisors and
approvers release and withdraw; its officers, auditors and administrators see. Every page
view and action is audited."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from policeonline.audit.log import record
from policeonline.core import plate_rules as rules
from policeonline.workbench.access import officer_required

from . import services
from .models import PlateRule, Pool, PoolNumber


def _viewer(request):
    if not services.may_view(request.user):
        record(request.user.username, "permission.refused", request.path)
        raise PermissionDenied
    return request.user


@officer_required
def pools(request):
    officer = _viewer(request)
    page = Paginator(Pool.objects.select_related("released_by", "stock"), 30).get_page(
        request.GET.get("page"))
    tally: dict[int, dict] = {}
    for pool_id, status, n in (PoolNumber.objects.filter(pool__in=list(page))
                               .values_list("pool", "status").annotate(n=Count("id"))):
        tally.setdefault(pool_id, {})[status] = n
    rows = [{"pool": p, "total": sum(tally.get(p.pk, {}).values()),
             **{s: tally.get(p.pk, {}).get(s, 0) for s in PoolNumber.Status.values}} for p in page]
    record(officer.username, "plates.pools_viewed", request.get_full_path())
    return render(request, "platepool/pools.html", {
        "page": page, "rows": rows, "can_manage": services.may_manage(officer),
        "authorities": rules.AUTHORITIES.items(), "types": rules.TYPES.items(),
        "methods": Pool.Method.choices, "rules": PlateRule.objects.filter(active=True),
        "posted": request.session.pop("platepool_posted", {})})


pools.allows = services.may_view  # the back office's menu offers the page to these only


@officer_required
@require_POST
def release(request):
    officer = _viewer(request)
    post = request.POST
    try:
        pool = services.release(officer, post.get("prefix", ""), post.get("plate_type", ""),
                                post.get("method", ""), post.get("spec", ""), post.get("note", ""))
    except services.Refused as exc:
        messages.error(request, str(exc))
        request.session["platepool_posted"] = {k: post.get(k, "") for k in
                                               ("prefix", "plate_type", "method", "spec", "note")}
        return redirect("platepool:pools")
    messages.success(request, _("Pool %(code)s released: %(n)d numbers are on their way to the "
                                "internet zone.") % {"code": pool.code, "n": pool.numbers.count()})
    return redirect("platepool:pool", pool.pk)


@officer_required
def pool(request, pk):
    officer = _viewer(request)
    found = get_object_or_404(Pool.objects.select_related("released_by", "stock"), pk=pk)
    status = request.GET.get("status", "")
    numbers = found.numbers.order_by("plate")
    if status in PoolNumber.Status.values:
        numbers = numbers.filter(status=status)
    record(officer.username, "plates.pool_viewed", found.code, status=status)
    return render(request, "platepool/pool.html", {
        "pool": found, "counts": services.counts(found), "status": status,
        "statuses": PoolNumber.Status.choices, "can_manage": services.may_manage(officer),
        "page": Paginator(numbers, 100).get_page(request.GET.get("page"))})


@officer_required
@require_POST
def withdraw(request, pk):
    officer = _viewer(request)
    found = get_object_or_404(Pool, pk=pk)
    try:
        n = services.withdraw(officer, found.pk)
    except services.Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(n)d unallocated numbers of pool %(code)s withdrawn. Numbers "
                                    "a citizen holds right now leave the pool when the hold ends.")
                         % {"n": n, "code": found.code})
    return redirect("platepool:pool", found.pk)
