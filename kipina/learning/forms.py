from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class FrameworkImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Competence framework file (Moodle CSV)"))
    replace = forms.BooleanField(
        label=gettext_lazy("Replace an existing framework with the same idnumber"),
        required=False,
        help_text=gettext_lazy(
            "Otherwise a file whose framework idnumber is already in Kipinä is refused."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A competency framework exported from Moodle or from Kipinä, at most %(size)s."
        ) % {"size": filesizeformat(settings.KIPINA_IMPORT_MAX_BYTES)}
        self.fields["file"].widget.attrs["accept"] = ".csv,text/csv"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.KIPINA_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; the largest file the import takes is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return upload
