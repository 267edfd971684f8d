from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "policeonline.catalog"
    verbose_name = _("Service catalog")

    def ready(self):
        from . import cache, fragments
        from .models import Category, Department, Item

        for model in (Item, Category, Department):
            for signal in (post_save, post_delete):
                signal.connect(cache.forget, sender=model, dispatch_uid=f"catalog-cache-{model.__name__}")
                signal.connect(fragments.forget, sender=model,
                               dispatch_uid=f"catalog-fragments-{model.__name__}")
