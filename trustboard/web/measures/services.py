"""Run the measures and bring their figures into the app: observations and measure figures.

Only aggregates cross from the analytic store into the app database, and only the
partnership's own area: record-level data stays where it was imported. A measure that feeds an
indicator writes through the same path as an imported file, so an unchanged run changes
nothing, and a changed figure becomes a new vintage with the old one kept.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from dataclasses import replace as replace_fields
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from trustboard.core import formatting, periods
from trustboard.ingest import observations as ingest
from trustboard.ingest import records, statutory
from trustboard.ingest.record_store import stored_imports
from trustboard.ingest.record_values import EARLIEST_DATE
from trustboard.measures import compute, store
from trustboard.measures.definitions import Measure, load_measures
from trustboard.measures.engines import DuckDBEngine, Engine, SparkEngine
from trustboard.measures.sources import SOURCES
from trustboard.measures.store import coverage as stored_coverage
from trustboard.web.audit.events import AuditType
from trustboard.web.audit.services import record
from trustboard.web.framework import services
from trustboard.web.framework.models import ImportBatch, Indicator, Partnership
from trustboard.web.measures.models import MeasureFigure, MeasureRun


class MeasureProblem(ValueError):
    """The measures cannot be run as asked; the message says why and what to do."""


def partnership_measures_file() -> Path:
    """The measures file the partnership runs: the one its framework names, else (for a data
    folder made before frameworks named one) the file its latest run used."""
    partnership = Partnership.current()
    if partnership is not None and partnership.measures_file:
        return Path(partnership.measures_file)
    run = MeasureRun.objects.exclude(measures_file="").order_by("-finished_at", "-id").first()
    if run is not None and Path(run.measures_file).is_file():
        return Path(run.measures_file)
    raise MeasureProblem(
        "The framework names no measures file: add 'measures: FILE' to its partnership "
        "section and load it again (trustboard catalogue FILE), or pass --measures FILE."
    )


@dataclass
class ComputeResult:
    run: MeasureRun
    figures: int = 0
    observations: services.ImportResult | None = None
    per_measure: dict[str, int] = field(default_factory=dict)
    withheld: dict[str, str] = field(default_factory=dict)
    """Measure id to what the run could not work out, and why (a return does not say)."""

    def summary(self) -> str:
        text = (
            f"Computed {len(self.per_measure)} measure(s) on {self.run.engine}: "
            f"{self.figures:,} figures for the partnership's area."
        )
        if self.observations is not None:
            if self.observations.already_imported:
                text += " Indicator figures unchanged since the last run."
            else:
                o = self.observations
                text += (
                    f" Indicator figures: {o.created} new, {o.revised} revised (new vintage), "
                    f"{o.unchanged} unchanged."
                )
        for text_of_measure in self.withheld.values():
            text += f" {text_of_measure}"
        return text


def choose(measures: list[Measure], wanted: Iterable[str] | None) -> list[Measure]:
    if not wanted:
        return measures
    wanted = list(wanted)
    known = {m.id for m in measures}
    unknown = [w for w in wanted if w not in known]
    if unknown:
        raise MeasureProblem(
            f"No measure called {', '.join(unknown)}; the measures are: {', '.join(sorted(known))}"
        )
    return [m for m in measures if m.id in wanted]


def open_engine(name: str, store: Path, *, master: str = "local[*]") -> Engine:
    if name == "duckdb":
        return DuckDBEngine.open(store)
    if name == "spark":
        from trustboard.measures.engines import spark_session

        return SparkEngine.from_store(store, session=spark_session(master))
    raise MeasureProblem(f"Unknown engine {name!r}: expected duckdb or spark")


def _area_code() -> str:
    partnership = Partnership.current()
    return partnership.la_code if partnership else ""


def _own(values: list[compute.MeasureValue], area: str) -> list[compute.MeasureValue]:
    """The partnership's own figures; an extract without area codes belongs to it."""
    return [v for v in values if v.area in (area, "")]


def compute_measures(
    *,
    engine: str = "duckdb",
    measures_file: str | Path | None = None,
    only: Iterable[str] | None = None,
    store: str | Path | None = None,
    until: date | None = None,
    actor=None,
    progress: Callable[[Measure, int, float], None] | None = None,
    master: str = "local[*]",
) -> ComputeResult:
    """Evaluate the measures, then store their figures and their indicators' observations."""
    path = Path(measures_file) if measures_file else partnership_measures_file()
    measures = choose(load_measures(path), only)
    store_path = Path(store or settings.ANALYTICS_PATH)
    if not store_path.exists():
        raise MeasureProblem(
            f"There is no analytic store at {store_path}: import record-level extracts first "
            "(trustboard import FILE)."
        )
    reconcile_imports(actor=actor, store=store_path)
    _refuse_dates_out_of_range(store_path)
    started = timezone.now()
    covered = stored_coverage(store_path)
    running = open_engine(engine, store_path, master=master)
    withheld: dict[str, list[str]] = {}
    try:
        results = compute.evaluate_all(
            running,
            measures,
            progress=progress,
            until=until,
            withheld=withheld,
            coverage=covered,
        )
    finally:
        close = getattr(running, "close", None)
        if close is not None:
            close()
    area = _area_code()
    indicators = {i.code: i for i in Indicator.objects.filter(active=True)}
    wanted = {m.indicator for m in measures if m.indicator}
    missing = sorted(wanted - set(indicators))
    if missing:
        raise MeasureProblem(
            f"{path.name} writes indicator(s) {', '.join(missing)}, which the framework does not "
            "have: load a framework with them, or remove 'indicator' from those measures."
        )
    with transaction.atomic():
        run = MeasureRun.objects.create(
            engine=engine,
            measures_file=str(path),
            started_at=started,
            finished_at=timezone.now(),
            measures=len(measures),
            run_by=actor if actor is not None and actor.is_authenticated else None,
        )
        result = ComputeResult(run, withheld=_withheld_text(measures, withheld))
        rows: list[ingest.ObservationRow] = []
        for measure in measures:
            own = _own(results[measure.id], area)
            result.per_measure[measure.id] = len(own)
            MeasureFigure.objects.filter(measure=measure.id).delete()
            figures = []
            latest = max((periods.parse(v.period).start for v in own), default=None)
            for value in own:
                period = periods.parse(value.period)
                figures.append(
                    MeasureFigure(
                        run=run,
                        measure=measure.id,
                        title=measure.title,
                        period=value.period,
                        period_start=period.start,
                        period_end=period.end,
                        breakdown=value.breakdown,
                        value=value.value,
                        numerator=value.numerator,
                        denominator=value.denominator,
                    )
                )
                if measure.indicator:
                    rows.append(
                        ingest.ObservationRow(
                            len(rows) + 1,
                            measure.indicator,
                            period,
                            value.breakdown,
                            value.value,
                            value.numerator if value.denominator is not None else None,
                            value.denominator,
                            # The latest month may still be filling up in the case system.
                            "provisional" if period.start == latest else "final",
                        )
                    )
            MeasureFigure.objects.bulk_create(figures, batch_size=1000)
            result.figures += len(figures)
        run.figures = result.figures
        if rows:
            result.observations = _write_observations(rows, actor, store_path)
            run.batch = result.observations.batch
        run.save(update_fields=["figures", "batch"])
        record(
            actor=actor,
            type=AuditType.MEASURES_COMPUTE,
            target=run,
            summary=result.summary(),
            after={"engine": engine, "measures": result.per_measure},
        )
    return result


def _withheld_text(measures: list[Measure], withheld: dict[str, list[str]]) -> dict[str, str]:
    """What each measure could not work out, for the summary: the periods, and what the
    records that came from a statutory return do not say."""
    texts = {}
    for measure in measures:
        periods_left = withheld.get(measure.id)
        if not periods_left:
            continue
        source = SOURCES[measure.count.source]
        why = "; ".join(
            source.column(column).not_in_returns for column in compute.unknowable(measure)
        )
        span = (
            periods_left[0]
            if len(periods_left) == 1
            else f"{len(periods_left)} periods, {periods_left[0]} to {periods_left[-1]}"
        )
        label = f"{measure.indicator} {measure.title}" if measure.indicator else measure.title
        texts[measure.id] = (
            f"{label}: not computed for {span}, where the records do not say ({why}); "
            "its figures come from the partner who holds them."
        )
    return texts


def _write_observations(rows: list[ingest.ObservationRow], actor, store_path: Path):
    """The indicators' figures, loaded like a file whose content is the figures themselves."""
    content = json.dumps(
        [
            (r.indicator, r.period.label, r.breakdown, r.value, r.numerator, r.denominator)
            for r in rows
        ]
    ).encode()
    statuses = ",".join(r.status for r in rows).encode()
    digest = ingest.content_hash(b"measures:" + content + statuses)
    existing = ImportBatch.objects.filter(content_hash=digest).first()
    if existing is not None:
        return services.ImportResult(existing, already_imported=True)
    name = f"measures-{timezone.now():%Y%m%d-%H%M%S}"
    return services.load_rows(name, digest, "measures", rows, [], [], actor, store_path)


def import_extract(
    *,
    name: str,
    data: bytes,
    source: str | None = None,
    replace: bool = False,
    actor=None,
    store: str | Path | None = None,
) -> records.RecordImportResult:
    """Load an extract into the analytic store and note it (counts only) in the app and audit.

    The app database learns that the file came in and how many records it held, never a
    record: that is what the imports page and the audit trail show. The two stores cannot
    share one transaction, so the store is written first and any import it holds that the app
    database does not (one cut off between the two writes) is completed first, here and before
    every run of the measures (:func:`reconcile_imports`).
    """
    store_path = Path(store or settings.ANALYTICS_PATH)
    completed = reconcile_imports(actor=actor, store=store_path)
    result = records.import_extract(
        Path(name).name,
        data,
        store_path,
        source=source,
        area_code=_area_code(),
        replace=replace,
    )
    if not result.already_imported:
        _note_import(result, actor)
    if completed:
        result = replace_fields(result, notes=(*result.notes, _completed_text(completed)))
    return result


def import_return(
    *,
    files: list[tuple[str, bytes]],
    actor=None,
    store: str | Path | None = None,
) -> records.RecordImportResult:
    """Load the files of one statutory return (SSDA903's tables, a CIN census, an Annex A
    workbook) into the analytic store together, and note it in the app and audit trail like
    an extract: counts only."""
    store_path = Path(store or settings.ANALYTICS_PATH)
    completed = reconcile_imports(actor=actor, store=store_path)
    result = statutory.import_return(
        [statutory.File(Path(name).name, data) for name, data in files],
        store_path,
        area_code=_area_code(),
    )
    if not result.already_imported:
        _note_import(result, actor)
    if completed:
        result = replace_fields(result, notes=(*result.notes, _completed_text(completed)))
    return result


def _refuse_dates_out_of_range(store_path: Path) -> None:
    """Stop before the measures meet a date no record can carry. Imports refuse them now; a
    store filled by an earlier release may hold one, and a period in year 1 or 9999 would
    otherwise stop the run part-way with no file or row named."""
    today = date.today()
    found = store.dates_out_of_range(store_path, EARLIEST_DATE, today)
    if found:
        listed = "; ".join(
            f"{formatting.count(count)} {source} record(s) with {column}"
            for source, column, count in found
        )
        raise MeasureProblem(
            f"The analytic store holds dates outside {EARLIEST_DATE:%Y-%m-%d} to today "
            f"({today:%Y-%m-%d}): {listed}. Correct them in the case system and import the "
            "extract again with --replace; nothing was computed."
        )


def reconcile_imports(
    *, actor=None, store: str | Path | None = None
) -> list[records.RecordImportResult]:
    """Record in the app database, with an audit event, every extract the analytic store holds
    that it does not: an import interrupted after the records were stored (a killed process, a
    database that was busy). The records were checked whole before they were stored, so the
    import is completed rather than undone. Returns those found."""
    store_path = Path(store or settings.ANALYTICS_PATH)
    stored = stored_imports(store_path)
    if not stored:
        return []
    known = set(
        ImportBatch.objects.filter(kind__startswith="records:").values_list(
            "content_hash", flat=True
        )
    )
    missing = [result for result in stored if result.content_hash not in known]
    for result in missing:
        _note_import(result, actor, completed=True)
    return missing


def _completed_text(completed: list[records.RecordImportResult]) -> str:
    names = ", ".join(result.file_name for result in completed)
    return (
        f"Completed the record of {len(completed)} earlier import(s) that had been interrupted "
        f"after their records were stored: {names}."
    )


def _note_import(result: records.RecordImportResult, actor, *, completed: bool = False) -> None:
    """The app database's record of an extract the store holds, and its audit event."""
    with transaction.atomic():
        batch, created = ImportBatch.objects.get_or_create(
            content_hash=result.content_hash,
            defaults={
                "file_name": result.file_name,
                "kind": f"records:{result.source}",
                "rows": result.rows,
                "created": result.rows - result.restated,
                "revised": result.restated,
                "imported_by": actor if actor is not None and actor.is_authenticated else None,
            },
        )
        if not created:
            return
        after = {
            "file": result.file_name,
            "hash": result.content_hash,
            "source": result.source,
            "rows": result.rows,
            "restated": result.restated,
        }
        if completed:
            kind, after["stored_at"] = AuditType.RECORDS_IMPORT_COMPLETED, str(result.imported_at)
            summary = (
                f"Completed the record of an interrupted import of {result.file_name}: "
                f"{formatting.count(result.rows)} {result.source.replace('_', ' ')} records"
            )
        else:
            kind, summary = AuditType.RECORDS_IMPORT, result.summary()
            after["full_refresh"] = result.replaced
            after["ignored_columns"] = list(result.ignored_columns)
            if result.parts:
                after["return"] = result.title
                after["sources"] = {p.source: p.rows for p in result.parts}
        record(actor=actor, type=kind, target=batch, summary=summary, after=after)


class RecordExtracts:
    """Record-level extracts as a kind of file ``framework.imports.import_file`` sends here,
    and statutory returns, whose files ``framework.imports.import_files`` gathers by return."""

    name = "records"

    def recognises(self, *, name: str, data: bytes, source: str | None) -> bool:
        if source is None and statutory.adapter_for(name, data) is not None:
            return True
        return records.recognises(name, data, source)

    def return_of(self, *, name: str, data: bytes) -> str | None:
        """The statutory return a file is part of ("ssda903"), if any."""
        adapter = statutory.adapter_for(name, data)
        return adapter.KIND if adapter is not None else None

    def load_return(self, *, files: list[tuple[str, bytes]], actor) -> records.RecordImportResult:
        return import_return(files=files, actor=actor)

    def load(
        self, *, name: str, data: bytes, actor, source: str | None, replace: bool
    ) -> records.RecordImportResult:
        if source is None and self.return_of(name=name, data=data) is not None:
            return import_return(files=[(name, data)], actor=actor)
        return import_extract(name=name, data=data, source=source, replace=replace, actor=actor)
