"""Reference data in the back office's admin. Catalog rows mirror the data files, so they
are read-only here: a change goes through the files, review and `load_catalog`."""

from django.contrib import admin

from .models import CatalogEdition, Category, Department, Item


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Department)
class DepartmentAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_zh", "name_en"]


@admin.register(Category)
class CategoryAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_zh", "name_en", "department"]


@admin.register(Item)
class ItemAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_zh", "department", "online_level",
                    "time_limit_working_days", "facts_verified"]
    list_filter = ["category", "department", "online_level", "applicant"]
    search_fields = ["code", "name_zh", "name_en"]
    exclude = ["search_text"]


@admin.register(CatalogEdition)
class CatalogEditionAdmin(ReadOnlyAdmin):
    list_display = ["edition", "item_count", "loaded_at", "digest"]
