from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from kipina.core.forms import SignInForm
from kipina.core.models import Notification
from kipina.core.notifications import render as render_notification

NOTIFICATIONS_PER_PAGE = 25


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers a query, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


class SignInView(auth_views.LoginView):
    template_name = "core/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


def lockout(request: HttpRequest, credentials=None, *args, **kwargs) -> HttpResponse:
    """Shown by django-axes instead of the sign-in result once the failure limit is reached."""
    minutes = round(float(settings.AXES_COOLOFF_TIME) * 60)
    form = SignInForm(request)
    message = _(
        "Too many failed sign-in attempts. For your security, signing in with this account "
        "is blocked for %(minutes)s minutes. You can also reset your password."
    ) % {"minutes": minutes}
    return render(
        request,
        "core/sign_in.html",
        {"form": form, "lockout_message": message},
        status=429,
    )


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    """The person's notifications, newest first; reading the list does not mark them read."""
    notifications = Notification.objects.filter(recipient_id=request.user.pk).only(
        "kind", "params", "url", "created_at", "read_at"
    )
    page = Paginator(notifications, NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    items = [
        {
            "text": render_notification(notification),
            "url": notification.url,
            "created_at": notification.created_at,
            "unread": notification.read_at is None,
        }
        for notification in page.object_list
    ]
    return render(request, "core/notifications.html", {"page": page, "items": items})


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    marked = Notification.objects.filter(recipient_id=request.user.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if marked:
        messages.success(
            request,
            ngettext(
                "%(count)d notification marked as read.",
                "%(count)d notifications marked as read.",
                marked,
            )
            % {"count": marked},
        )
    return redirect("notifications")
