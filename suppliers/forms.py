from django import forms
from django.utils.translation import gettext_lazy as _


class SupplierSearchForm(forms.Form):
    """The supplier list's search box. A CharField refuses NUL bytes, so odd input gets a field error."""

    q = forms.CharField(required=False, max_length=200, label=_("Søg efter navn eller CVR-nummer"))
