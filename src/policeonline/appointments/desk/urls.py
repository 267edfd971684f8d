from django.urls import path

from . import views

app_name = "appointment_desk"
urlpatterns = [
    path("", views.day_list, name="day_list"),
    path("<int:pk>/<slug:outcome>/", views.mark, name="mark"),
]
