from django.urls import path

from . import views

app_name = "ratings"
urlpatterns = [path("applications/<uuid:pk>/rating/", views.rate, name="rate")]
