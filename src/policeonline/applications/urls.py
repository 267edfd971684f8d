from django.urls import path

from . import views

app_name = "applications"
urlpatterns = [
    path("apply/<str:code>/", views.apply, name="apply"),
    path("applications/", views.mine, name="mine"),
    path("applications/find/", views.by_receipt, name="by_receipt"),
    path("applications/<uuid:pk>/", views.detail, name="detail"),
    path("applications/<uuid:pk>/edit/", views.edit, name="edit"),
    path("applications/<uuid:pk>/autosave/", views.autosave, name="autosave"),
    path("applications/<uuid:pk>/review/", views.review, name="review"),
    path("applications/<uuid:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("applications/<uuid:pk>/files/<int:attachment_id>/", views.attachment, name="attachment"),
    path("applications/<uuid:pk>/documents/<str:serial>/", views.document, name="document"),
]
