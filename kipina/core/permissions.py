"""View decorators: anonymous visitors go to sign-in, signed-in people without the right get 403."""

from functools import wraps

import rules
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def require_perm(perm: str):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator


def allowed(user, perm: str, obj=None) -> bool:
    """The rules exactly as written in the apps' rules.py.

    `user.has_perm()` lets an active superuser past every permission. Actions — the services
    and the forms that lead to them — check this instead, so an admin may do exactly what the
    rules give `is_admin` and the state machines hold for everyone.
    """
    return rules.has_perm(perm, user, obj)
