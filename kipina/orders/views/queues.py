"""Placeholder until the views land: every view answers 404."""

from django.http import Http404


def _missing(request, *args, **kwargs):
    raise Http404


my_orders = _missing
team_orders = _missing
queue = _missing
desk = _missing
load = _missing
budget = _missing
