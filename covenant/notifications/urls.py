"""URLs of notifications: pages here, its API in api_urlpatterns (mounted under /api/v1/)."""

from django.urls import path

from . import api, views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read-all/", views.notification_read_all, name="read_all"),
    path("<int:pk>/", views.notification_open, name="open"),
    path("<int:pk>/read/", views.notification_read, name="read"),
]

api_urlpatterns = [
    path("notifications/", api.NotificationListAPI.as_view(), name="notification-list"),
    path("notifications/<int:pk>/read/", api.NotificationReadAPI.as_view(), name="notification-read"),
]
