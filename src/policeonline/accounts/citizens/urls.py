from django.urls import path

from . import views

app_name = "citizens"
urlpatterns = [
    path("register/", views.register, name="register"),
    path("register/company/", views.register_company, name="register_company"),
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("password/reset/", views.reset_password, name="reset_password"),
    path("me/", views.me, name="me"),
    path("me/verification/", views.verification_status, name="verification_status"),
    path("me/verification/retry/", views.retry_verification, name="retry_verification"),
    path("me/verification/start/", views.start_verification, name="start_verification"),
]
