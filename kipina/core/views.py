from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from kipina.core.forms import SignInForm


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
