from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    """Measures run over the record-level extracts: runs, figures, the early help
    read model and page."""

    name = "trustboard.web.measures"
    label = "measures"
    verbose_name = "Measures"

    def ready(self) -> None:
        from trustboard.web.framework import imports
        from trustboard.web.measures.services import RecordExtracts

        # Record-level extracts come in through the framework's one import path.
        imports.register(RecordExtracts())
