"""Who may read places data: postcodes and areas are open data, so anyone may."""

import rules

rules.add_perm("places.view_postcode", rules.always_allow)
rules.add_perm("places.view_area", rules.always_allow)
