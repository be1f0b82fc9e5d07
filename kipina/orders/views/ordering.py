"""The services catalogue, the order form and the order page with every state-machine action.

Each action is a small POST form on the order page and one view here: find the order the user
may see (else 404) → refuse a stale page (409) → check the permission (403) → validate the form
(400) → call one service → redirect back with a message. A refusal from the service re-renders
the order page with its message beside the field it concerns.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kipina.core.forms import add_service_error
from kipina.core.permissions import allowed
from kipina.orders import forms, services
from kipina.orders.candidates import suggestions_for
from kipina.orders.enums import FINAL_STATES, OrderState
from kipina.orders.models import Order, Service
from kipina.orders.rules import can_see_order
from kipina.orders.selectors import order_for
from kipina.orders.services import Conflict, NotAllowed, OrderError
from kipina.org.selectors import paginate

# --- the services catalogue ------------------------------------------------------------------


def _services_for(user) -> QuerySet[Service]:
    catalogue = Service.objects.prefetch_related("required_skills", "eligible_roles")
    if user.has_perm("orders.edit_services"):
        return catalogue
    return catalogue.filter(active=True)


@login_required
def service_list(request: HttpRequest) -> HttpResponse:
    page = paginate(_services_for(request.user), request.GET.get("page"))
    return render(
        request,
        "orders/service_list.html",
        {"page": page, "can_edit": request.user.has_perm("orders.edit_services")},
    )


@login_required
def service_detail(request: HttpRequest, code: str) -> HttpResponse:
    service = get_object_or_404(_services_for(request.user), code=code)
    return render(
        request,
        "orders/service_detail.html",
        {
            "service": service,
            "can_edit": request.user.has_perm("orders.edit_services"),
            "can_order": request.user.has_perm("orders.order") and service.active,
        },
    )


@login_required
def service_edit(request: HttpRequest, code: str | None = None) -> HttpResponse:
    if not request.user.has_perm("orders.edit_services"):
        raise PermissionDenied
    service = get_object_or_404(Service, code=code) if code else None
    form = forms.ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.service_save(
                actor=request.user,
                service=form.save(commit=False),
                required_skills=form.cleaned_data["required_skills"],
                eligible_roles=form.cleaned_data["eligible_roles"],
                required_trainings=form.cleaned_data["required_trainings"],
            )
        except OrderError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("The service was saved."))
            return redirect(saved)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request, "orders/service_form.html", {"form": form, "service": service}, status=status
    )


# --- ordering --------------------------------------------------------------------------------


@login_required
def order_new(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("orders.order") or getattr(request.user, "person", None) is None:
        raise PermissionDenied
    initial = {}
    if code := request.GET.get("service"):
        initial["service"] = Service.objects.filter(code=code, active=True).first()
    form = forms.OrderForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            order, created = services.order_submit(
                actor=request.user,
                service=data["service"],
                team=data["team"],
                need=data["need"],
                goal=data["goal"],
                earliest=data["earliest"],
                latest=data["latest"],
                participants=data["participants"],
                language=data["language"],
                onsite=data["onsite"],
                place=data["place"],
                submission_key=data["submission_key"],
            )
        except OrderError as error:
            _add_error(form, error)
        else:
            if created:
                messages.success(
                    request,
                    _("Thank you! Your order was sent. You can follow it on this page."),
                )
            else:
                messages.info(request, _("This order had already been sent; here it is."))
            return redirect(order)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "orders/order_form.html", {"form": form}, status=status)


# --- the order page --------------------------------------------------------------------------


@dataclass
class ActionSpec:
    """One action of the order page: its permission, form, button and service call."""

    name: str
    perm: str
    form_class: type[forms.ActionForm]
    button: Any
    heading: Any
    done: Any
    perform: Callable[[Any, Order, dict], object]
    description: Any = ""
    quiet: bool = False  # a way out (return, cancel…) rather than the next step


def _assign(actor, order, data):
    return services.order_assign(
        actor=actor,
        order=order,
        support_person=data["candidate"],
        override_reason=data.get("override_reason", ""),
    )


# In the order the page shows them: the likely next step first, the way out last.
ACTIONS: dict[str, ActionSpec] = {
    spec.name: spec
    for spec in [
        ActionSpec(
            "assign",
            "orders.assign",
            forms.AssignForm,
            gettext_lazy("Assign"),
            gettext_lazy("Assign a support person"),
            gettext_lazy("The support person was assigned and told."),
            _assign,
        ),
        ActionSpec(
            "pick",
            "orders.pick",
            forms.PickForm,
            gettext_lazy("Choose"),
            gettext_lazy("Choose your support person"),
            gettext_lazy("You chose your support person; they were told."),
            lambda actor, order, data: services.order_pick(
                actor=actor, order=order, support_person=data["candidate"]
            ),
            gettext_lazy("These people fit your order and have time for it."),
        ),
        ActionSpec(
            "claim",
            "orders.claim",
            forms.ConfirmForm,
            gettext_lazy("Take this order"),
            gettext_lazy("Take this order"),
            gettext_lazy("The order is yours. The orderer was told."),
            lambda actor, order, data: services.order_claim(actor=actor, order=order),
            gettext_lazy("You become its support person at once."),
        ),
        ActionSpec(
            "accept",
            "orders.accept",
            forms.ConfirmForm,
            gettext_lazy("Accept"),
            gettext_lazy("Accept the assignment"),
            gettext_lazy("You accepted the order. The orderer was told."),
            lambda actor, order, data: services.order_accept(actor=actor, order=order),
            gettext_lazy("Tell the team you will take this on. Scheduling a session also accepts."),
        ),
        ActionSpec(
            "deliver",
            "orders.deliver",
            forms.DeliverForm,
            gettext_lazy("Mark delivered"),
            gettext_lazy("Mark delivered"),
            gettext_lazy("The order is delivered; the team is asked for feedback."),
            lambda actor, order, data: services.order_deliver(
                actor=actor, order=order, reflection=data["reflection"]
            ),
        ),
        ActionSpec(
            "reflect",
            "orders.reflect",
            forms.ReflectForm,
            gettext_lazy("Save reflection"),
            gettext_lazy("Your reflection"),
            gettext_lazy("Your reflection was saved."),
            lambda actor, order, data: services.order_reflect(
                actor=actor, order=order, reflection=data["reflection"]
            ),
        ),
        ActionSpec(
            "feedback",
            "orders.give_feedback",
            forms.FeedbackForm,
            gettext_lazy("Send feedback"),
            gettext_lazy("Give feedback"),
            gettext_lazy("Thank you for your feedback!"),
            lambda actor, order, data: services.feedback_give(
                actor=actor,
                order=order,
                rating=data["rating"],
                helped=data["helped"],
                keep_doing=data["keep_doing"],
            ),
        ),
        ActionSpec(
            "close",
            "orders.close",
            forms.CloseForm,
            gettext_lazy("Close the order"),
            gettext_lazy("Close the order"),
            gettext_lazy("The order was closed."),
            lambda actor, order, data: services.order_close(
                actor=actor, order=order, note=data["note"]
            ),
            gettext_lazy("Close it when the team will not give feedback."),
            quiet=True,
        ),
        ActionSpec(
            "follow_up",
            "orders.answer_follow_up",
            forms.FollowUpForm,
            gettext_lazy("Send answer"),
            gettext_lazy("Follow-up"),
            gettext_lazy("Thank you! Your answer was saved."),
            lambda actor, order, data: services.follow_up_answer(
                actor=actor, order=order, answer=data["answer"], comment=data["comment"]
            ),
        ),
        ActionSpec(
            "return",
            "orders.return",
            forms.ReturnForm,
            gettext_lazy("Return the order"),
            gettext_lazy("Return the order to the queue"),
            gettext_lazy("The order was returned to the queue."),
            lambda actor, order, data: services.order_return(
                actor=actor, order=order, reason=data["reason"]
            ),
            gettext_lazy("If you cannot take this on after all. Future sessions are cancelled."),
            quiet=True,
        ),
        ActionSpec(
            "unassign",
            "orders.unassign",
            forms.UnassignForm,
            gettext_lazy("Remove the support person"),
            gettext_lazy("Remove the support person"),
            gettext_lazy("The support person was removed; the order is back in the queue."),
            lambda actor, order, data: services.order_unassign(
                actor=actor, order=order, reason=data["reason"]
            ),
            quiet=True,
        ),
        ActionSpec(
            "decline",
            "orders.decline",
            forms.DeclineForm,
            gettext_lazy("Decline the order"),
            gettext_lazy("Decline the order"),
            gettext_lazy("The order was declined; the orderer was told why."),
            lambda actor, order, data: services.order_decline(
                actor=actor, order=order, reason=data["reason"]
            ),
            quiet=True,
        ),
        ActionSpec(
            "cancel",
            "orders.cancel",
            forms.CancelForm,
            gettext_lazy("Cancel the order"),
            gettext_lazy("Cancel the order"),
            gettext_lazy("The order was cancelled."),
            lambda actor, order, data: services.order_cancel(
                actor=actor, order=order, reason=data["reason"]
            ),
            quiet=True,
        ),
    ]
}


@dataclass
class ShownAction:
    spec: ActionSpec
    form: forms.ActionForm
    url: str


def _follow_up_open(order: Order) -> bool:
    follow_up = getattr(order, "follow_up", None)
    return (
        follow_up is not None
        and follow_up.answered_at is None
        and (follow_up.asked_at is not None or follow_up.due <= timezone.localdate())
    )


def _available(user, order: Order, spec: ActionSpec, feedback_people: set[int]) -> bool:
    if not allowed(user, spec.perm, order):
        return False
    if spec.name == "feedback":
        return user.person.pk not in feedback_people
    if spec.name == "follow_up":
        return _follow_up_open(order)
    return True


def _suggestions(order: Order) -> list:
    return list(suggestions_for(order, limit=5))


def _order_page(
    request: HttpRequest,
    order: Order,
    *,
    failed: ShownAction | None = None,
    alert: str = "",
    status: int = 200,
) -> HttpResponse:
    user = request.user
    feedback = list(order.feedback.select_related("person"))
    feedback_people = {item.person_id for item in feedback}
    shown = []
    for spec in ACTIONS.values():
        if failed is not None and failed.spec.name == spec.name:
            if allowed(user, spec.perm, order):
                shown.append(failed)
            continue
        if _available(user, order, spec, feedback_people):
            form = spec.form_class(
                initial={"seen_state": order.state}, auto_id=f"id_{spec.name}_%s"
            )
            shown.append(ShownAction(spec, form, reverse(f"orders:{spec.name}", args=[order.pk])))
    names = {action.spec.name for action in shown}
    is_coordinator = user.has_perm("orders.view_queue")
    helper = order.support_person
    is_helper = helper is not None and helper.person.user_id == user.pk
    # Feedback, hours and the reflection belong to the order's people, not to every support
    # person browsing open orders.
    insider = can_see_order.test(user, order)
    time_entries = (
        list(order.time_entries.select_related("support_person__person"))
        if is_helper or is_coordinator
        else []
    )
    context = {
        "order": order,
        "events": order.events.select_related("actor__person", "support_person__person"),
        "sessions": order.sessions.all(),
        "can_schedule": allowed(user, "orders.schedule", order),
        "time_entries": time_entries,
        "can_log_hours": allowed(user, "orders.log_hours", order),
        "show_hours": (is_helper or is_coordinator)
        and bool(order.support_person_id or time_entries),
        "insider": insider,
        "feedback": feedback if insider else [],
        "follow_up": getattr(order, "follow_up", None) if insider else None,
        "actions": shown,
        "suggestions": _suggestions(order) if names & {"assign", "pick"} else [],
        "alert": alert,
        "read_only": order.state in FINAL_STATES,
    }
    return render(request, "orders/order_detail.html", context, status=status)


@login_required
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _order_page(request, order_for(request.user, pk))


def _add_error(form, error: OrderError) -> None:
    """The service's message beside its field; a person typed by number is that field."""
    field = error.field
    if field == "support_person" and form.data.get("employee_number"):
        field = "employee_number"
    add_service_error(form, error, field=field)


def _stale_message(name: str) -> str:
    if name == "claim":
        return _("Someone else took this order first.")
    return _("Someone else changed this order a moment ago. Please look at it again.")


def _safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def _claim_lost(request: HttpRequest, pk: int) -> HttpResponse | None:
    """A support person posting 'take' on an order that someone else took meanwhile no longer
    sees it: tell them so instead of answering 404."""
    if not request.user.has_perm("orders.use_desk"):
        return None
    order = Order.objects.filter(pk=pk).only("state", "support_person").first()
    if order is None or order.state == OrderState.SUBMITTED:
        return None
    if order.support_person_id is not None:
        messages.error(request, _("Someone else took this order first."))
    else:
        messages.error(request, _("This order is no longer open."))
    return HttpResponseRedirect(_safe_next(request) or reverse("orders:desk"))


def _action_view(name: str):
    spec = ACTIONS[name]

    @require_POST
    @login_required
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        try:
            order = order_for(request.user, pk)
        except Http404:
            if name == "claim" and (lost := _claim_lost(request, pk)) is not None:
                return lost
            raise
        action = ShownAction(
            spec,
            spec.form_class(request.POST, auto_id=f"id_{name}_%s"),
            reverse(f"orders:{name}", args=[order.pk]),
        )
        form = action.form
        back = _safe_next(request)  # the desk or the queue the button was on, if any
        seen = request.POST.get("seen_state")
        if seen and seen != order.state:
            return _conflict(request, order, _stale_message(name), back)
        if not allowed(request.user, spec.perm, order):
            return _order_page(
                request,
                order,
                alert=_("You cannot do that to this order in its current state."),
                status=403,
            )
        if not form.is_valid():
            return _order_page(request, order, failed=action, status=400)
        try:
            spec.perform(request.user, order, form.cleaned_data)
        except Conflict as error:
            return _conflict(request, _order_for_after_conflict(request, pk), error.message, back)
        except NotAllowed as error:
            return _order_page(
                request, order_for(request.user, pk), alert=error.message, status=403
            )
        except OrderError as error:
            _add_error(form, error)
            return _order_page(request, order_for(request.user, pk), failed=action, status=400)
        messages.success(request, str(spec.done))
        return HttpResponseRedirect(back or order.get_absolute_url())

    view.__name__ = f"order_{name}"
    view.__qualname__ = view.__name__
    return view


def _conflict(
    request: HttpRequest, order: Order | None, message: str, back: str | None
) -> HttpResponse:
    """Someone else was first: back to the list the button was on with the message, or the
    order page as it is now (409)."""
    if back or order is None:
        messages.error(request, message)
        return HttpResponseRedirect(back or reverse("orders:desk"))
    return _order_page(request, order, alert=message, status=409)


def _order_for_after_conflict(request: HttpRequest, pk: int) -> Order | None:
    try:
        return order_for(request.user, pk)
    except Http404:
        return None


order_assign = _action_view("assign")
order_pick = _action_view("pick")
order_claim = _action_view("claim")
order_accept = _action_view("accept")
order_return = _action_view("return")
order_unassign = _action_view("unassign")
order_deliver = _action_view("deliver")
order_reflect = _action_view("reflect")
order_feedback = _action_view("feedback")
order_close = _action_view("close")
order_decline = _action_view("decline")
order_cancel = _action_view("cancel")
order_follow_up = _action_view("follow_up")
