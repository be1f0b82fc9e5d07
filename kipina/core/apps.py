from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kipina.core"
    label = "core"
    verbose_name = _("Kipinä core")

    def ready(self) -> None:
        from kipina.core import checks  # noqa: F401  (registers system checks)
