from tests.rebates.conftest import quarter_with_sales  # noqa: F401 — sales in February–April 2016
