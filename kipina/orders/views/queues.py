"""The order lists: my and my team's orders, the coordinator's queue, the support person's desk,
everyone's load and one person's budget. Reads only; every action posts to the order's own
action views (views/ordering.py) with `next` pointing back here."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kipina.core.htmx import HtmxHttpRequest, render_page_or_partial
from kipina.core.permissions import require_perm
from kipina.core.querystrings import filters_querystring
from kipina.orders import selectors
from kipina.orders.enums import OrderState
from kipina.orders.queue_forms import LoadFilterForm, OrderListFilterForm, QueueFilterForm
from kipina.org.selectors import PAGE_SIZE


@require_perm("orders.order")
def my_orders(request: HtmxHttpRequest) -> HttpResponse:
    form = OrderListFilterForm(request.GET or None)
    orders = selectors.my_orders(user=request.user, state=form.state_filter())
    page = selectors.paginate(orders, request.GET.get("page"), PAGE_SIZE)
    person = getattr(request.user, "person", None)
    context = {
        "form": form,
        "page": page,
        "querystring": filters_querystring(request),
        "team": None,
        "my_team": person.team if person is not None and person.team_id else None,
        "list_url": request.path,
    }
    return render_page_or_partial(request, "orders/order_list.html", "results", context)


@login_required
def team_orders(request: HtmxHttpRequest, code: str) -> HttpResponse:
    team = selectors.team_for_viewer(user=request.user, code=code)
    form = OrderListFilterForm(request.GET or None)
    orders = selectors.team_orders(team=team, state=form.state_filter())
    page = selectors.paginate(orders, request.GET.get("page"), PAGE_SIZE)
    context = {
        "form": form,
        "page": page,
        "querystring": filters_querystring(request),
        "team": team,
        "list_url": request.path,
    }
    return render_page_or_partial(request, "orders/order_list.html", "results", context)


@require_perm("orders.view_queue")
def queue(request: HtmxHttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None)
    orders = selectors.queue_orders(**form.filters())
    page = selectors.paginate(orders, request.GET.get("page"), selectors.QUEUE_PAGE_SIZE)
    page = selectors.with_suggestions(page)
    context = {
        "form": form,
        "page": page,
        "querystring": filters_querystring(request),
        "here": request.get_full_path(),
        "submitted": OrderState.SUBMITTED,
    }
    return render_page_or_partial(request, "orders/queue.html", "results", context)


@require_perm("orders.use_desk")
def desk(request: HttpRequest) -> HttpResponse:
    support_person = selectors.support_profile_of(request.user)
    context: dict = {"support_person": support_person}
    if support_person is not None:
        first, last = selectors.month_range(0, selectors.DESK_BUDGET_MONTHS - 1)
        context.update(
            page=selectors.paginate(
                selectors.desk_orders(support_person), request.GET.get("page"), PAGE_SIZE
            ),
            budget=selectors.budget_months(support_person, first, last),
            open_orders=selectors.claimable_orders(support_person),
            here=request.path,
            this_month=first,
            assigned=OrderState.ASSIGNED,
            delivered=OrderState.DELIVERED,
        )
    return render(request, "orders/desk.html", context)


@require_perm("orders.view_load")
def load(request: HtmxHttpRequest) -> HttpResponse:
    form = LoadFilterForm(request.GET or None)
    rows = selectors.load_rows(**form.filters())
    page = selectors.with_support_persons(
        selectors.paginate(rows, request.GET.get("page"), selectors.LOAD_PAGE_SIZE)
    )
    first, last = selectors.month_range(0, selectors.LOAD_MONTHS - 1)
    context = {
        "form": form,
        "page": page,
        "querystring": filters_querystring(request),
        "first_month": first,
        "last_month": last,
    }
    return render_page_or_partial(request, "orders/load.html", "results", context)


@login_required
def budget(request: HttpRequest, pk: int) -> HttpResponse:
    support_person = selectors.support_person_for_budget(user=request.user, pk=pk)
    first, last = selectors.month_range(
        -selectors.BUDGET_MONTHS_BEFORE, selectors.BUDGET_MONTHS_AFTER
    )
    months = selectors.budget_months(support_person, first, last)
    this_month = selectors.month_range(0, 0)[0]
    context = {
        "support_person": support_person,
        "months": months,
        "this_month": this_month,
        "totals": {
            name: round(sum(getattr(m, name) for m in months), 2)
            for name in ("budget", "logged", "planned", "estimated", "free")
        },
    }
    return render(request, "orders/budget.html", context)
