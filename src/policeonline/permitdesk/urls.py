from django.urls import path

from . import views

app_name = "permitdesk"
urlpatterns = [
    path("", views.day_list, name="day"),
]
