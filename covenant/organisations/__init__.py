"""Organisations: charities, groups, councils and funders; membership, roles and verification."""
