"""The public search of awards: by area (a local authority, or a postcode in it), programme and organisation."""

import re

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from covenant.core.forms import ServiceErrorsForm
from covenant.places.postcodes import normalise_postcode

from . import areas

_AREA_CODE = re.compile(r"^[EWSN][0-9]{8}$")


class AwardSearchForm(ServiceErrorsForm):
    postcode = forms.CharField(label=gettext_lazy("Postcode"), required=False, max_length=20,
                               help_text=gettext_lazy("Awards helping its local authority. For example, SR2 8AA"),
                               error_messages={"max_length": gettext_lazy("Enter a real postcode, like SR2 8AA")})
    local_authority = forms.ChoiceField(label=gettext_lazy("Local authority"), required=False,
                                        error_messages={"invalid_choice": gettext_lazy(
                                            "Choose a local authority from the list")})
    programme = forms.ChoiceField(label=gettext_lazy("Programme"), required=False,
                                  error_messages={"invalid_choice": gettext_lazy("Choose a programme from the list")})
    organisation = forms.CharField(label=gettext_lazy("Organisation"), required=False, max_length=200,
                                   help_text=gettext_lazy("Part of its name, or its identifier like GB-CHC-1164883"),
                                   error_messages={"max_length": gettext_lazy(
                                       "Enter 200 characters or fewer for the organisation")})

    def __init__(self, *args, local_authorities, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.programmes = {str(programme.pk): programme for programme in programmes}
        self.fields["local_authority"].choices = [("", _("Any local authority"))] + [
            (authority.code, authority.name or authority.code) for authority in local_authorities]
        self.fields["programme"].choices = [("", _("Any programme"))] + [
            (str(programme.pk), f"{programme.name} ({programme.fund.name})") for programme in programmes]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(Field.text("postcode", field_width=10), Field.select("local_authority"),
                                    Field.select("programme"), Field.text("organisation"),
                                    Button.secondary("search", _("Search awards")))

    def clean_postcode(self) -> str:
        """The postcode's local authority code ('' when none was given)."""
        text = (self.cleaned_data.get("postcode") or "").strip()
        if not text:
            return ""
        if _AREA_CODE.match(text.upper()):
            raise ValidationError(_("Enter a postcode, like SR2 8AA, or choose a local authority"))
        try:
            normalise_postcode(text)
        except ValidationError:
            raise ValidationError(_("Enter a real postcode, like SR2 8AA")) from None
        try:
            area = areas.resolve(text)
        except ValidationError as error:
            raise ValidationError(error.messages[0]) from None
        if area.local_authority is None:
            raise ValidationError(_("We do not know the local authority of %(postcode)s: choose one from the list")
                                  % {"postcode": area.code})
        self.postcode_area = area
        return area.local_authority.code

    def search_arguments(self) -> dict:
        data = self.cleaned_data
        return {"local_authority": data.get("postcode") or data.get("local_authority") or "",
                "programme": self.programmes.get(data.get("programme") or ""),
                "organisation": data.get("organisation") or ""}
