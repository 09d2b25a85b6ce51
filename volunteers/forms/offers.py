"""The form for a volunteer's choices about matching's offers."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class OfferPreferencesForm(forms.Form):
    offers_wanted = forms.TypedChoiceField(
        label=gettext_lazy("Do you want us to offer you shifts that suit you?"),
        choices=[("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No, not at the moment"))],
        coerce=lambda value: value == "yes", widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Select yes if you want us to offer you shifts"),
                        "invalid_choice": gettext_lazy("Select yes if you want us to offer you shifts")},
    )
    offers_daily_digest = forms.TypedChoiceField(
        label=gettext_lazy("How often should we tell you about offers?"),
        choices=[("now", gettext_lazy("As each offer is made")), ("daily", gettext_lazy("Once a day, all together"))],
        coerce=lambda value: value == "daily", widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Select how often we should tell you about offers"),
                        "invalid_choice": gettext_lazy("Select how often we should tell you about offers")},
    )
    opted_out_causes = forms.MultipleChoiceField(
        label=gettext_lazy("Causes not to offer you (optional)"), required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": gettext_lazy("Choose causes from the list")},
    )
    opted_out_organisations = forms.MultipleChoiceField(
        label=gettext_lazy("Organisations not to offer you (optional)"), required=False,
        help_text=gettext_lazy("Organisations that have offered you shifts before"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": gettext_lazy("Choose organisations from the list")},
    )

    def __init__(self, *args, causes, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.causes = {str(cause.pk): cause for cause in causes}
        self.organisations = {str(organisation.pk): organisation for organisation in organisations}
        self.fields["opted_out_causes"].choices = [(key, cause.name) for key, cause in self.causes.items()]
        self.fields["opted_out_organisations"].choices = [
            (key, organisation.name) for key, organisation in self.organisations.items()]
        fields = [Field.radios("offers_wanted", legend_size=Size.MEDIUM),
                  Field.radios("offers_daily_digest", legend_size=Size.MEDIUM),
                  Field.checkboxes("opted_out_causes", legend_size=Size.MEDIUM, small=True)]
        if self.organisations:
            fields.append(Field.checkboxes("opted_out_organisations", legend_size=Size.MEDIUM, small=True))
        else:
            del self.fields["opted_out_organisations"]
        self.helper = FormHelper()
        self.helper.layout = Layout(*fields, Button("save", _("Save")))

    def chosen(self) -> dict:
        data = self.cleaned_data
        return {
            "offers_wanted": data["offers_wanted"], "offers_daily_digest": data["offers_daily_digest"],
            "opted_out_causes": [self.causes[key] for key in data["opted_out_causes"]],
            "opted_out_organisations": [self.organisations[key] for key in data.get("opted_out_organisations", [])],
        }
