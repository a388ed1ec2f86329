"""Every change to the framework and its figures goes through here.

Keyword-only functions, each one transaction, each writing the audit log, so the web forms,
the CLI and the tests change data the same way and nothing is changed half-way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from trustboard.core import catalogue as core
from trustboard.core.catalogue import Framework
from trustboard.ingest import dfe, published, reader
from trustboard.ingest import observations as ingest
from trustboard.ingest.published import PublishedMapping
from trustboard.measures import store
from trustboard.web.accounts.models import Agency
from trustboard.web.audit.events import AuditType
from trustboard.web.audit.services import record
from trustboard.web.framework.models import (
    Area,
    Benchmark,
    ImportBatch,
    Indicator,
    Observation,
    Partnership,
    Target,
)


def _indicator_fields(indicator: core.Indicator, order: int) -> dict:
    return {
        "title": indicator.title,
        "unit": indicator.unit.value,
        "polarity": indicator.polarity.value,
        "frequency": indicator.frequency.value,
        "basis": indicator.basis.value,
        "aggregation": indicator.aggregation.value,
        "owner": indicator.owner,
        "source": indicator.source,
        "definition": indicator.definition,
        "tolerance": indicator.tolerance,
        "staleness_months": indicator.staleness_months,
        "baseline": indicator.baseline.label if indicator.baseline else "",
        "breakdown_name": indicator.breakdown.name if indicator.breakdown else "",
        "breakdown_values": list(indicator.breakdown.values) if indicator.breakdown else [],
        "spc_rebase": [p.label for p in indicator.spc_rebase],
        "published": [
            {"measure": p.measure, "filters": [list(f) for f in p.filters]}
            for p in indicator.published
        ],
        "order": order,
        "active": True,
    }


@dataclass
class CatalogueResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)


@transaction.atomic
def load_catalogue(
    *, framework: Framework, actor: AbstractBaseUser | None = None
) -> CatalogueResult:
    """Bring the database's copy of the framework in line with a checked framework file.

    Indicators that left the file are retired, not deleted: their figures and history stay.
    """
    result = CatalogueResult()
    p = framework.partnership
    partnership = Partnership.current() or Partnership()
    partnership.name = p.name
    partnership.area_name = p.area_name
    partnership.la_code = p.la_code
    partnership.board = p.board
    partnership.chair = p.chair
    partnership.reporting_period = p.reporting_period.label if p.reporting_period else ""
    partnership.statistical_neighbours = list(p.statistical_neighbours)
    partnership.framework_source = framework.source
    partnership.measures_file = p.measures
    partnership.early_help_measures = dict(p.early_help)
    partnership.save()
    areas = {}
    for area in framework.areas:
        areas[area.code], _ = Area.objects.update_or_create(
            code=area.code, defaults={"name": area.name, "order": area.order}
        )
    for order, indicator in enumerate(framework.indicators):
        fields = _indicator_fields(indicator, order)
        existing = Indicator.objects.filter(code=indicator.code).first()
        before = None
        if existing is not None and existing.observations.exists():
            # Stored figures are labelled in the old periods ("2022/23" as a financial year);
            # re-reading them in another basis would silently change their meaning.
            problems = [
                f"{framework.source}: indicator {indicator.code!r}: field '{field_name}': "
                f"cannot change from {old!r} to {new!r} while figures are loaded for it; "
                "add a new indicator instead"
                for field_name, old, new in (
                    ("period_basis", existing.basis, indicator.basis.value),
                    ("frequency", existing.frequency, indicator.frequency.value),
                )
                if old != new
            ]
            if problems:
                raise core.CatalogueError(problems)
        if existing is not None:
            before = {k: getattr(existing, k) for k in fields} | {"area": existing.area.code}
        row, created = Indicator.objects.update_or_create(
            code=indicator.code, defaults=fields | {"area": areas[indicator.area]}
        )
        old_targets = {t.period: t.value for t in row.targets.all()}
        new_targets = {t.period.label: t.value for t in indicator.targets}
        if old_targets != new_targets:
            row.targets.all().delete()
            for target in indicator.targets:
                Target.objects.create(
                    indicator=row,
                    period=target.period.label,
                    period_start=target.period.start,
                    period_end=target.period.end,
                    value=target.value,
                    note=target.note,
                )
        after = fields | {"area": indicator.area}
        if created:
            result.created.append(indicator.code)
            record(
                actor=actor,
                type=AuditType.INDICATOR_CREATE,
                target=row,
                summary=f"Added indicator {row}",
                after=after | {"targets": new_targets},
            )
        elif before != after or old_targets != new_targets:
            result.updated.append(indicator.code)
            record(
                actor=actor,
                type=AuditType.INDICATOR_UPDATE,
                target=row,
                summary=f"Changed indicator {row}",
                before=before | {"targets": old_targets},
                after=after | {"targets": new_targets},
            )
    _load_agencies(framework, actor)
    codes = {i.code for i in framework.indicators}
    for row in Indicator.objects.filter(active=True).exclude(code__in=codes):
        row.active = False
        row.save(update_fields=["active"])
        result.retired.append(row.code)
        record(
            actor=actor,
            type=AuditType.INDICATOR_RETIRE,
            target=row,
            summary=f"Retired indicator {row}",
        )
    return result


def _load_agencies(framework: Framework, actor) -> None:
    """Agencies in the file are added or renamed; those that left it are retired, not deleted,
    because their returns and memberships stay."""
    for agency in framework.agencies:
        fields = {"name": agency.name, "records_as": agency.records_as, "order": agency.order}
        existing = Agency.objects.filter(code=agency.code).first()
        before = (
            {k: getattr(existing, k) for k in (*fields, "active")} if existing is not None else None
        )
        row, created = Agency.objects.update_or_create(
            code=agency.code, defaults=fields | {"active": True}
        )
        after = fields | {"active": True}
        if created:
            record(
                actor=actor,
                type=AuditType.AGENCY_CREATE,
                target=row,
                summary=f"Added agency {row}",
                after=after,
            )
        elif before != after:
            record(
                actor=actor,
                type=AuditType.AGENCY_UPDATE,
                target=row,
                summary=f"Changed agency {row}",
                before=before,
                after=after,
            )
    if framework.agencies:
        codes = {a.code for a in framework.agencies}
        for row in Agency.objects.filter(active=True).exclude(code__in=codes):
            row.active = False
            row.save(update_fields=["active"])
            record(
                actor=actor,
                type=AuditType.AGENCY_RETIRE,
                target=row,
                summary=f"Retired agency {row}",
            )


def framework_indicators() -> dict[str, core.Indicator]:
    return {
        i.code: i.to_core()
        for i in Indicator.objects.filter(active=True)
        .select_related("area")
        .prefetch_related("targets")
    }


@dataclass
class ImportResult:
    batch: ImportBatch
    already_imported: bool = False
    created: int = 0
    revised: int = 0
    unchanged: int = 0
    benchmarks: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if self.already_imported:
            return (
                f"{self.batch.file_name} was already imported (import #{self.batch.pk} on "
                f"{timezone.localtime(self.batch.imported_at):%d/%m/%Y %H:%M}); nothing changed."
            )
        text = (
            f"Imported {self.batch.file_name} as import #{self.batch.pk}: "
            f"{self.created} new, {self.revised} revised (new vintage), "
            f"{self.unchanged} unchanged"
        )
        if self.benchmarks:
            text += f"; {self.benchmarks} benchmark figures"
        return text + "." + "".join(f" {note}" for note in self.notes)


def _same(observation: Observation, row: ingest.ObservationRow) -> bool:
    return (
        observation.value == row.value
        and observation.numerator == row.numerator
        and observation.denominator == row.denominator
        and observation.status == row.status
    )


def _published_rows(
    name: str, data: bytes, mapping: PublishedMapping | None, table: reader.Table | None = None
) -> published.PublishedFigures:
    """The area's own figures and the benchmarks in a DfE statistics file, for this partnership.

    ``table`` is the file as :func:`import_observations` already read it, so it is not parsed
    again.
    """
    found = dfe.read_dfe(name, data, table=table)
    partnership = Partnership.current()
    return published.published_rows(
        found,
        framework_indicators(),
        area_code=partnership.la_code if partnership else "",
        neighbours=list(partnership.statistical_neighbours) if partnership else [],
        mapping=mapping,
    )


def _store_benchmarks(
    batch: ImportBatch, found: list[tuple[str, dfe.BenchmarkValue]], actor
) -> int:
    """Add or update benchmark figures; a changed published figure is audited."""
    indicators = {i.code: i for i in Indicator.objects.filter(code__in={c for c, _ in found})}
    existing = {
        (b.indicator_id, b.period, b.level, b.code): b
        for b in Benchmark.objects.filter(indicator__in=indicators.values())
    }
    changed = 0
    for code, value in found:
        indicator = indicators[code]
        key = (indicator.pk, value.period.label, value.level, value.code)
        old = existing.get(key)
        fields = {"value": value.cell.value, "symbol": value.cell.symbol or "", "name": value.name}
        if old is not None and all(getattr(old, k) == v for k, v in fields.items()):
            continue
        if old is not None:
            record(
                actor=actor,
                type=AuditType.BENCHMARK_UPDATE,
                target=old,
                summary=f"Restated {old}",
                before={"value": old.value, "symbol": old.symbol},
                after={"value": fields["value"], "symbol": fields["symbol"]},
            )
            for k, v in fields.items():
                setattr(old, k, v)
            old.batch = batch
            old.save()
        else:
            Benchmark.objects.create(
                indicator=indicator,
                period=value.period.label,
                period_start=value.period.start,
                period_end=value.period.end,
                level=value.level,
                code=value.code,
                batch=batch,
                **fields,
            )
        changed += 1
    return changed


def import_observations(
    *,
    name: str,
    data: bytes,
    actor: AbstractBaseUser | None = None,
    analytics_path: str | Path | None = None,
    mapping: PublishedMapping | None = None,
) -> ImportResult:
    """Load a file of observations, or a DfE statistics file, whole or not at all.

    The same file twice is recognised by its hash and changes nothing; a figure that differs
    from the current one for its period becomes a new vintage, and the old one is kept.
    A DfE "explore education statistics" file gives the area's own figures as observations and
    England, regional and statistical-neighbour figures as benchmarks.
    Raises :class:`trustboard.ingest.observations.ImportError_` listing every bad row.
    """
    name = Path(name).name
    # The same file mapped to another indicator on the command line is a different import.
    digest = ingest.content_hash(data + (repr(mapping).encode() if mapping else b""))
    existing = ImportBatch.objects.filter(content_hash=digest).first()
    if existing is not None:
        return ImportResult(existing, already_imported=True)
    # Read once: the headings say which kind of file it is, and the table goes on to be checked.
    table = reader.read_file(name, data, suffixes=ingest.SUPPORTED_SUFFIXES)
    benchmarks: list[tuple[str, dfe.BenchmarkValue]] = []
    notes: list[str] = []
    if dfe.looks_like_dfe(table.header):
        kind = "dfe"
        rows, benchmarks, notes = _published_rows(name, data, mapping, table)
    else:
        kind = "observations"
        rows = ingest.validate(name, data, framework_indicators(), table=table)
    try:
        with transaction.atomic():
            return load_rows(name, digest, kind, rows, benchmarks, notes, actor, analytics_path)
    except IntegrityError:
        # The same file, imported at the same moment by someone else, won the race.
        existing = ImportBatch.objects.filter(content_hash=digest).first()
        if existing is None:
            raise
        return ImportResult(existing, already_imported=True)


def load_rows(
    name: str,
    digest: str,
    kind: str,
    rows: list[ingest.ObservationRow],
    benchmarks: list[tuple[str, dfe.BenchmarkValue]],
    notes: list[str],
    actor,
    analytics_path: str | Path | None,
) -> ImportResult:
    """Write one checked file: batch, observations, benchmarks, audit event, landed rows."""
    batch = ImportBatch.objects.create(
        file_name=name,
        content_hash=digest,
        kind=kind,
        rows=len(rows),
        imported_by=actor if actor is not None and actor.is_authenticated else None,
    )
    result = ImportResult(batch, notes=notes)
    superseded = _store_observations(batch, rows, result)
    result.benchmarks = _store_benchmarks(batch, benchmarks, actor)
    batch.created, batch.revised, batch.unchanged = (
        result.created,
        result.revised,
        result.unchanged,
    )
    batch.save(update_fields=["created", "revised", "unchanged"])
    record(
        actor=actor,
        type=AuditType.OBSERVATIONS_IMPORT,
        target=batch,
        summary=result.summary(),
        after={
            "file": name,
            "hash": digest,
            "kind": kind,
            "rows": len(rows),
            "created": result.created,
            "revised": result.revised,
            "unchanged": result.unchanged,
            "benchmarks": result.benchmarks,
            "revisions": [
                f"{o.indicator.code} {o.period} {o.breakdown}".strip() for o in superseded
            ][:200],
        },
    )
    # Land the rows in the analytic store last: if that fails, the whole import rolls back.
    store.land_observations(
        analytics_path or settings.ANALYTICS_PATH,
        digest,
        name,
        [
            (
                r.row,
                r.indicator,
                r.period.label,
                r.breakdown,
                r.value,
                r.numerator,
                r.denominator,
                r.status,
            )
            for r in rows
        ],
    )
    return result


def _store_observations(
    batch: ImportBatch, rows: list[ingest.ObservationRow], result: ImportResult
) -> list[Observation]:
    """Write new figures and new vintages; return the observations they superseded."""
    indicators = {i.code: i for i in Indicator.objects.filter(active=True)}
    current = {
        (o.indicator_id, o.period, o.breakdown): o
        for o in Observation.objects.filter(
            is_current=True, indicator__code__in={r.indicator for r in rows}
        )
    }
    new: list[Observation] = []
    superseded: list[Observation] = []
    for row in rows:
        indicator = indicators[row.indicator]
        old = current.get((indicator.pk, row.period.label, row.breakdown))
        if old is not None and _same(old, row):
            result.unchanged += 1
            continue
        if old is not None:
            old.is_current = False
            superseded.append(old)
            result.revised += 1
        else:
            result.created += 1
        new.append(
            Observation(
                indicator=indicator,
                period=row.period.label,
                period_start=row.period.start,
                period_end=row.period.end,
                breakdown=row.breakdown,
                value=row.value,
                numerator=row.numerator,
                denominator=row.denominator,
                status=row.status,
                vintage=old.vintage + 1 if old is not None else 1,
                batch=batch,
            )
        )
    Observation.objects.bulk_update(superseded, ["is_current"], batch_size=500)
    Observation.objects.bulk_create(new, batch_size=500)
    return superseded
