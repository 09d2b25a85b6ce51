"""Permission-matrix rows for the catalogue pages and API (see tests/test_permission_matrix.py)."""

from tests.matrix import Row  # noqa: F401  (the rows' type)

PAGES: list = []
API: list = []
