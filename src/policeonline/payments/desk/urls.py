from django.urls import path

from . import views

app_name = "payment_desk"
urlpatterns = [path("", views.fees, name="fees")]
