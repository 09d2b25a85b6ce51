"""Permissions for the open-data feed: published needs are open data, so everyone may read the feed."""

import rules

# The feed carries only what organisations chose to publish, under the Open Government Licence.
rules.add_perm("volunteers.view_opendata_feed", rules.always_allow)
