"""Great-circle distances against known figures, and the radius pre-filter box."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from covenant.places.distance import bounding_box, distance_between, distance_km, distance_miles
from covenant.places.geocoding import Location

LONDON = (51.5074, -0.1278)
PARIS = (48.8566, 2.3522)
EDINBURGH = (55.9533, -3.1883)


def test_london_to_paris_is_about_344_km():
    assert distance_km(*LONDON, *PARIS) == pytest.approx(343.9, abs=0.5)


def test_london_to_edinburgh_is_about_534_km_or_332_miles():
    assert distance_km(*LONDON, *EDINBURGH) == pytest.approx(534.0, abs=1.0)
    assert distance_miles(*LONDON, *EDINBURGH) == pytest.approx(331.8, abs=0.7)


def test_a_degree_of_latitude_is_about_111_km_and_a_point_is_zero_from_itself():
    assert distance_km(0, 0, 1, 0) == pytest.approx(111.19, abs=0.01)
    assert distance_km(*LONDON, *LONDON) == 0


def test_antipodes_are_half_the_circumference_apart():
    assert distance_km(0, 0, 0, 180) == pytest.approx(math.pi * 6371.0088)


def test_distance_between_locations_needs_coordinates():
    a = Location("SW1A 1AA", *LONDON)
    b = Location("EH1 1YZ", *EDINBURGH)
    assert distance_between(a, b) == pytest.approx(distance_km(*LONDON, *EDINBURGH))
    assert distance_between(a, Location("ZE1 0AA", None, None)) is None


uk_lat = st.floats(min_value=49.0, max_value=61.0)
uk_lon = st.floats(min_value=-9.0, max_value=2.0)


@given(lat=uk_lat, lon=uk_lon, radius=st.floats(min_value=0.1, max_value=100),
       bearing=st.floats(min_value=0, max_value=2 * math.pi), fraction=st.floats(min_value=0, max_value=0.999))
def test_every_point_within_the_radius_lies_inside_the_box(lat, lon, radius, bearing, fraction):
    # Walk `fraction` of the radius from the centre along a great circle on the given bearing.
    angular = radius * fraction / 6371.0088
    phi1, lambda1 = math.radians(lat), math.radians(lon)
    phi2 = math.asin(math.sin(phi1) * math.cos(angular) + math.cos(phi1) * math.sin(angular) * math.cos(bearing))
    lambda2 = lambda1 + math.atan2(math.sin(bearing) * math.sin(angular) * math.cos(phi1),
                                   math.cos(angular) - math.sin(phi1) * math.sin(phi2))
    point = (math.degrees(phi2), math.degrees(lambda2))
    assert distance_km(lat, lon, *point) <= radius + 1e-6
    box = bounding_box(lat, lon, radius)
    assert box.contains(*point)


def test_box_is_tight_and_rejects_negative_radius():
    box = bounding_box(*LONDON, 10)
    assert box.max_latitude - box.min_latitude == pytest.approx(2 * 10 / 111.195, rel=1e-3)
    assert box.as_filter() == {
        "latitude__gte": box.min_latitude, "latitude__lte": box.max_latitude,
        "longitude__gte": box.min_longitude, "longitude__lte": box.max_longitude,
    }
    with pytest.raises(ValueError):
        bounding_box(*LONDON, -1)


def test_box_around_a_pole_spans_every_longitude():
    box = bounding_box(89.99, 0, 50)
    assert (box.min_longitude, box.max_longitude, box.max_latitude) == (-180.0, 180.0, 90.0)
