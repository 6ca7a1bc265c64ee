from django import forms
from django.utils.translation import gettext_lazy as _

from privacy.domain import find_cpr_numbers

from .imports.files import MAX_BYTES


class SupplierSearchForm(forms.Form):
    """The supplier list's search box. A CharField refuses NUL bytes, so odd input gets a field error."""

    q = forms.CharField(required=False, max_length=200, label=_("Søg efter navn eller CVR-nummer"))


class SupplierImportForm(forms.Form):
    """The register file to import. Size and file name are checked here; the content by the import service."""

    file = forms.FileField(
        label=_("Udtræk fra Tilbudsportalen (CSV eller XLSX)"),
        help_text=_(
            "Én række pr. afdeling med leverandørens oplysninger gentaget. CSV skal være gemt som UTF-8 og "
            "adskilt med semikolon eller komma."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("Filen er for stor (%(size)s MB). Den må højst fylde %(limit)s MB."),
                params={"size": f"{upload.size / 1_048_576:.1f}", "limit": MAX_BYTES // 1_048_576},
            )
        if find_cpr_numbers(upload.name or ""):
            raise forms.ValidationError(
                _("Filnavnet ser ud til at indeholde et CPR-nummer. Omdøb filen, og upload den igen.")
            )
        return upload
