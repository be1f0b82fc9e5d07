"""Placeholder until the views land: every view answers 404."""

from django.http import Http404


def _missing(request, *args, **kwargs):
    raise Http404


service_list = _missing
service_edit = _missing
service_detail = _missing
order_new = _missing
order_detail = _missing
order_assign = _missing
order_pick = _missing
order_claim = _missing
order_accept = _missing
order_return = _missing
order_unassign = _missing
order_deliver = _missing
order_reflect = _missing
order_feedback = _missing
order_close = _missing
order_decline = _missing
order_cancel = _missing
order_follow_up = _missing
