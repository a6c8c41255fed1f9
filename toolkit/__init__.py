"""The shared toolkit every app uses and that knows no app: errors shown to users, spreadsheets,
bulk COPY, advisory locks, the fail-open cache, identifier validators, rate limits, request-size
limits and the outage pages. Nothing here imports portal, catalog, training, distributors or
rebates (tests/test_app_layers.py)."""
