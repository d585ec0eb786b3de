"""The team's own investment pipeline (项目库): records and their stages, 核验, activities,
annual targets with 序时进度 and stage conversion rates — linked to, never mixed with,
the news-derived knowledge base."""

from __future__ import annotations
