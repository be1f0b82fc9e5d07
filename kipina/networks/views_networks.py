"""Networks: the list, one network's page, creating and editing (with conflicts), and the
membership actions — ask to join, withdraw, decide requests, leave, add and remove members,
name conveners, the digest setting.

Everyone signed in sees active networks and their pages; inactive ones are a 404 except for
coordinators and their members. Every action is a POST → redirect → GET that works without
JavaScript; a refused action comes back as a message (or beside its field, status 400).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kipina.core.forms import add_service_error
from kipina.core.permissions import allowed, require_perm
from kipina.networks import selectors_networks as selectors
from kipina.networks import services_networks as services
from kipina.networks.enums import JoinRequestState, MemberRole, NetworkKind
from kipina.networks.forms_networks import (
    AddMemberForm,
    DecisionForm,
    DigestForm,
    JoinForm,
    LeaveForm,
    NetworkForm,
    RoleForm,
)
from kipina.networks.models import Network

VIEW = "networks.view_networks"
RUN = "networks.run_network"


def _person(request: HttpRequest):
    return selectors.active_person(request.user)


def _require(request: HttpRequest, perm: str, network: Network | None = None) -> None:
    if not allowed(request.user, perm, network):
        raise PermissionDenied


# --- list, create, edit --------------------------------------------------------------------


@require_perm(VIEW)
@require_GET
def networks(request: HttpRequest) -> HttpResponse:
    page = selectors.networks_page(request.user, request.GET.get("page"))
    context = {
        "page": page,
        "can_create": allowed(request.user, "networks.create_network"),
        "sees_inactive": selectors.sees_inactive(request.user),
    }
    return render(request, "networks/networks_list.html", context)


def _render_form(request, network, form, *, conflict=None, status=200) -> HttpResponse:
    context = {"network": network, "form": form, "conflict": conflict}
    return render(request, "networks/network_form.html", context, status=status)


@require_perm(VIEW)
@require_http_methods(["GET", "POST"])
def network_new(request: HttpRequest) -> HttpResponse:
    _require(request, "networks.create_network")
    if request.method == "GET":
        return _render_form(request, None, NetworkForm(initial={"active": True}))
    form = NetworkForm(request.POST)
    if form.is_valid():
        try:
            network = services.network_create(actor=request.user, data=form.service_data())
        except services.NetworkError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The network is created."))
            return redirect("networks:network", key=network.key)
    return _render_form(request, None, form, status=400)


@require_perm(VIEW)
@require_http_methods(["GET", "POST"])
def network_edit(request: HttpRequest, key: str) -> HttpResponse:
    network = selectors.network_for(request.user, key)
    _require(request, RUN, network)
    oversee = allowed(request.user, "networks.create_network")
    if request.method == "GET":
        form = NetworkForm(
            instance=network, initial={"version": network.version}, editing=True, oversee=oversee
        )
        return _render_form(request, network, form)
    form = NetworkForm(request.POST, instance=network, editing=True, oversee=oversee)
    conflict = None
    if form.is_valid():
        try:
            services.network_edit(
                actor=request.user,
                network=network,
                data=form.service_data(),
                seen_version=form.cleaned_data.get("version") or 0,
            )
        except services.EditConflict as error:
            conflict = _conflict(form, error.current)
            add_service_error(form, error)
        except services.NetworkError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("networks:network", key=network.key)
    return _render_form(request, network, form, conflict=conflict, status=409 if conflict else 400)


def _form_error(form: NetworkForm, error: services.NetworkError) -> None:
    # The coordinator is chosen through the search field; its problems belong beside it.
    field = "coordinator_query" if error.field == "coordinator" else None
    add_service_error(form, error, field=field)


def _conflict(form: NetworkForm, current: Network) -> dict:
    """Their saved values where they differ from the form; the form moves on to their version,
    keeping the editor's input, so saving again (after combining) is possible."""
    changes = []
    for name in services.EDITABLE_FIELDS:
        if name not in form.cleaned_data:
            continue
        theirs, mine = getattr(current, name), form.cleaned_data.get(name)
        if theirs == mine:
            continue
        field = Network._meta.get_field(name)
        if isinstance(theirs, bool):
            shown = _("Yes") if theirs else _("No")
        elif name == "kind":
            shown = current.get_kind_display()
        else:
            shown = "" if theirs is None else str(theirs)
        label = str(field.verbose_name)
        changes.append({"label": label[:1].upper() + label[1:], "theirs": shown})
    data = form.data.copy()
    data["version"] = str(current.version)
    form.data = data
    return {"current": current, "changes": changes}


# --- the network's page ---------------------------------------------------------------------


def _page_context(request: HttpRequest, network: Network, **forms) -> dict:
    page = selectors.network_page(request.user, network, request.GET.get("members"))
    user = request.user
    mine = page.my_membership
    context = {
        "network": network,
        "page": page,
        "members": page.members,
        "can_run": allowed(user, RUN, network),
        "can_ask": mine is None
        and not (page.my_request and page.my_request.state == JoinRequestState.PENDING)
        and allowed(user, "networks.ask_to_join", network),
        "can_leave": mine is not None,
        "join_form": forms.get("join_form") or JoinForm(),
        "is_self_organising": network.kind == NetworkKind.SELF_ORGANISING,
    }
    return context


@require_perm(VIEW)
@require_GET
def network(request: HttpRequest, key: str) -> HttpResponse:
    found = selectors.network_for(request.user, key)
    return render(request, "networks/network_detail.html", _page_context(request, found))


@require_perm(VIEW)
@require_POST
def network_join(request: HttpRequest, key: str) -> HttpResponse:
    found = selectors.network_for(request.user, key)
    form = JoinForm(request.POST)
    if form.is_valid():
        try:
            services.join_request_create(
                actor=request.user, network=found, message=form.cleaned_data["message"]
            )
        except services.NotAllowed as error:
            raise PermissionDenied(error.message) from error
        except services.NetworkError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Your request is sent. You will be told when it is decided.")
            )
        return redirect("networks:network", key=found.key)
    context = _page_context(request, found, join_form=form)
    return render(request, "networks/network_detail.html", context, status=400)


@require_perm(VIEW)
@require_POST
def network_withdraw(request: HttpRequest, key: str) -> HttpResponse:
    found = selectors.network_for(request.user, key)
    try:
        services.join_request_withdraw(actor=request.user, network=found)
    except services.NetworkError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your request is withdrawn."))
    return redirect("networks:network", key=found.key)


@require_perm(VIEW)
@require_POST
def network_digest(request: HttpRequest, key: str) -> HttpResponse:
    found = selectors.network_for(request.user, key)
    _require(request, "networks.leave_network", found)  # i.e. a current member
    form = DigestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether you want the weekly digest."))
        return redirect("networks:network", key=found.key)
    try:
        services.membership_set_digest(
            actor=request.user, network=found, wants_digest=form.cleaned_data["wants_digest"]
        )
    except services.NetworkError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("You get the weekly digest of this network.")
            if form.cleaned_data["wants_digest"]
            else _("You no longer get the weekly digest of this network."),
        )
    return redirect("networks:network", key=found.key)


@require_perm(VIEW)
@require_http_methods(["GET", "POST"])
def network_leave(request: HttpRequest, key: str) -> HttpResponse:
    found = selectors.network_for(request.user, key)
    _require(request, "networks.leave_network", found)
    person = _person(request)
    membership = found.memberships.current().filter(person=person).first() if person else None
    needs_successor = selectors.is_last_convener(found, membership)
    data = request.POST if request.method == "POST" else None
    form = LeaveForm(data, network=found, person=person)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.membership_leave(
                    actor=request.user, network=found, successor=form.cleaned_data["successor"]
                )
            except services.NetworkError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _("You have left the network “%(name)s”.") % {"name": found.name},
                )
                return redirect("networks:network", key=found.key)
        status = 400
    context = {
        "network": found,
        "form": form,
        "membership": membership,
        "needs_successor": needs_successor or bool(form.errors.get("successor")),
    }
    return render(request, "networks/network_leave.html", context, status=status)


# --- runners: requests and members ----------------------------------------------------------


@require_perm(VIEW)
@require_GET
def network_requests(request: HttpRequest, key: str) -> HttpResponse:
    found = selectors.network_for(request.user, key)
    _require(request, RUN, found)
    context = {
        "network": found,
        "page": selectors.pending_requests(found, request.GET.get("page")),
        "decided": selectors.recent_decisions(found),
    }
    return render(request, "networks/network_requests.html", context)


@require_perm(VIEW)
@require_POST
def network_request_decide(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    found = selectors.network_for(request.user, key)
    _require(request, RUN, found)
    join_request = selectors.pending_request_for(found, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to approve or decline the request."))
        return redirect("networks:network_requests", key=found.key)
    approve = form.cleaned_data["decision"] == DecisionForm.APPROVE
    try:
        services.join_request_decide(
            actor=request.user,
            join_request=join_request,
            approve=approve,
            reason=form.cleaned_data["reason"],
        )
    except services.NetworkError as error:
        messages.error(request, error.message)
    else:
        name = join_request.person.full_name
        messages.success(
            request,
            _("%(name)s is now a member.") % {"name": name}
            if approve
            else _("The request of %(name)s is declined.") % {"name": name},
        )
    return redirect("networks:network_requests", key=found.key)


def _members_context(request: HttpRequest, network: Network, add_form: AddMemberForm) -> dict:
    members = Paginator(selectors.current_members(network), selectors.MEMBERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return {
        "network": network,
        "members": members,
        "add_form": add_form,
        "is_self_organising": network.kind == NetworkKind.SELF_ORGANISING,
    }


@require_perm(VIEW)
@require_GET
def network_members(request: HttpRequest, key: str) -> HttpResponse:
    found = selectors.network_for(request.user, key)
    _require(request, RUN, found)
    context = _members_context(request, found, AddMemberForm())
    return render(request, "networks/network_members.html", context)


@require_perm(VIEW)
@require_POST
def network_member_add(request: HttpRequest, key: str) -> HttpResponse:
    found = selectors.network_for(request.user, key)
    _require(request, RUN, found)
    form = AddMemberForm(request.POST)
    if form.is_valid():
        person = form.cleaned_data["person"]
        try:
            services.membership_add(actor=request.user, network=found, person=person)
        except services.NetworkError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("%(name)s is now a member.") % {"name": person.full_name})
            return redirect("networks:network_members", key=found.key)
    context = _members_context(request, found, form)
    return render(request, "networks/network_members.html", context, status=400)


@require_perm(VIEW)
@require_POST
def network_member_remove(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    found = selectors.network_for(request.user, key)
    _require(request, RUN, found)
    membership = selectors.membership_for(found, pk)
    try:
        services.membership_remove(actor=request.user, membership=membership)
    except services.NetworkError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s is no longer a member.") % {"name": membership.person.full_name},
        )
    return redirect("networks:network_members", key=found.key)


@require_perm(VIEW)
@require_POST
def network_member_role(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    found = selectors.network_for(request.user, key)
    _require(request, RUN, found)
    membership = selectors.membership_for(found, pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role."))
        return redirect("networks:network_members", key=found.key)
    try:
        changed = services.membership_set_role(
            actor=request.user, membership=membership, role=form.cleaned_data["role"]
        )
    except services.NetworkError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s is now a convener.") % {"name": membership.person.full_name}
            if changed.role == MemberRole.CONVENER
            else _("%(name)s is no longer a convener.") % {"name": membership.person.full_name},
        )
    return redirect(reverse("networks:network_members", args=[found.key]))


# "new/" comes before "<key>/", and the services refuse the keys "new" and "practices".
urlpatterns = [
    path("", networks, name="networks"),
    path("new/", network_new, name="network_new"),
    path("<slug:key>/", network, name="network"),
    path("<slug:key>/edit/", network_edit, name="network_edit"),
    path("<slug:key>/join/", network_join, name="network_join"),
    path("<slug:key>/withdraw/", network_withdraw, name="network_withdraw"),
    path("<slug:key>/digest/", network_digest, name="network_digest"),
    path("<slug:key>/leave/", network_leave, name="network_leave"),
    path("<slug:key>/requests/", network_requests, name="network_requests"),
    path(
        "<slug:key>/requests/<int:pk>/decide/",
        network_request_decide,
        name="network_request_decide",
    ),
    path("<slug:key>/members/", network_members, name="network_members"),
    path("<slug:key>/members/add/", network_member_add, name="network_member_add"),
    path(
        "<slug:key>/members/<int:pk>/remove/", network_member_remove, name="network_member_remove"
    ),
    path("<slug:key>/members/<int:pk>/role/", network_member_role, name="network_member_role"),
]
