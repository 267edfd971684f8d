"""The calendar in the admin, to look at only: changes go through the back-office pages, which
check them and write the audit log (``/calendar/``)."""

from django.contrib import admin

from .models import CalendarDay, CalendarYear


class ViewOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CalendarDayInline(ViewOnly, admin.TabularInline):
    model = CalendarDay
    fields = ["date", "kind", "name"]


@admin.register(CalendarYear)
class CalendarYearAdmin(ViewOnly, admin.ModelAdmin):
    list_display = ["year", "published_on", "source", "entered_by", "entered_at"]
    inlines = [CalendarDayInline]


@admin.register(CalendarDay)
class CalendarDayAdmin(ViewOnly, admin.ModelAdmin):
    list_display = ["date", "kind", "name", "year", "entered_by"]
    list_filter = ["kind", "year"]
    date_hierarchy = "date"
