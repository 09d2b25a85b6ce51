"""Permission-matrix rows for Assessors' and fund administrators' pages on applications (see tests/test_permission_matrix.py)."""

PAGES: list = []
API: list = []
