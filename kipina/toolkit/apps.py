from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ToolkitConfig(AppConfig):
    name = "kipina.toolkit"
    label = "toolkit"
    verbose_name = _("Facilitation toolkit")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kipina.core.navigation import NavItem, register

        register(
            NavItem(pgettext_lazy("navigation", "Toolkit"), "toolkit:library", "toolkit.browse", 40)
        )
