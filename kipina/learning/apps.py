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
        from kipina.learning import notifications  # noqa: F401 (registers the kinds)

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
