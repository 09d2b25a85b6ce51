"""Shapes on the map of the UK that every app checks the same way: the box the UK lies in, and areas measured flat."""

import math

from shapely.geometry import box

# A generous box around the United Kingdom (Scilly to Shetland, Northern Ireland to Lowestoft). It also holds a
# little of Ireland and the French coast; callers that need more than a sanity check look at postcodes too.
UK_BOUNDS = box(-8.75, 49.8, 1.85, 60.95)

KM_PER_DEGREE_LATITUDE = 110.574
KM_PER_DEGREE_LONGITUDE_AT_EQUATOR = 111.320


def area_km2(geometry) -> float:
    """The area of a shapely geometry in WGS 84 degrees, in square kilometres, measured flat at its middle
    latitude: close enough for neighbourhoods and buildings, which is all the apps draw."""
    if geometry.is_empty:
        return 0.0
    min_lon, min_lat, max_lon, max_lat = geometry.bounds
    middle = math.radians((min_lat + max_lat) / 2)
    return geometry.area * KM_PER_DEGREE_LATITUDE * KM_PER_DEGREE_LONGITUDE_AT_EQUATOR * math.cos(middle)
