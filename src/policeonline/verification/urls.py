from django.urls import path

from . import views

app_name = "verification"
urlpatterns = [
    path("", views.history, name="history"),
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
]
