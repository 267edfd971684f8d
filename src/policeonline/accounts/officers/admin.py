from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Officer


@admin.register(Officer)
class OfficerAdmin(UserAdmin):
    list_display = ["username", "get_full_name", "department", "roles", "is_active", "last_login"]
    list_filter = ["department", "is_active"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Person", {"fields": ["last_name", "first_name", "email"]}),
        ("Duty", {"fields": ["department", "roles", "is_active"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
