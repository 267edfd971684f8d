from django.urls import path

from . import views

app_name = "transparency"
urlpatterns = [
    path("", views.index, name="index"),
    path("tree-heads.json", views.heads_json, name="heads"),
    path("key.pem", views.key_pem, name="key"),
    path("entries.json", views.entries_json, name="entries"),
    path("consistency.json", views.consistency_json, name="consistency"),
    path("mine/", views.mine, name="mine"),
    path("proof/<uuid:pk>.json", views.proof, name="proof"),
    path("verify/", views.verify, name="verify"),
]
