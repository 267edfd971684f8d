from django.urls import path

from . import views

app_name = "sms_simulator"
urlpatterns = [path("", views.outbox, name="outbox")]
