"""Routers of the web app: the JSON API of the explorer (``api``) and the HTML pages (``pages``)."""
