from django.urls import path

from . import views

app_name = "appointments"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("book/", views.book, name="book"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/reschedule/", views.reschedule, name="reschedule"),
    path("<uuid:pk>/cancel/", views.cancel, name="cancel"),
]
