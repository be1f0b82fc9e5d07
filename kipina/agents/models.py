"""Support persons. The profile grows with the ordering work; this is its seed."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kipina.org.models import Person


class SupportPerson(models.Model):
    """An employee who spends part of their working time supporting others' learning."""

    person = models.OneToOneField(
        Person, verbose_name=_("person"), related_name="support_profile", on_delete=models.CASCADE
    )
    active = models.BooleanField(_("active"), default=True)
    introduction = models.TextField(_("introduction"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("learning support person")
        verbose_name_plural = _("learning support persons")

    def __str__(self) -> str:
        return str(self.person)
