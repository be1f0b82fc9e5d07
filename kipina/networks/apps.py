from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "kipina.networks"
    label = "networks"
    verbose_name = _("Support networks")
    default_auto_field = "django.db.models.BigAutoField"
