"""The working-day calendar as administrators enter it: each year's official schedule (the State
Council's notice), single-day overrides, and a revision counter other processes watch."""

from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FIRST_YEAR, LAST_YEAR = 1990, 2100


class CalendarYear(models.Model):
    """A year whose official schedule an administrator entered; it replaces the library's."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    published_on = models.DateField(_("published on"))
    source = models.CharField(_("source"), max_length=200,
                              help_text=_("The notice, e.g. 国务院办公厅关于2027年部分节假日安排的通知 "
                                          "国办发明电〔2026〕N号"))
    notes = models.TextField(_("notes"), blank=True)
    entered_by = models.CharField(_("entered by"), max_length=100)
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)

    class Meta:
        ordering = ["year"]
        verbose_name = _("official holiday schedule")
        verbose_name_plural = _("official holiday schedules")

    def __str__(self):
        return str(self.year)


class CalendarDay(models.Model):
    """A public holiday or a make-up working day (调休) of an entered year, or — without a year —
    a single-day override, which wins over everything else."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Day off")
        WORKDAY = "workday", _("Working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=7, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=50)
    year = models.ForeignKey(CalendarYear, models.CASCADE, null=True, blank=True, related_name="days",
                             verbose_name=_("schedule"))
    entered_by = models.CharField(_("entered by"), max_length=100, blank=True)
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self):
        return f"{self.date} {self.kind} {self.name}"

    @property
    def working(self) -> bool:
        return self.kind == self.Kind.WORKDAY


class CalendarRevision(models.Model):
    """One row whose counter goes up with every change to the two tables above, in the same
    transaction; processes compare it with the counter their cached years were built from."""

    counter = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return str(self.counter)

    @classmethod
    def current(cls) -> int:
        return cls.objects.filter(pk=1).values_list("counter", flat=True).first() or 0

    @classmethod
    def bump(cls) -> None:
        if not cls.objects.filter(pk=1).update(counter=F("counter") + 1):
            cls.objects.get_or_create(pk=1)
            cls.objects.filter(pk=1).update(counter=F("counter") + 1)
