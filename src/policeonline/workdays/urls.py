from django.urls import path

from . import views

app_name = "workdays"
urlpatterns = [
    path("", views.home, name="home"),
    path("<int:year>/", views.year_detail, name="year"),
    path("<int:year>/enter/", views.enter, name="enter"),
    path("<int:year>/withdraw/", views.withdraw, name="withdraw"),
    path("overrides/", views.overrides, name="overrides"),
    path("overrides/<str:day>/remove/", views.override_remove, name="override_remove"),
]
