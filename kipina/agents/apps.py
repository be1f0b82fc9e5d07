from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AgentsConfig(AppConfig):
    name = "kipina.agents"
    label = "agents"
    verbose_name = _("Support persons")

    def ready(self) -> None:
        from kipina.agents import notification_kinds  # noqa: F401  (registers the kinds)
        from kipina.core.navigation import NavItem, register

        register(
            NavItem(
                pgettext_lazy("navigation", "Support persons"),
                "agents:directory",
                "agents.browse",
                25,
            )
        )
