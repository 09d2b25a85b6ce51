"""Forms of the commissioning pages: setting an exercise up (details, criteria, lots, evaluators), bidding one
question at a time, declaring conflicts, scoring, awarding and the spend target; cancelling an exercise and
removing an evaluator.

The services judge the values (weights adding up to 100, social value at 10% or more, scores on the scale,
prices); the forms only gather what was typed, so each rule and its message live in one place.
"""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from covenant.core.fields import GovukDateField
from covenant.core.forms import ServiceErrorsForm

from .models import SCALES, CriterionKind, Reservation, SupplierKind

CRITERIA_ROWS = 8
LOT_ROWS = 5
DEFAULT_METHOD = gettext_lazy(
    "Evaluators from the council score each answer on the scale below, on their own and after declaring any "
    "conflict of interest. A criterion's score is the mean of their scores, as a share of the highest score, "
    "times its weight. The contract goes to the most advantageous tender: the highest total score.")


def _helper(*fields, button: str) -> FormHelper:
    helper = FormHelper()
    helper.layout = Layout(*fields, Button("submit", button))
    return helper


def _text(label, *, rows: int = 5, help_text=None, max_length: int = 10000) -> forms.CharField:
    return forms.CharField(label=label, help_text=help_text, required=False, max_length=max_length,
                           widget=forms.Textarea(attrs={"rows": rows}),
                           error_messages={"max_length": gettext_lazy("Enter %(limit_value)s characters or fewer")})


class ExerciseForm(ServiceErrorsForm):
    """An exercise's details: on one page, as they are read together on its public page."""

    service = forms.ModelChoiceField(
        queryset=None, label=gettext_lazy("Which service is being commissioned?"), empty_label=None,
        error_messages={"required": gettext_lazy("Choose a service from your catalogue"),
                        "invalid_choice": gettext_lazy("Choose a service from your catalogue")})
    title = forms.CharField(label=gettext_lazy("Title"), required=False, max_length=200,
                            help_text=gettext_lazy("For example, Youth services from April 2027"),
                            error_messages={"max_length": gettext_lazy("Title must be 200 characters or fewer")})
    description = _text(gettext_lazy("What is being commissioned?"), rows=6)
    value = forms.CharField(label=gettext_lazy("Estimated value in pounds"), required=False, max_length=20,
                            help_text=gettext_lazy("The whole contract, over its full term. For example, 1200000"))
    bids_open_on = GovukDateField(name=gettext_lazy("The date bids open"), required=False,
                                  label=gettext_lazy("When do bids open?"),
                                  help_text=gettext_lazy("Bids are taken from the start of this day. For example, "
                                                         "1 3 2027"))
    bids_close_on = GovukDateField(name=gettext_lazy("The date bids close"), required=False,
                                   label=gettext_lazy("When do bids close?"),
                                   help_text=gettext_lazy("Bids are taken until midnight at the end of this day"))
    scale_max = forms.TypedChoiceField(
        label=gettext_lazy("How are answers scored?"), widget=forms.RadioSelect, coerce=int,
        error_messages={"required": gettext_lazy("Choose a scoring scale of 0 to 5 or 0 to 10"),
                        "invalid_choice": gettext_lazy("Choose a scoring scale of 0 to 5 or 0 to 10")})
    method = _text(gettext_lazy("How will bids be evaluated?"), rows=6,
                   help_text=gettext_lazy("Published on the exercise's page before bids open, with the criteria, "
                                          "weights and the way price and ties are decided"))

    def __init__(self, *args, services=None, button: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scale_max"].choices = [(scale, _("From 0 to %(max)s") % {"max": scale}) for scale in SCALES]
        if services is None:
            del self.fields["service"]
        else:
            self.fields["service"].queryset = services
            self.fields["service"].label_from_instance = lambda s: f"{s.name} ({s.owner.name})"
        self.helper = _helper(
            *([Field.select("service")] if services is not None else []),
            Field.text("title"), Field.textarea("description", rows=6), Field.text("value", field_width=10),
            Field("bids_open_on", context={"legend_size": Size.for_legend(Size.SMALL)}),
            Field("bids_close_on", context={"legend_size": Size.for_legend(Size.SMALL)}),
            Field.radios("scale_max", inline=True), Field.textarea("method", rows=6), button=button)

    def exercise_data(self) -> dict:
        data = {key: value for key, value in self.cleaned_data.items() if key != "service"}
        return data


class RowsForm(ServiceErrorsForm):
    """Rows of the same few fields (criteria, lots), named <prefix>-<row>-<field>. Empty rows are left out, and the
    service's errors, which count only the rows given, are put back on the rows they came from."""

    prefix_name = ""
    row_fields: tuple[str, ...] = ()

    def __init__(self, *args, rows: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.row_count = rows
        self._given: list[int] = []

    def rows(self) -> list[dict]:
        return [{"number": index + 1, **{name: self[f"{self.prefix_name}-{index}-{name}"] for name in self.row_fields}}
                for index in range(self.row_count)]

    def values(self) -> list[dict]:
        given, self._given = [], []
        for index in range(self.row_count):
            row = {name: self.cleaned_data.get(f"{self.prefix_name}-{index}-{name}") for name in self.row_fields}
            if any(value not in (None, "") for value in row.values() if value != Reservation.OPEN):
                given.append(row)
                self._given.append(index)
        return given

    def add_service_errors(self, errors) -> None:
        if not hasattr(errors, "error_dict"):
            return super().add_service_errors(errors)
        for key, messages in errors.message_dict.items():
            parts = key.split("-")
            if len(parts) == 3 and parts[0] == self.prefix_name and parts[1].isdigit() \
                    and int(parts[1]) < len(self._given):
                key = f"{self.prefix_name}-{self._given[int(parts[1])]}-{parts[2]}"
            for message in messages:
                self.add_error(key if key in self.fields else None, message)
        return None


class CriteriaForm(RowsForm):
    prefix_name = "criteria"
    row_fields = ("name", "kind", "weight", "guidance")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, rows=CRITERIA_ROWS, **kwargs)
        kinds = [("", _("Choose a kind")), *CriterionKind.choices]
        for index in range(self.row_count):
            n = index + 1
            self.fields[f"criteria-{index}-name"] = forms.CharField(
                label=_("Name of criterion %(n)s") % {"n": n}, required=False, max_length=200,
                error_messages={"max_length": _("The name of criterion %(n)s must be 200 characters or fewer")
                                % {"n": n}})
            self.fields[f"criteria-{index}-kind"] = forms.ChoiceField(
                label=_("Kind of criterion %(n)s") % {"n": n}, required=False, choices=kinds,
                error_messages={"invalid_choice": _("Choose whether criterion %(n)s is quality, social value or "
                                                    "price") % {"n": n}})
            self.fields[f"criteria-{index}-weight"] = forms.CharField(
                label=_("Weight of criterion %(n)s (%%)") % {"n": n}, required=False, max_length=3,
                error_messages={"max_length": _("Enter the weight of criterion %(n)s as a whole number from 1 to "
                                                "100") % {"n": n}})
            self.fields[f"criteria-{index}-guidance"] = forms.CharField(
                label=_("What should bidders say for criterion %(n)s?") % {"n": n}, required=False,
                max_length=5000, widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={"max_length": _("What bidders should say for criterion %(n)s must be 5,000 "
                                                "characters or fewer") % {"n": n}})
        self.helper = FormHelper()


class LotsForm(RowsForm):
    prefix_name = "lots"
    row_fields = ("title", "description", "value", "reservation", "sme_vcse_bonus")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, rows=LOT_ROWS, **kwargs)
        for index in range(self.row_count):
            n = index + 1
            self.fields[f"lots-{index}-title"] = forms.CharField(
                label=_("Title of lot %(n)s") % {"n": n}, required=False, max_length=200,
                error_messages={"max_length": _("The title of lot %(n)s must be 200 characters or fewer") % {"n": n}})
            self.fields[f"lots-{index}-description"] = forms.CharField(
                label=_("Description of lot %(n)s") % {"n": n}, required=False, max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={"max_length": _("The description of lot %(n)s must be 5,000 characters or fewer")
                                % {"n": n}})
            self.fields[f"lots-{index}-value"] = forms.CharField(
                label=_("Estimated value of lot %(n)s in pounds (optional)") % {"n": n}, required=False,
                max_length=20)
            self.fields[f"lots-{index}-reservation"] = forms.ChoiceField(
                label=_("Who may bid for lot %(n)s?") % {"n": n}, required=False, choices=Reservation.choices,
                initial=Reservation.OPEN,
                error_messages={"invalid_choice": _("Choose who may bid for lot %(n)s") % {"n": n}})
            self.fields[f"lots-{index}-sme_vcse_bonus"] = forms.CharField(
                label=_("Extra points for SMEs and VCSEs in lot %(n)s (0 to 10)") % {"n": n}, required=False,
                max_length=2)
        self.helper = FormHelper()


class EvaluatorForm(ServiceErrorsForm):
    user = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Add an evaluator"), widget=forms.RadioSelect,
                                  empty_label=None)

    def __init__(self, *args, officers, council: str, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        field.queryset = officers
        field.label_from_instance = lambda user: user.display_name
        message = _("Choose an officer of %(council)s") % {"council": council}
        field.error_messages = {"required": message, "invalid_choice": message}
        self.helper = _helper(Field.radios("user", legend_size=Size.MEDIUM, legend_tag="h2"),
                              button=_("Add the evaluator"))


class ConfirmForm(ServiceErrorsForm):
    """A single button confirming what the page describes."""

    def __init__(self, *args, button: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Button("submit", button))


class SupplierForm(ServiceErrorsForm):
    kind = forms.ChoiceField(widget=forms.RadioSelect, choices=SupplierKind.choices)

    def __init__(self, *args, organisation: str, **kwargs):
        super().__init__(*args, **kwargs)
        message = _("Choose what size or kind of organisation %(name)s is") % {"name": organisation}
        field = self.fields["kind"]
        field.label = _("What size or kind of organisation is %(name)s?") % {"name": organisation}
        field.help_text = _("Staff counts include part-time staff. Charities, community interest companies, "
                            "co-operatives and social enterprises are VCSEs")
        field.error_messages = {"required": message, "invalid_choice": message}
        self.helper = _helper(Field.radios("kind", legend_size=Size.LARGE, legend_tag="h1"),
                              button=_("Save and continue"))


class AnswerForm(ServiceErrorsForm):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 12}), required=False, max_length=10000,
                           error_messages={"max_length": gettext_lazy("Your answer must be 10,000 characters or "
                                                                      "fewer")})

    def __init__(self, *args, criterion, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = criterion.name
        self.fields["text"].help_text = criterion.guidance
        self.helper = _helper(Field.textarea("text", label_size=Size.LARGE, label_tag="h1", rows=12),
                              button=_("Save and continue"))


class PriceForm(ServiceErrorsForm):
    price = forms.CharField(label=gettext_lazy("What is your price, in pounds?"), required=False, max_length=20,
                            help_text=gettext_lazy("The whole price for the lot over the contract's term, like "
                                                   "185000"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("price", label_size=Size.LARGE, label_tag="h1", field_width=10),
                              button=_("Save and continue"))


class BidStartForm(forms.Form):
    """Which lot, for which organisation: from the buttons on the bidding page."""

    lot = forms.TypedChoiceField(coerce=int, error_messages={"required": gettext_lazy("Choose a lot"),
                                                             "invalid_choice": gettext_lazy("Choose a lot")})
    organisation = forms.TypedChoiceField(
        coerce=int, error_messages={"required": gettext_lazy("Choose the organisation you bid for"),
                                    "invalid_choice": gettext_lazy("Choose the organisation you bid for")})

    def __init__(self, *args, lots, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lot"].choices = [(lot.pk, lot.title) for lot in lots]
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]


class ConflictForm(ServiceErrorsForm):
    has_conflict = forms.ChoiceField(
        label=gettext_lazy("Do you have a conflict of interest with any of these bidders?"), widget=forms.RadioSelect,
        choices=[("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))],
        help_text=gettext_lazy("For example, you or someone close to you works for, advises or has money in one of "
                               "them"),
        error_messages={"required": gettext_lazy("Select yes if you have a conflict of interest with a bidder"),
                        "invalid_choice": gettext_lazy("Select yes if you have a conflict of interest with a "
                                                       "bidder")})
    details = _text(gettext_lazy("If yes, what is the conflict?"), rows=4, max_length=5000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.radios("has_conflict", legend_size=Size.MEDIUM, legend_tag="h2"),
                              Field.textarea("details", rows=4), button=_("Declare"))

    @property
    def conflict(self) -> bool:
        return self.cleaned_data["has_conflict"] == "yes"


class ScoreForm(ServiceErrorsForm):
    """A score and a comment for each criterion evaluators score."""

    def __init__(self, *args, criteria, scale_max: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        choices = [("", _("Choose a score")), *[(str(n), str(n)) for n in range(scale_max + 1)]]
        for criterion in self.criteria:
            message = _("Enter a score for %(name)s from 0 to %(max)s") % {"name": criterion.name, "max": scale_max}
            self.fields[f"score-{criterion.pk}"] = forms.ChoiceField(
                label=_("Score for %(name)s") % {"name": criterion.name}, required=False, choices=choices,
                error_messages={"invalid_choice": message})
            self.fields[f"comment-{criterion.pk}"] = forms.CharField(
                label=_("Why this score?"), required=False, max_length=5000,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={"max_length": _("The comment on %(name)s must be 5,000 characters or fewer")
                                % {"name": criterion.name}})
        self.helper = FormHelper()

    def rows(self) -> list[dict]:
        return [{"criterion": c, "score": self[f"score-{c.pk}"], "comment": self[f"comment-{c.pk}"]}
                for c in self.criteria]

    def scores(self) -> dict:
        return {c.pk: (self.cleaned_data.get(f"score-{c.pk}"), self.cleaned_data.get(f"comment-{c.pk}", ""))
                for c in self.criteria}


class AwardForm(ServiceErrorsForm):
    contract_value = forms.CharField(
        label=gettext_lazy("What is the contract worth, in pounds?"), required=False, max_length=20,
        help_text=gettext_lazy("Usually the winning bid's price. For example, 185000"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("contract_value", label_size=Size.MEDIUM, field_width=10),
                              button=_("Confirm the award"))


class SpendTargetForm(ServiceErrorsForm):
    percent = forms.CharField(
        label=gettext_lazy("What share of the council's awarded spend should go to SMEs and VCSEs (%)?"),
        required=False, max_length=6, help_text=gettext_lazy("For example, 33"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("percent", label_size=Size.LARGE, label_tag="h1", field_width=4),
                              button=_("Save the target"))


class CancelForm(ServiceErrorsForm):
    reason = _text(gettext_lazy("Why is the exercise cancelled?"), rows=4, max_length=5000,
                   help_text=gettext_lazy("Shown on the exercise's public page and sent to the bidders and followers"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.textarea("reason", label_size=Size.MEDIUM, rows=4),
                                    Button.warning("submit", _("Cancel the exercise")))


class RemoveEvaluatorForm(ServiceErrorsForm):
    reason = _text(gettext_lazy("Why are you removing them?"), rows=4, max_length=5000)

    def __init__(self, *args, scored: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = (
            _("They have scored bids, so say why: their scores will no longer count. They are told") if scored
            else _("Optional. They have not scored any bid yet. They are told"))
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.textarea("reason", label_size=Size.MEDIUM, rows=4),
                                    Button.warning("submit", _("Remove the evaluator")))
