from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "policeonline.api"
    verbose_name = "API"
