from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LearningConfig(AppConfig):
    name = "kipina.learning"
    label = "learning"
    verbose_name = _("Learning infrastructure")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kipina.core.navigation import NavItem, register
        from kipina.core.search.index import index_in_own_table, register_reindexer
        from kipina.learning import notifications  # noqa: F401 (registers the kinds)
        from kipina.learning.enums import RESOURCE_SEARCH_KIND
        from kipina.learning.models import Resource
        from kipina.learning.resource_index import reindex_resources

        # The catalogue is the big one: its index lives on the resource table (migration 0004).
        index_in_own_table(RESOURCE_SEARCH_KIND, Resource._meta.db_table)
        register_reindexer(RESOURCE_SEARCH_KIND, reindex_resources)

        register(
            NavItem(
                pgettext_lazy("navigation", "Competences"),
                "learning:frameworks",
                "learning.view_frameworks",
                45,
            )
        )
        register(
            NavItem(
                pgettext_lazy("navigation", "Learning resources"),
                "learning:resources",
                "learning.view_resources",
                46,
            )
        )
        register(
            NavItem(
                pgettext_lazy("navigation", "My learning"),
                "learning:my_learning",
                "learning.keep_learning_log",
                47,
            )
        )
