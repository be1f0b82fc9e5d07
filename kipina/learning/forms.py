from django import forms
from django.utils.translation import gettext_lazy

from kipina.core.forms import UploadForm


class FrameworkImportForm(UploadForm):
    file = forms.FileField(label=gettext_lazy("Competence framework file (Moodle CSV)"))
    replace = forms.BooleanField(
        label=gettext_lazy("Replace an existing framework with the same idnumber"),
        required=False,
        help_text=gettext_lazy(
            "Otherwise a file whose framework idnumber is already in Kipinä is refused."
        ),
    )
    file_help = gettext_lazy(
        "A competency framework exported from Moodle or from Kipinä, at most %(size)s."
    )
    accept = ".csv,text/csv"
