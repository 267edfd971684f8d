from django.urls import path

from . import views

app_name = "officers"
urlpatterns = [
    path("login/", views.OfficerSignInView.as_view(), name="login"),
    path("logout/", views.OfficerSignOutView.as_view(), name="logout"),
]
