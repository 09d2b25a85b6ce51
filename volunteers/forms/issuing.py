"""The question pages of issued credentials: choosing what to include, withdrawing, and checking a document."""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from covenant.core.forms import ServiceErrorsForm

from ..selectors.issuing import MAX_DOCUMENT_BYTES, document_parse


class _AnyCredentialField(forms.MultipleChoiceField):
    """Offers the credentials that can be included, but lets any other id through to the service, which says
    exactly why it cannot be included (not verified, expired) instead of a bare "not one of the choices"."""

    def valid_value(self, value) -> bool:
        return str(value).isdigit()


def _hint(credential) -> str:
    parts = [str(credential.get_kind_display())]
    if credential.verified_organisation:
        parts.append(gettext("verified by %(name)s") % {"name": credential.verified_organisation.name})
    if credential.expires_on:
        parts.append(gettext("expires %(date)s") % {"date": date_format(credential.expires_on, "j F Y")})
    return ", ".join(parts)


class IssueForm(ServiceErrorsForm):
    credentials = _AnyCredentialField(
        label=_("Which checks do you want to include?"),
        help_text=_("Only verified checks that are in date can be included. The credential shows them to anyone "
                    "you give it to. Your DBS certificate number is never included."),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select at least one verified credential to include"),
                        "invalid_choice": _("Select credentials from your own passport")},
    )

    def __init__(self, *args, passport, issuable, **kwargs):
        super().__init__(*args, **kwargs)
        self.passport = passport
        self.fields["credentials"].choices = [
            Choice(str(credential.pk), str(credential), hint=_hint(credential)) for credential in issuable
        ]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.checkboxes("credentials", legend_size=Size.MEDIUM, legend_tag="h2"),
            Button("submit", _("Issue credential")),
        )

    def clean_credentials(self):
        ids = {int(value) for value in self.cleaned_data["credentials"]}
        found = list(self.passport.credentials.filter(pk__in=ids)) if self.passport else []
        if len(found) != len(ids):
            raise ValidationError(_("Select credentials from your own passport"))
        return found


class RevokeForm(ServiceErrorsForm):
    reason = forms.CharField(
        label=_("Why are you withdrawing it? (optional)"),
        help_text=_("Only you and Covenant’s staff see this."),
        required=False, max_length=200,
        error_messages={"max_length": _("Reason must be 200 characters or fewer")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("reason"),
            Button.warning("submit", _("Withdraw credential")),
        )


class CheckForm(ServiceErrorsForm):
    document = forms.CharField(
        label=_("Paste the credential"),
        help_text=_("The whole JSON document, starting with { and ending with }"),
        required=False, widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
    )
    upload = forms.FileField(
        label=_("Or upload the credential file"), help_text=_("A .json file, smaller than 100 KB"), required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"enctype": "multipart/form-data"}
        self.helper.layout = Layout(
            Field.textarea("document"),
            Field("upload"),
            Button("submit", _("Check credential")),
        )

    def clean(self):
        cleaned = super().clean()
        text, upload = (cleaned.get("document") or "").strip(), cleaned.get("upload")
        if self.errors:
            return cleaned
        if text and upload:
            raise ValidationError(_("Paste the credential or upload its file, not both"))
        if not text and not upload:
            self.add_error("document", _("Paste the credential or choose its file"))
            return cleaned
        if upload:
            if upload.size > MAX_DOCUMENT_BYTES:
                self.add_error("upload", _("The file must be smaller than 100 KB"))
                return cleaned
            raw, field = upload.read(), "upload"
        else:
            if len(text.encode("utf-8")) > MAX_DOCUMENT_BYTES:
                self.add_error("document", _("The credential must be smaller than 100 KB"))
                return cleaned
            raw, field = text, "document"
        try:
            cleaned["parsed"] = document_parse(raw)
        except ValueError as error:
            self.add_error(field, str(error))
        return cleaned
