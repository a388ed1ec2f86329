from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    """The performance framework: catalogue, observations, imports and the dashboard."""

    name = "trustboard.web.performance"
    label = "performance"
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
