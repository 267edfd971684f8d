from django.urls import path

from . import exchange_views, views

app_name = "workbench"
urlpatterns = [
    path("", views.home, name="home"),
    path("exchange/", exchange_views.exchange_health, name="exchange"),
]
