from django.apps import AppConfig


class FrameworkConfig(AppConfig):
    """The performance framework: partnership, areas, indicators, targets, observations with their
    vintages, imports and benchmarks, and the dashboard pages that read them."""

    name = "trustboard.web.framework"
    label = "framework"
    verbose_name = "Performance framework"

    def ready(self) -> None:
        from django.core.cache import cache

        from trustboard.reports import charts

        # Rendered charts are kept in the site's cache, shared by every worker process.
        charts.svg_store = _CacheStore(cache)


class _CacheStore:
    """Django's cache as the chart store: a day's life, then rendered again if asked for."""

    def __init__(self, cache) -> None:
        self.cache = cache

    def get(self, key: str) -> str | None:
        return self.cache.get(key)

    def set(self, key: str, value: str) -> None:
        self.cache.set(key, value, 24 * 60 * 60)
