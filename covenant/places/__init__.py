"""Places: postcodes, geocoding, areas (local authority, ward, LSOA) and deprivation."""
