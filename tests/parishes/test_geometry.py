"""Parsing and checking parish areas, and the point and overlap tests built on them."""

import json

import pytest
from django.core.exceptions import ValidationError

from parishes import geometry

# A square of about 1.4 km² in Sunderland, corners as [longitude, latitude].
SQUARE = [[-1.39, 54.90], [-1.37, 54.90], [-1.37, 54.91], [-1.39, 54.91], [-1.39, 54.90]]


def polygon(ring=None, *holes):
    return {"type": "Polygon", "coordinates": [ring or SQUARE, *holes]}


def error_of(value) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        geometry.parse_area(value)
    return caught.value


class TestParse:
    def test_polygon_from_text_dict_and_feature(self):
        for value in (json.dumps(polygon()), polygon(), {"type": "Feature", "properties": {}, "geometry": polygon()}):
            area = geometry.parse_area(value)
            assert area.geom_type == "Polygon"
            assert geometry.area_km2(area) == pytest.approx(1.41, rel=0.02)

    def test_multipolygon(self):
        east = [[x + 0.05, y] for x, y in SQUARE]
        area = geometry.parse_area({"type": "MultiPolygon", "coordinates": [[SQUARE], [east]]})
        assert area.geom_type == "MultiPolygon"

    def test_an_open_ring_is_closed(self):
        assert geometry.parse_area(polygon(SQUARE[:-1])).is_valid

    def test_a_hole_is_kept(self):
        hole = [[-1.385, 54.903], [-1.375, 54.903], [-1.375, 54.907], [-1.385, 54.907], [-1.385, 54.903]]
        area = geometry.parse_area(polygon(SQUARE, hole))
        assert not geometry.contains_point(area, 54.905, -1.38)
        assert geometry.contains_point(area, 54.901, -1.388)

    def test_round_trip_through_storage(self):
        area = geometry.parse_area(polygon())
        stored = geometry.to_geojson(area)
        assert json.loads(json.dumps(stored)) == stored
        assert geometry.from_geojson(stored).equals(area)
        assert geometry.bounds(area) == pytest.approx((-1.39, 54.90, -1.37, 54.91))


class TestBadAreas:
    @pytest.mark.parametrize("value", ["{not json", "[1, 2", "42", "[]"])
    def test_not_geojson(self, value):
        error = error_of(value)
        assert error.code == "json"
        assert error.messages == ["The area could not be read. Draw the area on the map again"]

    @pytest.mark.parametrize("value", [None, "", "  ", {}, {"type": "Polygon", "coordinates": []},
                                       {"type": "Polygon", "coordinates": [[]]} ])
    def test_empty(self, value):
        error = error_of(value)
        assert error.code in ("empty", "too_few_points")

    def test_empty_message(self):
        assert error_of("").messages == ["Draw the area on the map, or choose the postcodes it covers"]

    @pytest.mark.parametrize("kind", ["Point", "LineString", "GeometryCollection", None])
    def test_wrong_type(self, kind):
        error = error_of({"type": kind, "coordinates": [-1.38, 54.9]})
        assert error.code == "type"
        assert "not a point or a line" in error.messages[0]

    def test_too_few_points(self):
        error = error_of(polygon([[-1.39, 54.90], [-1.37, 54.90], [-1.39, 54.90]]))
        assert error.code == "too_few_points"
        assert error.messages == ["Each shape in the area needs at least 3 corners. Draw the area again with more corners"]

    def test_coordinates_that_are_not_numbers(self):
        assert error_of(polygon([[-1.39, "north"], [-1.37, 54.90], [-1.37, 54.91], [-1.39, 54.90]])).code == "coordinates"
        assert error_of(polygon([[-1.39, float("nan")], [-1.37, 54.90], [-1.37, 54.91], [-1.39, 54.90]])).code == "coordinates"

    def test_self_intersecting_says_where(self):
        bow_tie = [[-1.39, 54.90], [-1.37, 54.91], [-1.37, 54.90], [-1.39, 54.91], [-1.39, 54.90]]
        error = error_of(polygon(bow_tie))
        assert error.code == "self_intersection"
        assert error.messages == ["The edges of the area cross each other near 54.9050, -1.3800. "
                                  "Draw the area again so that no edges cross"]

    def test_overlapping_parts_of_a_multipolygon(self):
        shifted = [[x + 0.005, y] for x, y in SQUARE]
        error = error_of({"type": "MultiPolygon", "coordinates": [[SQUARE], [shifted]]})
        assert error.code == "invalid"

    def test_no_inside(self):
        flat = [[-1.39, 54.90], [-1.38, 54.90], [-1.37, 54.90], [-1.39, 54.90]]
        assert error_of(polygon(flat)).code in ("empty", "self_intersection", "invalid")

    @pytest.mark.parametrize("ring", [
        [[2.35, 48.85], [2.36, 48.85], [2.36, 48.86], [2.35, 48.86]],  # Paris
        [[-1.39, 49.0], [-1.37, 49.0], [-1.37, 54.91], [-1.39, 54.91]],  # reaches out of the UK
    ])
    def test_outside_the_uk(self, ring):
        error = error_of(polygon(ring))
        assert error.code == "outside_uk"
        assert error.messages == ["The area must be in the United Kingdom. Draw the area again over the place"]

    def test_too_large(self, settings):
        settings.PARISH_MAX_AREA_KM2 = 1
        error = error_of(polygon())
        assert error.code == "too_large"
        assert error.messages == ["The area is too large: it covers 1 km². Draw an area of 1 km² or less"]

    def test_default_limit_refuses_a_county(self):
        county = [[-2.0, 54.5], [-1.0, 54.5], [-1.0, 55.0], [-2.0, 55.0]]
        assert error_of(polygon(county)).code == "too_large"


class TestPointsAndOverlaps:
    def test_inside_on_the_edge_and_outside(self):
        area = geometry.parse_area(polygon())
        assert geometry.contains_point(area, 54.905, -1.38)
        assert geometry.contains_point(area, 54.90, -1.38)  # on the southern edge
        assert not geometry.contains_point(area, 54.92, -1.38)
        assert geometry.points_inside(area, [(54.905, -1.38), (54.92, -1.38)]) == [True, False]
        assert geometry.points_inside(area, []) == []

    def test_overlap_needs_shared_ground(self):
        area = geometry.parse_area(polygon())
        half_over = geometry.parse_area(polygon([[x + 0.01, y] for x, y in SQUARE]))
        touching = geometry.parse_area(polygon([[x + 0.02, y] for x, y in SQUARE]))
        apart = geometry.parse_area(polygon([[x + 0.05, y] for x, y in SQUARE]))
        assert geometry.overlaps(area, half_over)
        assert not geometry.overlaps(area, touching)
        assert not geometry.overlaps(area, apart)


class TestAreaFromPostcodes:
    def test_hull_widened_so_every_postcode_is_inside(self):
        points = [(54.90, -1.39), (54.91, -1.37), (54.90, -1.37), (54.905, -1.38)]
        area = geometry.area_from_points(points)
        assert all(geometry.points_inside(area, points))
        # Widened by about 100 m each way: a point 50 m outside the hull is in, 300 m outside is not.
        assert geometry.contains_point(area, 54.90 - 0.00045, -1.38)
        assert not geometry.contains_point(area, 54.90 - 0.0027, -1.38)
        geometry.parse_area(geometry.to_geojson(area))  # a valid area by the same checks as a drawn one

    def test_one_postcode_makes_a_small_circle(self):
        area = geometry.area_from_points([(54.9, -1.38)])
        assert geometry.area_km2(area) == pytest.approx(0.0314, rel=0.05)

    def test_no_postcodes(self):
        with pytest.raises(ValidationError):
            geometry.area_from_points([])
