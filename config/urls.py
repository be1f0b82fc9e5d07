from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from kipina.org.views import home

urlpatterns = [
    path("", home, name="home"),
    path("", include("kipina.core.urls")),
    path("accounts/", include("kipina.core.auth_urls")),
    path("org/", include("kipina.org.urls")),
    path("support/", include("kipina.agents.urls")),
    path("orders/", include("kipina.orders.urls")),
    path("toolkit/", include("kipina.toolkit.urls")),
    path("learning/", include("kipina.learning.urls")),
    path("networks/", include("kipina.networks.urls")),
    path("training/", include("kipina.training.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]
