from django.urls import path

from . import views

app_name = "plates"
urlpatterns = [
    path("applications/<uuid:pk>/plate/", views.select, name="select"),
]
