from django.urls import path

from . import views

app_name = "certificates"
urlpatterns = [
    path("certificates/verify/", views.verify, name="verify"),
    path("c/<str:code>", views.by_code, name="code"),
    path("certificates/keys/", views.public_keys, name="keys"),
    path("certificates/<str:serial>/pdf/", views.download, name="download"),
]
