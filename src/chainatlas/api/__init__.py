"""The JSON API (``/api/v1``) and the FastAPI application that also serves the web pages."""
