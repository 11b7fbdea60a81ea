"""The web reading room and JSON API (FastAPI)."""
