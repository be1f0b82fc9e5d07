from django.urls import path

from kipina.core import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("saavutettavuus/", views.accessibility_statement, name="accessibility"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
]
