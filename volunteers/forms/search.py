"""The filters of the volunteering search page, read from the address so results can be bookmarked and shared."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from covenant.core.fields import GovukDateField
from covenant.places.postcodes import normalise_postcode_or_outward

from ..selectors.search import need_causes_for_filter, need_skills_for_filter

DISTANCES = [("", _("Any distance")), ("1", _("1 mile")), ("3", _("3 miles")), ("5", _("5 miles")),
             ("10", _("10 miles")), ("25", _("25 miles")), ("50", _("50 miles"))]
REMOTE_CHOICES = [("", _("In person or from home")), ("no", _("In person only")), ("only", _("From home only"))]
SORT_CHOICES = [("", _("Best match")), ("distance", _("Distance")), ("date", _("Soonest")),
                ("relevance", _("Relevance"))]


class NeedSearchForm(forms.Form):
    q = forms.CharField(label=_("Search for volunteering"), required=False, max_length=200, error_messages={
        "max_length": _("Search words must be 200 characters or fewer"),
    })
    postcode = forms.CharField(
        label=_("Postcode"), required=False, max_length=10,
        help_text=_("A full postcode, like SR1 1AD, or the first part, like SR1"),
        error_messages={"max_length": _("Enter a real postcode, like SW1A 1AA")},
    )
    within_miles = forms.TypedChoiceField(
        label=_("Distance"), choices=DISTANCES, required=False, coerce=int, empty_value=None,
        error_messages={"invalid_choice": _("Choose a distance from the list")},
    )
    skill = forms.MultipleChoiceField(
        label=_("Skills"), required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose skills from the list")},
    )
    cause = forms.MultipleChoiceField(
        label=_("Causes"), required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose causes from the list")},
    )
    remote = forms.ChoiceField(label=_("Where"), choices=REMOTE_CHOICES, required=False, error_messages={
        "invalid_choice": _("Choose in person, from home, or both"),
    })
    date_from = GovukDateField(name=_("The start date"), label=_("From"), required=False,
                               help_text=_("For example, 27 3 2026"))
    date_to = GovukDateField(name=_("The end date"), label=_("To"), required=False,
                             help_text=_("For example, 28 3 2026"))
    eligible = forms.BooleanField(label=_("Only what I can sign up to"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False, error_messages={
        "invalid_choice": _("Sort by distance, soonest or relevance"),
    })

    def __init__(self, *args, signed_in: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].choices = [(skill.slug, skill.name) for skill in need_skills_for_filter()]
        self.fields["cause"].choices = [(cause.slug, cause.name) for cause in need_causes_for_filter()]
        if not signed_in:
            del self.fields["eligible"]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_id = "search-filters"
        self.helper.layout = Layout(
            Field.text("q"),
            Fieldset(
                Field.text("postcode", field_width=10), Field.select("within_miles"),
                legend=_("Near"), legend_size=Size.SMALL,
            ),
            Field.radios("remote", legend_size=Size.SMALL, small=True),
            Fieldset(Field("date_from"), Field("date_to"), legend=_("When"), legend_size=Size.SMALL),
            Field.checkboxes("skill", legend_size=Size.SMALL, small=True),
            Field.checkboxes("cause", legend_size=Size.SMALL, small=True),
            *([Field.checkbox("eligible", small=True)] if signed_in else []),
            Field.select("sort"),
            Button.primary("search", _("Search")),
        )

    def clean_postcode(self):
        value = self.cleaned_data["postcode"].strip()
        if not value:
            return ""
        try:
            return normalise_postcode_or_outward(value)
        except ValidationError as error:
            raise ValidationError(error.messages) from None

    def clean(self):
        data = super().clean()
        if data.get("within_miles") and not data.get("postcode") and "postcode" not in self.errors:
            self.add_error("postcode", _("Enter a postcode to search within a distance, like SW1A 1AA"))
        return data

    def search_arguments(self) -> dict:
        """The selector's keyword arguments from the cleaned filters."""
        data = self.cleaned_data
        return {
            "q": data.get("q", ""),
            "postcode": data.get("postcode", ""),
            "within_miles": data.get("within_miles"),
            "skills": data.get("skill") or None,
            "causes": data.get("cause") or None,
            "remote": {"only": True, "no": False}.get(data.get("remote") or ""),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "sort": data.get("sort", ""),
        }
