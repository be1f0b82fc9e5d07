"""Placeholder until the views land: every view answers 404."""

from django.http import Http404


def _missing(request, *args, **kwargs):
    raise Http404


session_new = _missing
session_edit = _missing
session_cancel = _missing
session_ics = _missing
calendar_feed = _missing
log_hours = _missing
