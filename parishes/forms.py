"""Forms of the residents' parish pages: the draft's question pages, co-proposers and the one-button actions."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from covenant.core.fields import GovukDateField
from covenant.core.forms import ServiceErrorsForm
from covenant.core.widgets import AreaField

from .services.common import CONSTITUTION_MAX, JUSTIFICATION_MAX, NAME_MAX, PURPOSE_MAX


def _helper(*fields, button: str) -> FormHelper:
    helper = FormHelper()
    helper.layout = Layout(*fields, Button("submit", button))
    return helper


class NameForm(ServiceErrorsForm):
    """Starting a proposal, and changing its name and purpose."""

    name = forms.CharField(
        label=gettext_lazy("What is the pop-up parish called?"), max_length=NAME_MAX,
        help_text=gettext_lazy("For example, Hendon Pop-up Parish"),
        error_messages={"required": gettext_lazy("Enter the name of the pop-up parish"),
                        "max_length": gettext_lazy("Name must be %(limit_value)s characters or fewer")},
    )
    purpose = forms.CharField(
        label=gettext_lazy("What is it for?"), max_length=PURPOSE_MAX, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Say what the parish will do for the area and why it needs to exist. Residents "
                               "read this before they sign"),
        error_messages={"required": gettext_lazy("Enter what the pop-up parish is for"),
                        "max_length": gettext_lazy("Purpose must be 5,000 characters or fewer")},
    )

    def __init__(self, *args, button: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("name"), Field.textarea("purpose", label_size=Size.SMALL), button=button)


class AreaForm(ServiceErrorsForm):
    area = AreaField(label=gettext_lazy("Where is the pop-up parish?"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field("area"), button=_("Save and continue"))


class AreaPostcodesForm(ServiceErrorsForm):
    """An area assembled from the postcodes it covers, for groups who know their streets better than a map."""

    postcodes = forms.CharField(
        label=gettext_lazy("Which postcodes does the area cover?"), max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text=gettext_lazy("Enter each postcode on its own line or separated by commas, like SR2 8AA. The "
                               "area is drawn round them all, with a margin of 100 metres"),
        error_messages={"required": gettext_lazy("Enter at least one postcode the area covers, like SR2 8AA"),
                        "max_length": gettext_lazy("Postcodes must be 5,000 characters or fewer")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("postcodes", label_size=Size.LARGE, label_tag="h1"),
                              button=_("Save and continue"))

    def postcode_list(self) -> list[str]:
        return [p.strip() for p in self.cleaned_data["postcodes"].replace(",", "\n").splitlines() if p.strip()]


class SunsetForm(ServiceErrorsForm):
    # The range (6 to 36 months by default, a setting) is the service's rule, said against this field.
    sunset_on = GovukDateField(
        name=gettext_lazy("The sunset date"), required_message=gettext_lazy("Enter the sunset date"),
        label=gettext_lazy("When should the parish's powers end?"),
        help_text=gettext_lazy("This is the sunset date. For example, 31 3 2028"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The question is the page's heading (GOV.UK's one question per page).
        self.helper = _helper(Field("sunset_on", context={"legend_size": Size.for_legend(Size.LARGE),
                                                          "legend_tag": "h1"}),
                              button=_("Save and continue"))


class ConstitutionForm(ServiceErrorsForm):
    constitution = forms.CharField(
        label=gettext_lazy("Constitution"), max_length=CONSTITUTION_MAX, widget=forms.Textarea(attrs={"rows": 20}),
        help_text=gettext_lazy("How the parish is run. Start from the template and change what your group "
                               "agrees"),
        error_messages={"required": gettext_lazy("Enter the constitution"),
                        "max_length": gettext_lazy("Constitution must be 50,000 characters or fewer")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("constitution", label_size=Size.LARGE, label_tag="h1"),
                              button=_("Save and continue"))


class CoproposerForm(ServiceErrorsForm):
    email = forms.EmailField(
        label=gettext_lazy("Email address of the co-proposer"), max_length=254,
        help_text=gettext_lazy("They must already have a Covenant account with this email address confirmed"),
        error_messages={"required": gettext_lazy("Enter the co-proposer's email address, like name@example.org"),
                        "invalid": gettext_lazy("Enter an email address in the correct format, like "
                                                "name@example.org"),
                        "max_length": gettext_lazy("Email address must be 254 characters or fewer")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("email", spellcheck="false", type="email"), button=_("Add co-proposer"))

    def add_service_errors(self, errors) -> None:
        # The service names the person ("user"); here they were asked for by email.
        if hasattr(errors, "error_dict") and "user" in errors.error_dict:
            for message in errors.message_dict["user"]:
                self.add_error("email", message)
            return
        super().add_service_errors(errors)


class PowersForm(ServiceErrorsForm):
    """One checkbox per power in the catalogue, each with the justification it needs when chosen.

    The template draws the checkboxes with their justifications revealed under them (GOV.UK conditional
    reveal), so the fields are made here per power: `power_<id>` and `justification_<id>`.
    """

    def __init__(self, *args, powers, chosen: dict | None = None, **kwargs):
        chosen = chosen or {}
        super().__init__(*args, **kwargs)
        self.powers = list(powers)
        for power in self.powers:
            self.fields[f"power_{power.pk}"] = forms.BooleanField(
                label=power.name, required=False, initial=power.pk in chosen)
            self.fields[f"justification_{power.pk}"] = forms.CharField(
                label=_("Why does the parish need this power?"), required=False, max_length=JUSTIFICATION_MAX,
                widget=forms.Textarea(attrs={"rows": 3}), initial=chosen.get(power.pk, ""),
                error_messages={"max_length": _("Why the parish needs %(power)s must be 2,000 characters or "
                                                "fewer") % {"power": power.name}},
            )
        self.helper = FormHelper()

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f"power_{power.pk}") for power in self.powers):
            self.add_error(None, _("Choose at least one power or freedom the parish asks for"))
        for power in self.powers:
            if cleaned.get(f"power_{power.pk}") and not (cleaned.get(f"justification_{power.pk}") or "").strip():
                self.add_error(f"justification_{power.pk}",
                               _("Say why the parish needs %(power)s") % {"power": power.name})
        return cleaned

    def rows(self) -> list[dict]:
        return [{"power": power, "checkbox": self[f"power_{power.pk}"],
                 "justification": self[f"justification_{power.pk}"]} for power in self.powers]

    def chosen(self) -> list[tuple]:
        return [(power, self.cleaned_data[f"justification_{power.pk}"]) for power in self.powers
                if self.cleaned_data.get(f"power_{power.pk}")]


class ConfirmForm(ServiceErrorsForm):
    """A single button confirming the action the page describes."""

    def __init__(self, *args, button: str, warning: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Button.warning("submit", button) if warning else Button("submit", button))
