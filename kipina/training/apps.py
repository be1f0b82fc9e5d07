from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TrainingConfig(AppConfig):
    name = "kipina.training"
    label = "training"
    verbose_name = _("Training path")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kipina.core.navigation import NavItem, register
        from kipina.training import (  # noqa: F401 (registers the kinds)
            notifications_onboarding,
            notifications_programmes,
        )

        register(
            NavItem(
                pgettext_lazy("navigation", "Training"),
                "training:programmes",
                "training.view_programmes",
                55,
            )
        )
