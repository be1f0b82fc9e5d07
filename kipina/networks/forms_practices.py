"""Input of the practices part: the list's search and filters, writing a practice (with its
link pickers), a comment, the "this helped me" button."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kipina.core.errors import ServiceError
from kipina.networks import selectors_practices as selectors
from kipina.networks.enums import (
    COMMENT_MAX_LENGTH,
    MAX_TAGS,
    NAME_MAX_LENGTH,
    TEXT_MAX_LENGTH,
)
from kipina.networks.services_practices import PracticeInput, parse_tags

QUERY_MAX_LENGTH = 100


class PracticeFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    sort = forms.ChoiceField(
        label=_("Sort by"), required=False, choices=list(selectors.SORTS.items())
    )
    network = forms.IntegerField(required=False, min_value=1)
    tag = forms.IntegerField(required=False, min_value=1)

    def filters(self) -> dict:
        """The valid filters; a parameter that does not validate is left out, not an error."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: value for name, value in data.items() if name not in self.errors and value}


# (field, its search box, the candidates' selector, how a candidate reads)
PICKERS = (
    ("methods", "methods_q", selectors.method_candidates, lambda method: method.title),
    (
        "orders",
        "orders_q",
        selectors.order_candidates,
        lambda order: (
            f"{order.service.name} · {order.team.name} · "
            f"{order.submitted_at:%Y-%m-%d} (#{order.pk})"
        ),
    ),
    ("resources", "resources_q", selectors.resource_candidates, lambda resource: resource.title),
)


def _ids(values) -> list[int]:
    ids = []
    for value in values or []:
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            continue
    return ids


class PracticeForm(forms.Form):
    """A practice's texts, network, tags and links. The link pickers offer what is linked now
    and what the writer's search (`<field>_q`) finds, as checkboxes."""

    network = forms.ModelChoiceField(label=_("Network"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("Title"), max_length=NAME_MAX_LENGTH)
    situation = forms.CharField(
        label=_("The situation"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What was going on, and who was there? Markdown works."),
    )
    what_we_did = forms.CharField(
        label=_("What we did"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    what_we_learned = forms.CharField(
        label=_("What we learned"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=600,
        help_text=_("Separate the tags with commas, at most %(max)d.") % {"max": MAX_TAGS},
    )
    language = forms.ChoiceField(label=_("Language of the text"), choices=settings.LANGUAGES)
    methods_q = forms.CharField(
        label=_("Find methods by title"), required=False, max_length=QUERY_MAX_LENGTH
    )
    methods = forms.TypedMultipleChoiceField(
        label=_("Methods used"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    orders_q = forms.CharField(
        label=_("Find orders by service or team"),
        required=False,
        max_length=QUERY_MAX_LENGTH,
    )
    orders = forms.TypedMultipleChoiceField(
        label=pgettext_lazy("practice links", "Orders"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    resources_q = forms.CharField(
        label=_("Find learning resources by title"),
        required=False,
        max_length=QUERY_MAX_LENGTH,
    )
    resources = forms.TypedMultipleChoiceField(
        label=_("Learning resources"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = selectors.shareable_networks(user).order_by("name")
        source = self.data if self.is_bound else self.initial
        for name, query_name, candidates, label in PICKERS:
            chosen = _ids(self.data.getlist(name) if self.is_bound else source.get(name))
            query = str(source.get(query_name) or "").strip()[:QUERY_MAX_LENGTH]
            found = candidates(user, query, chosen)
            self.fields[name].choices = [(item.pk, label(item)) for item in found]
            self.fields[name].found_nothing = bool(query) and len(found) == len(chosen)

    def clean_tags(self) -> str:
        try:
            return ", ".join(parse_tags(self.cleaned_data.get("tags") or ""))
        except ServiceError as error:
            raise forms.ValidationError(error.message) from error

    def practice_input(self) -> PracticeInput:
        data = self.cleaned_data
        return PracticeInput(
            title=data["title"],
            situation=data["situation"],
            what_we_did=data["what_we_did"],
            what_we_learned=data["what_we_learned"],
            language=data["language"],
            tags=data["tags"],
            method_ids=list(data["methods"]),
            order_ids=list(data["orders"]),
            resource_ids=list(data["resources"]),
        )


def initial_from_post(data) -> dict:
    """The posted values as a form's initial data: the link pickers re-rendered after a
    search, without validating (and showing errors of) a half-written practice."""
    initial: dict = {name: data.get(name, "") for name in data if name != "csrfmiddlewaretoken"}
    for name, _query, _candidates, _label in PICKERS:
        initial[name] = data.getlist(name)
    return initial


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class HelpedForm(forms.Form):
    helped = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1"
    )
