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
        from kipina.core.search.index import register_reindexer
        from kipina.orders.signals import order_delivered
        from kipina.toolkit.enums import SEARCH_KIND
        from kipina.toolkit.notification_kinds import ask_how_the_methods_went
        from kipina.toolkit.services import reindex_methods

        register_reindexer(SEARCH_KIND, reindex_methods)
        order_delivered.connect(ask_how_the_methods_went, dispatch_uid="toolkit-methods-feedback")

        register(
            NavItem(pgettext_lazy("navigation", "Toolkit"), "toolkit:library", "toolkit.browse", 40)
        )
