"""The one API error body: field paths name list positions, including the first."""

from rest_framework import exceptions, serializers

from covenant.core.api import exception_handler


class Item(serializers.Serializer):
    level = serializers.ChoiceField(choices=["beginner", "expert"])


class Payload(serializers.Serializer):
    name = serializers.CharField()
    tags = serializers.ListField(child=serializers.IntegerField())
    items = Item(many=True)


def _errors(data):
    serializer = Payload(data=data)
    assert not serializer.is_valid()
    response = exception_handler(exceptions.ValidationError(serializer.errors), {})
    assert response.status_code == 400
    assert response.data["code"] == "invalid"
    return {error["field"] for error in response.data["errors"]}


def test_first_list_position_is_kept_for_list_fields_and_nested_serializers():
    fields = _errors({"tags": ["x", 2, "y"], "items": [{"level": "nope"}, {"level": "expert"}, {}]})
    assert fields == {"name", "tags[0]", "tags[2]", "items[0].level", "items[2].level"}


def test_not_found_and_permission_errors_share_the_body():
    response = exception_handler(exceptions.NotFound(), {})
    assert response.data == {"status": 404, "code": "not_found", "message": "Not found.", "errors": []}
