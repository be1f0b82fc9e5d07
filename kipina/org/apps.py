from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrgConfig(AppConfig):
    name = "kipina.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from kipina.core.navigation import NavItem, register

        register(NavItem(pgettext_lazy("navigation", "Home"), "home", "core.signed_in", 0))
        register(NavItem(pgettext_lazy("navigation", "People"), "org:directory", "org.browse", 10))
        register(
            NavItem(pgettext_lazy("navigation", "Organisation"), "org:unit_index", "org.browse", 20)
        )
        register(
            NavItem(pgettext_lazy("navigation", "HR import"), "org:import", "org.import_people", 80)
        )
        register(
            NavItem(
                pgettext_lazy("navigation", "Administration"), "admin:index", "core.use_admin", 90
            )
        )
