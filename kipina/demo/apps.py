from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo organisation. It sits above every other app: it fills all of them with data."""

    name = "kipina.demo"
    label = "demo"
    verbose_name = _("Demo organisation")
