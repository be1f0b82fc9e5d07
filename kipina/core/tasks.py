from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kipina.core.models import Notification


@task
def email_notifications(ids: list[int]) -> int:
    """Email each not-yet-emailed notification to its recipient; returns how many were sent."""
    sent = 0
    pending = Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).select_related(
        "recipient"
    )
    for notification in pending:
        if not notification.recipient.email:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            text = str(notification)
            link = f"{settings.KIPINA_BASE_URL}{notification.url}" if notification.url else ""
            body = f"{text}\n\n{link}\n\n" + _("— Kipinä, the learning-support service")
        send_mail(f"Kipinä: {text[:80]}", body, None, [notification.recipient.email])
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent
