"""Permission-matrix rows for Fund administrators' pages on funds and rounds (see tests/test_permission_matrix.py)."""

PAGES: list = []
API: list = []
