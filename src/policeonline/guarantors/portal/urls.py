from django.urls import path

from . import views

app_name = "guarantors"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/confirm/", views.answer, {"answer": "confirm"}, name="confirm"),
    path("<uuid:pk>/decline/", views.answer, {"answer": "decline"}, name="decline"),
]
