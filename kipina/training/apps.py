from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "kipina.training"
    label = "training"
    verbose_name = _("Training path")
    default_auto_field = "django.db.models.BigAutoField"
