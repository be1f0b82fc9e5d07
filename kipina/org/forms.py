import functools

from django import forms
from django.utils.translation import gettext_lazy as _

from kipina.org import selectors


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Name, job title, email or employee number"),
    )
    unit = forms.ChoiceField(label=_("Unit (with its subunits)"), required=False)
    job_title = forms.ChoiceField(label=_("Job title"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    inactive = forms.BooleanField(label=_("Include people who have left"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Callables: the choices are read only when the form is drawn or a non-empty value is
        # checked, so an htmx request that redraws just the results runs none of these queries.
        self.fields["unit"].choices = _with_all(selectors.directory_unit_choices)
        self.fields["job_title"].choices = _with_all(
            lambda: [(title, title) for title in selectors.job_title_choices()]
        )
        self.fields["language"].choices = _with_all(
            lambda: [(lang.code, lang.display_name) for lang in selectors.language_choices()]
        )
        if user is None or not user.has_perm("org.see_inactive"):
            del self.fields["inactive"]


def _with_all(choices):
    @functools.cache  # one read per form, however often the choices are iterated
    def with_all():
        return [("", _("All")), *choices()]

    return with_all
