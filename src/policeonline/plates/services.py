"""The one write path of plate selection, for the portal and the API alike.

Every action locks the application's row first (one action per application at a time), then
works on number rows under row locks, re-checking each condition in the locked statement:

- a number is taken only from ``takeable()`` rows, locked with ``FOR UPDATE SKIP LOCKED``:
  a number another selector is taking right now is simply "taken", nobody waits;
- a number's ``holder`` is unique, so an application never holds two;
- a confirmed number is ``allocated`` and leaves the pool for good; the choice is reported
  to the intranet in the same transaction (outbox), on the application's ordered stream.

Refusals that use up an attempt are committed before they are raised.

One read locks the application and brings its selection and held number along; on PostgreSQL
each step's writes then go in one statement (``pg``, ADR 0035), on SQLite through the ORM.
On PostgreSQL, display, pick and confirm first try the optimistic way (ADR 0037): a read
without locks, the same checks here, then one statement (autocommit: its own transaction)
that writes only if the rows it locks are still what was read; a refusal, anything unusual or
a conflict goes the locking way above, which decides and words it.
"""

import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from policeonline.applications.models import Application
from policeonline.audit.log import record
from policeonline.core import plate_rules as rules
from policeonline.exchange import types
from policeonline.exchange.endpoint import default_endpoint
from policeonline.exchange.envelope import seal
from policeonline.exchange.outbox import _take_seqs, enqueue

from . import conf, eligibility, pg
from .models import ReleasedNumber, Selection, takeable

Status = ReleasedNumber.Status


class Refused(Exception):
    """Not possible; ``code`` for programs, ``message`` (localised) for people."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


@dataclass
class State:
    app: Application
    selection: Selection | None
    plate_type: str | None
    refusal: str | None
    held: ReleasedNumber | None
    displays_left: int
    compose_left: int

    @property
    def confirmed(self) -> str:
        return self.selection.plate if self.selection else ""


def _locked(app_id, user) -> Application:
    """The application, locked (only its own row), with its selection and its number (held or
    allocated) read in the same statement. Only this application's actions, under this lock,
    give it a hold, so "no hold" read here stays true; a hold read here may still run out or
    be taken over once expired, which is why the writes re-check it."""
    if pg.enabled():
        app = pg.locked(app_id, user)
    else:
        app = (Application.objects.select_for_update(of=("self",))
               .select_related("plate_selection", "plate_number").filter(pk=app_id, owner=user)
               .first())
    if app is None:
        raise Application.DoesNotExist
    return app


def _held(app: Application) -> ReleasedNumber | None:
    number = getattr(app, "plate_number", None)
    return number if number is not None and number.status == Status.HELD else None


def _save(selection: Selection, *fields: str) -> None:
    """Write a selection's changed fields (all of it, the first time)."""
    if selection._state.adding:
        selection.save(force_insert=True)
    else:
        selection.save(update_fields=fields)


def _selection(app: Application, prefix: str = "") -> Selection:
    """The application's selection (a new one is written with the step's first change)."""
    reason = eligibility.refusal(app)
    if reason:
        raise Refused("not_eligible", reason)
    selection = getattr(app, "plate_selection", None)
    if selection is None:
        prefix = prefix if prefix in rules.AUTHORITIES else next(iter(rules.AUTHORITIES))
        selection = Selection(application=app, prefix=prefix,
                              plate_type=eligibility.plate_type_of(app),
                              vin=str(app.data.get("vin", ""))[:17])
    if selection.plate:
        raise Refused("confirmed", _("You have already confirmed plate number %(plate)s.")
                      % {"plate": selection.plate})
    vin = str(app.data.get("vin", ""))[:17]
    if vin != selection.vin:  # corrected in a resubmission
        selection.vin = vin
        _save(selection, "vin")
    if vin and _vehicle_has_plate(selection):
        raise Refused("vehicle_has_plate", _("A plate number has already been chosen for this "
                                             "vehicle (VIN %(vin)s) with another application.")
                      % {"vin": vin})
    return selection


def _vehicle_has_plate(selection: Selection) -> bool:
    return Selection.objects.filter(vin=selection.vin).exclude(plate="").exclude(pk=selection.pk).exists()


def state(app_id, user) -> State:
    """What the selection page and the API show (read only; an expired hold shows as none)."""
    app = Application.objects.get(pk=app_id, owner=user)
    selection = Selection.objects.filter(application=app).first()
    held = ReleasedNumber.objects.filter(holder=app, status=Status.HELD,
                                         held_until__gt=timezone.now()).first()
    displays = selection.displays_used if selection else 0
    composed = selection.compose_used if selection else 0
    return State(app, selection, eligibility.plate_type_of(app),
                 None if selection and selection.plate else eligibility.refusal(app), held,
                 max(conf.get("PLATE_RANDOM_DISPLAYS") - displays, 0),
                 max(conf.get("PLATE_COMPOSE_ATTEMPTS") - composed, 0))


def _peek(app_id, user, stream=None):
    """The optimistic way's read (ADR 0037): (application, selection or None, vin, row
    versions[, the stream's counter]) when the step may go that way — eligible, not yet
    confirmed, the VIN as the selection has it — else None (the locking way decides and
    words any refusal)."""
    seen = pg.peek(app_id, user, stream)
    if seen is None or eligibility.refusal(seen[0]):
        return None
    app, axmin, sxmin, *counter = seen
    selection = getattr(app, "plate_selection", None)
    vin = str(app.data.get("vin", ""))[:17]
    if selection is not None and (selection.plate or selection.vin != vin):
        return None
    return app, selection, vin, axmin, sxmin, *counter


def _display_optimistic(app_id, user, prefix: str) -> list[str] | None:
    seen = _peek(app_id, user)
    if seen is None:
        return None
    app, selection, vin, axmin, sxmin = seen
    if selection is None:
        selection = Selection(application=app, prefix=prefix if prefix in rules.AUTHORITIES
                              else next(iter(rules.AUTHORITIES)),
                              plate_type=eligibility.plate_type_of(app), vin=vin)
    if selection.displays_used >= conf.get("PLATE_RANDOM_DISPLAYS"):
        return None
    return pg.try_display(app, selection, axmin, sxmin, user.account_ref,
                          secrets.randbelow(2**31), conf.get("PLATE_DISPLAY_SIZE"))


def _optimistic() -> bool:
    return pg.enabled() and pg.OPTIMISTIC


def display(app_id, user, prefix: str = "") -> list[str]:
    """Show a set of random free numbers of the application's pool (uses one display)."""
    if _optimistic():
        numbers = _display_optimistic(app_id, user, prefix)
        if numbers is not None:
            return numbers
    with transaction.atomic():
        app = _locked(app_id, user)
        selection = _selection(app, prefix)
        if selection.displays_used >= conf.get("PLATE_RANDOM_DISPLAYS"):
            raise Refused("exhausted", _("You have used all your random displays. Compose a "
                                         "number, or choose at the counter when you register."))
        size = conf.get("PLATE_DISPLAY_SIZE")
        start = secrets.randbelow(2**31)
        if pg.enabled():
            numbers = pg.display(app, selection, user.account_ref, start, size)
            if numbers is not None:
                return numbers
        kind = ReleasedNumber.objects.filter(prefix=selection.prefix, plate_type=selection.plate_type)
        # Free numbers from a random point of the shuffled order: with ``status`` as an equality
        # this walks the (prefix, type, status, shuffle) index in order and stops after ``size``
        # rows; "free or expired hold" in one condition would filter and sort the whole kind.
        free = kind.filter(status=Status.FREE)
        numbers = list(free.filter(shuffle__gte=start).order_by("shuffle")
                       .values_list("plate", flat=True)[:size])
        if len(numbers) < size:  # wrap around the random order
            numbers += list(free.filter(shuffle__lt=start).order_by("shuffle")
                            .values_list("plate", flat=True)[:size - len(numbers)])
        if len(numbers) < size:  # holds that ran out count as free (the expiry job is behind)
            numbers += list(kind.filter(takeable(), status=Status.HELD).order_by("held_until")
                            .values_list("plate", flat=True)[:size - len(numbers)])
        if not numbers:
            raise Refused("pool_empty", _("No numbers of this type are available at the moment. "
                                          "Please try again later."))
        selection.displays_used += 1
        selection.offered = numbers
        _save(selection, "displays_used", "offered")
        record(user.account_ref, "plate.displayed", str(app.pk), count=len(numbers))
        return numbers


def pick(app_id, user, plate: str) -> ReleasedNumber:
    """Hold one of the numbers the last random display showed."""
    if _optimistic():
        seen = _peek(app_id, user)
        # Only the plain case: shown, and no hold to give back first.
        if seen is not None and seen[1] is not None and plate in seen[1].offered \
                and getattr(seen[0], "plate_number", None) is None:
            app, selection, _vin, axmin, sxmin = seen
            row = pg.try_take(app, selection, axmin, sxmin, plate, "random", user.account_ref,
                              timezone.now() + conf.hold_duration())
            if row is not None:
                return row
    with transaction.atomic():
        app = _locked(app_id, user)
        selection = _selection(app)
        if plate not in selection.offered:
            raise Refused("not_offered", _("Choose one of the numbers shown to you."))
        return _take(app, selection, plate, "random", user)


def compose(app_id, user, serial: str, prefix: str = "") -> ReleasedNumber:
    """Hold a number the citizen composed within the rules (uses one attempt if well formed)."""
    refused = None
    with transaction.atomic():
        app = _locked(app_id, user)
        selection = _selection(app, prefix)
        serial = rules.normalise(serial)
        if serial.startswith(selection.prefix):
            serial = serial[len(selection.prefix):]
        error = rules.serial_error(selection.plate_type, serial)
        if error:
            raise Refused("invalid", error)
        if selection.compose_used >= conf.get("PLATE_COMPOSE_ATTEMPTS"):
            raise Refused("exhausted", _("You have used all your attempts to compose a number. "
                                         "Pick from a random display, or choose at the counter."))
        selection.compose_used += 1
        _save(selection, "compose_used")
        try:
            return _take(app, selection, selection.prefix + serial, "compose", user)
        except Refused as exc:
            refused = exc  # the attempt counts: commit it, then refuse
    raise refused


def _take(app, selection, plate, mode, user) -> ReleasedNumber:
    now = timezone.now()
    # Our own earlier hold goes back first, before we lock anything else: we only ever wait
    # for a row while holding no other number, so selectors cannot deadlock each other.
    if _held(app) is not None:
        _free(ReleasedNumber.objects.filter(holder=app, status=Status.HELD), user, "plate.hold_replaced")
    if pg.enabled():
        _save(selection)  # a new selection's first write (a display writes it otherwise)
        row = pg.take(app, selection, plate, mode, user.account_ref, now + conf.hold_duration())
        if row is not None:
            return row
    row = (ReleasedNumber.objects.select_for_update(skip_locked=True)
           .filter(takeable(now), plate=plate, prefix=selection.prefix,
                   plate_type=selection.plate_type).first())
    if row is None:
        released = ReleasedNumber.objects.filter(plate=plate, prefix=selection.prefix,
                                                 plate_type=selection.plate_type).exclude(
            status=Status.WITHDRAWN).exists()
        record(user.account_ref, "plate.refused", str(app.pk), plate=plate,
               reason="taken" if released else "unavailable")
        if released:
            raise Refused("taken", _("%(plate)s has just been taken by someone else. Please choose "
                                     "another number.") % {"plate": plate})
        raise Refused("unavailable", _("%(plate)s is not available for selection. Only numbers "
                                       "released for online selection can be chosen.") % {"plate": plate})
    if row.holder_id:  # an expired hold of another application, expired lazily right here
        record("system", "plate.hold_expired", row.plate)
    row.status, row.holder, row.held_until = Status.HELD, app, now + conf.hold_duration()
    row.save(update_fields=["status", "holder", "held_until", "changed_at"])
    selection.mode = mode
    _save(selection, "mode")
    record(user.account_ref, "plate.held", str(app.pk), plate=plate, mode=mode,
           until=row.held_until.isoformat())
    return row


def _free(rows, user_or_actor, action: str) -> int:
    """Put held rows back: to the pool, or out of it if a withdrawal waited for them."""
    actor = getattr(user_or_actor, "account_ref", user_or_actor)
    count = 0
    for row in rows.select_for_update():
        row.status = Status.WITHDRAWN if row.withdrawal_pending else Status.FREE
        row.holder, row.held_until, row.withdrawal_pending = None, None, False
        row.save(update_fields=["status", "holder", "held_until", "withdrawal_pending", "changed_at"])
        record(actor, action, row.plate)
        count += 1
    return count


def release(app_id, user) -> None:
    """Give up the number held (it returns to the pool at once)."""
    with transaction.atomic():
        app = _locked(app_id, user)
        _selection(app)
        if not _free(ReleasedNumber.objects.filter(holder=app, status=Status.HELD), user,
                     "plate.released_by_citizen"):
            raise Refused("no_hold", _("You are not holding a number."))


def confirm(app_id, user) -> Selection:
    """Make the held number final and report it to the vehicle office."""
    try:
        return _confirm(app_id, user)
    except IntegrityError:
        # Two applications for one vehicle confirming at the same instant: the database's
        # one-plate-per-vehicle index let one through and rolled this one back whole.
        raise Refused("vehicle_has_plate", _("A plate number has already been chosen for this "
                                             "vehicle with another application.")) from None


def _confirm_optimistic(app_id, user) -> Selection | None:
    """The optimistic way (ADR 0037): the stream's next number read beside the rest, the
    envelope sealed with it, and one statement that writes everything only if that number is
    still the next; when only the number moved on (another envelope of the stream), sealed
    again with the new one, a few times."""
    endpoint = default_endpoint()
    message_type = types.get("plate.chosen", 1, endpoint.zone)
    stream = message_type.stream_for(str(Application._meta.pk.to_python(app_id)))  # as str(app.pk)
    seen = _peek(app_id, user, (stream, message_type.to_zone))
    if seen is None or seen[1] is None:
        return None
    app, selection, _vin, axmin, sxmin, stream_id, seq = seen
    held = _held(app)
    now = timezone.now()
    if held is None or held.held_until <= now or stream_id is None:
        return None  # (no stream row yet: its first envelope; the locking way creates it)
    body = {"application_id": str(app.pk), "receipt_no": app.receipt_no, "plate": held.plate,
            "plate_type": held.plate_type, "pool": held.pool, "mode": selection.mode or "random",
            "chosen_at": now.isoformat().replace("+00:00", "Z")}
    for _attempt in range(SEAL_ATTEMPTS):
        envelope_id, data = seal(message_type, body, keyring=endpoint.keyring, seq=seq,
                                 correlation_id=str(app.pk), stream=stream)
        done, seq = pg.try_confirm(app, selection, held, axmin, sxmin, user.account_ref, now,
                                   stream_id, seq, envelope_id, data, message_type.to_zone)
        if done:
            return selection
        if seq is None:  # not the stream's number: the application, the selection or the hold
            return None
    return None


SEAL_ATTEMPTS = 3  # the stream's number moved on this often: the locking way waits its turn


def _confirm(app_id, user) -> Selection:
    if _optimistic():
        done = _confirm_optimistic(app_id, user)
        if done is not None:
            return done
    refused = None
    with transaction.atomic():
        app = _locked(app_id, user)
        selection = _selection(app)
        now = timezone.now()
        held = _held(app)
        if held is not None and pg.enabled() and not selection._state.adding:
            done = _confirm_pg(app, selection, held, user, now)
            if done is not None:
                return done
        row = ReleasedNumber.objects.select_for_update().filter(holder=app, status=Status.HELD).first()
        if row is None:
            raise Refused("no_hold", _("You are not holding a number; choose one first."))
        if row.held_until <= now:
            _free(ReleasedNumber.objects.filter(pk=row.pk), "system", "plate.hold_expired")
            refused = Refused("expired", _("Your hold on %(plate)s expired, and the number went back "
                                           "to the pool. Please choose again.") % {"plate": row.plate})
        else:
            row.status, row.held_until = Status.ALLOCATED, None
            row.save(update_fields=["status", "held_until", "changed_at"])
            selection.plate, selection.confirmed_at, selection.offered = row.plate, now, []
            selection.save(update_fields=["plate", "confirmed_at", "offered"])
            record(user.account_ref, "plate.confirmed", str(app.pk), plate=row.plate,
                   mode=selection.mode)
            enqueue("plate.chosen", {
                "application_id": str(app.pk), "receipt_no": app.receipt_no, "plate": row.plate,
                "plate_type": row.plate_type, "pool": row.pool, "mode": selection.mode or "random",
                "chosen_at": now.isoformat().replace("+00:00", "Z")},
                correlation_id=str(app.pk), shard_key=str(app.pk))
            return selection
    raise refused


def _confirm_pg(app, selection, held, user, now) -> Selection | None:
    """``_confirm``'s success in few statements (see ``pg``): the allocation with its audit row,
    the stream's next number (``outbox._take_seqs``, which keeps the stream's row locked to
    commit), then the sealed ``plate.chosen`` envelope and its audit row — the rows
    ``enqueue`` writes, in the same order. ``None``: the hold ran out or is gone; nothing was
    written."""
    if not pg.confirm(app, selection, held, user.account_ref, now):
        return None
    endpoint = default_endpoint()
    message_type = types.get("plate.chosen", 1, endpoint.zone)
    stream = message_type.stream_for(str(app.pk))
    stream_id, seq = _take_seqs(stream, message_type.to_zone, 1)
    envelope_id, data = seal(message_type, {
        "application_id": str(app.pk), "receipt_no": app.receipt_no, "plate": held.plate,
        "plate_type": held.plate_type, "pool": held.pool, "mode": selection.mode or "random",
        "chosen_at": now.isoformat().replace("+00:00", "Z")},
        keyring=endpoint.keyring, seq=seq, correlation_id=str(app.pk), stream=stream)
    pg.outbox(envelope_id, stream_id, seq, "plate.chosen", data, message_type.to_zone)
    return selection


def expire_holds(limit: int = 1000) -> int:
    """Return expired holds to the pool (the periodic command; reads already treat them as
    free). Locks with SKIP LOCKED: a row being confirmed or taken right now is left alone."""
    with transaction.atomic():
        rows = ReleasedNumber.objects.filter(status=Status.HELD, held_until__lte=timezone.now())
        ids = list(rows.select_for_update(skip_locked=True).values_list("pk", flat=True)[:limit])
        return _free(ReleasedNumber.objects.filter(pk__in=ids), "system", "plate.hold_expired")
