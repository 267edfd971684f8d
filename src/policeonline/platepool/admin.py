from django.contrib import admin

from .models import PlateRule


@admin.register(PlateRule)
class PlateRuleAdmin(admin.ModelAdmin):
    list_display = ("kind", "pattern", "plate_types", "reason", "active")
    list_filter = ("kind", "active")
