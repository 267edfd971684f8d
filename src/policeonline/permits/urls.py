from django.urls import path

from . import views

app_name = "permits"
urlpatterns = [
    path("permits/", views.mine, name="mine"),
    path("permits/<str:serial>/", views.detail, name="detail"),
    path("permits/<str:serial>/cancel/", views.cancel, name="cancel"),
]
