"""Server-rendered pages (Jinja2 + htmx + ECharts) of the ChainAtlas web application."""
