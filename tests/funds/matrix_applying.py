"""Permission-matrix rows for Applicants' pages on community funds (see tests/test_permission_matrix.py)."""

PAGES: list = []
API: list = []
