from django.urls import path

from . import views

app_name = "notice_desk"
urlpatterns = [
    path("", views.notice_list, name="list"),
    path("new/", views.create, name="create"),
    path("<uuid:notice_id>/", views.detail, name="detail"),
    path("<uuid:notice_id>/edit/", views.edit, name="edit"),
    path("<uuid:notice_id>/attachments/", views.upload, name="upload"),
    path("<uuid:notice_id>/attachments/<int:attachment_id>/", views.download, name="download"),
    path("<uuid:notice_id>/attachments/<int:attachment_id>/remove/", views.remove, name="remove"),
    path("<uuid:notice_id>/submit/", views.submit, name="submit"),
    path("<uuid:notice_id>/approve/", views.approve, name="approve"),
    path("<uuid:notice_id>/send-back/", views.send_back, name="send_back"),
    path("<uuid:notice_id>/withdraw/", views.withdraw, name="withdraw"),
]
