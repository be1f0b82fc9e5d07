from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class NetworksConfig(AppConfig):
    name = "kipina.networks"
    label = "networks"
    verbose_name = _("Support networks")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kipina.core.navigation import NavItem, register
        from kipina.core.search.index import register_reindexer
        from kipina.networks import (  # noqa: F401 (registers the kinds)
            notifications_meetings,
            notifications_networks,
            notifications_practices,
        )
        from kipina.networks.enums import PRACTICE_SEARCH_KIND
        from kipina.networks.practice_index import reindex_practices
        from kipina.networks.rules import runs_the_meeting_of
        from kipina.toolkit.rules import share_agendas

        register_reindexer(PRACTICE_SEARCH_KIND, reindex_practices)
        share_agendas(runs_the_meeting_of)

        register(
            NavItem(
                pgettext_lazy("navigation", "Networks"),
                "networks:networks",
                "networks.view_networks",
                50,
            )
        )
