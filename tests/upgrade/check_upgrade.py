"""Upgrade a data folder's app database with this code, then read it back through the models.

Run in its own process, so that Django starts on the database under test (``TRUSTBOARD_DATA_DIR``
and, for PostgreSQL, ``DATABASE_URL``) rather than on the test run's own:

    python tests/upgrade/check_upgrade.py prepare APP:MIGRATION ...
        migrate only to the given migrations (the previous release's schema), nothing newer;
    python tests/upgrade/check_upgrade.py upgrade
        migrate as the ``trustboard`` command does on start, migrate again, check that the
        models and the migrations agree, and print what the upgraded rows hold (the same
        figures ``expected_from_sqlite.py`` computes from the old rows) as JSON.

The rows are read through the models at their new homes on purpose: the upgrade is only done
when the new code reads the old rows.
"""

from __future__ import annotations

import importlib
import io
import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from fingerprints import (
    CONTENT_CHECKS,
    EXCLUDED_TABLES,
    canonical_json,
    plain,
    sha256,
    summary,
    table_summary,
)

# Where each model of the app database lives now; their tables keep their names.
MODEL_HOMES: dict[str, tuple[str, ...]] = {
    "trustboard.web.accounts.models": ("Agency", "AgencyMembership", "LoginAttempt"),
    "trustboard.web.audit.models": ("AuditEvent",),
    "trustboard.web.framework.models": (
        "Partnership",
        "Area",
        "Indicator",
        "Target",
        "ImportBatch",
        "Observation",
        "Benchmark",
    ),
    "trustboard.web.measures.models": ("MeasureRun", "MeasureFigure"),
    "trustboard.web.reports.models": (
        "Commentary",
        "CommentaryRequest",
        "ReportDetails",
        "MeetingItem",
        "NarrativeEdit",
        "ReportSnapshot",
        "ReportFile",
    ),
    "trustboard.web.plan.models": ("Priority", "Action", "ActionUpdate", "PlanImport"),
    "trustboard.web.returns.models": ("ReturnRound", "AgencyReturn", "ReminderSent"),
}
# The app the models came from: still installed for its migrations, with no models of its own.
OLD_APP_LABEL = "performance"

# The kind of plain value each model field's type reads as (others are read as they are).
FIELD_KINDS = {
    "BooleanField": "bool",
    "NullBooleanField": "bool",
    "DateTimeField": "datetime",
    "DateField": "date",
    "BinaryField": "blob",
    "JSONField": "json",
    "GenericIPAddressField": "text",
}

Rows = list[list[Any]]


def start() -> None:
    """Start Django on the data folder the environment names, as the command line does."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trustboard.web.settings")
    import django

    django.setup()


def models() -> dict[str, Any]:
    """The models by name, imported from their new homes (an ImportError says which moved
    model is missing)."""
    found: dict[str, Any] = {}
    for module_name, names in MODEL_HOMES.items():
        module = importlib.import_module(module_name)
        for name in names:
            found[name] = getattr(module, name)
    return found


def recorded_migrations() -> list[list[str]]:
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    recorder = MigrationRecorder(connection)
    return sorted([app, name] for app, name in recorder.applied_migrations())


def pending_migrations() -> list[str]:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def _kind(field: Any) -> str:
    return FIELD_KINDS.get(field.get_internal_type(), "")


PREVIOUS_COLUMNS: dict[str, list[str]] = {
    name: table["columns"]
    for name, table in json.loads(
        (Path(__file__).parent / "fixtures/release-0.1/expected.json").read_text()
    )["tables"].items()
}
"""Each table's columns in the previous release. A later release may add columns (a new field,
with its default in the old rows); the old columns are the ones whose rows must read as before."""


def tables() -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Every table in the database (less Django's bookkeeping) read through the model that
    now owns it: row count, the previous release's columns and a digest of all rows over them,
    as the old side wrote them; and, apart, the columns each table gained since."""
    from django.apps import apps
    from django.db import connection

    owners: dict[str, list[Any]] = {}
    for model in apps.get_models(include_auto_created=True):
        owners.setdefault(model._meta.db_table, []).append(model)
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
        described = {
            name: [
                column.name
                for column in connection.introspection.get_table_description(cursor, name)
            ]
            for name in names
            if name not in EXCLUDED_TABLES
        }
    found: dict[str, Any] = {}
    added_columns: dict[str, list[str]] = {}
    for table, db_columns in sorted(described.items()):
        owning = owners.get(table, [])
        if len(owning) != 1:
            found[table] = {"problem": f"{len(owning)} models own this table: {owning}"}
            continue
        model = owning[0]
        fields = {field.column: field for field in model._meta.concrete_fields}
        columns = sorted(db_columns)
        unowned = [column for column in columns if column not in fields]
        unstored = sorted(set(fields) - set(columns))
        if unowned or unstored:
            found[table] = {
                "problem": f"columns with no field: {unowned}; fields with no column: {unstored}"
            }
            continue
        added = sorted(set(columns) - set(PREVIOUS_COLUMNS.get(table, columns)))
        columns = [column for column in columns if column not in added]
        chosen = [fields[column] for column in columns]
        rows = [
            [plain(_kind(field), value) for field, value in zip(chosen, row, strict=True)]
            for row in model._base_manager.values_list(*(field.attname for field in chosen))
        ]
        found[table] = table_summary(columns, rows)
        if added:
            added_columns[table] = added
    return found, added_columns


def _rows(queryset: Any, *spec: str) -> Rows:
    """Rows of a queryset, one value per ``"lookup"`` or ``"lookup:kind"`` in spec."""
    lookups = [item.partition(":")[0] for item in spec]
    kinds = [item.partition(":")[2] for item in spec]
    return [
        [plain(kind, value) for kind, value in zip(kinds, row, strict=True)]
        for row in queryset.values_list(*lookups)
    ]


def _sorted_codes(values: Iterable[str]) -> list[str]:
    return sorted(values)


def content(m: dict[str, Any]) -> dict[str, Rows]:
    """The same rows as expected_from_sqlite.content, through the models and their relations."""
    from django.contrib.auth.models import User
    from django.db.models import Count

    observation = (
        "indicator__code",
        "period",
        "breakdown",
        "value",
        "vintage",
        "is_current:bool",
    )

    def restated() -> Rows:
        rows = _rows(m["Observation"].objects.all(), *observation)
        vintages = Counter(tuple(row[:3]) for row in rows)
        return [row for row in rows if vintages[tuple(row[:3])] > 1]

    def report_files() -> Rows:
        return [
            [snapshot, version, fmt, len(bytes(data)), sha256(bytes(data))]
            for snapshot, version, fmt, data in m["ReportFile"].objects.values_list(
                "snapshot_id", "version", "fmt", "data"
            )
        ]

    def report_snapshots() -> Rows:
        return [
            [
                row.pk,
                row.period,
                row.published,
                row.created_by.username if row.created_by else None,
                plain("datetime", row.created_at),
                sha256(canonical_json(row.board)),
                sha256(canonical_json(row.public)),
            ]
            for row in m["ReportSnapshot"].objects.select_related("created_by")
        ]

    def commentary_requests() -> Rows:
        return [
            [
                row.period,
                row.message,
                plain("date", row.due),
                row.requested_by.username if row.requested_by else None,
                plain("datetime", row.requested_at),
                _sorted_codes(row.indicators.values_list("code", flat=True)),
            ]
            for row in m["CommentaryRequest"].objects.select_related("requested_by")
        ]

    def users() -> Rows:
        return [
            [
                user.username,
                user.email,
                user.is_active,
                user.is_staff,
                user.is_superuser,
                sha256(user.password.encode()),
                _sorted_codes(user.groups.values_list("name", flat=True)),
            ]
            for user in User.objects.all()
        ]

    def plan_actions() -> Rows:
        return [
            [
                action.priority.title,
                action.priority.area.code,
                action.text,
                action.other_responsible,
                action.measures,
                action.board_leads,
                action.timetable,
                action.update_every_months,
                action.order,
                action.owner.username if action.owner else None,
                _sorted_codes(action.agencies.values_list("code", flat=True)),
                _sorted_codes(action.indicators.values_list("code", flat=True)),
            ]
            for action in m["Action"].objects.select_related("priority__area", "owner")
        ]

    checks: dict[str, Callable[[], Rows]] = {
        "observations": lambda: _rows(m["Observation"].objects.all(), *observation),
        "restated_observations": restated,
        "report_files": report_files,
        "report_snapshots": report_snapshots,
        "audit_events": lambda: _rows(
            m["AuditEvent"].objects.order_by("id"),
            *("id", "at:datetime", "actor__username", "action", "object_type", "object_id"),
            *("summary", "before:json", "after:json"),
        ),
        "audit_actions": lambda: [
            [row["action"], row["n"]]
            for row in m["AuditEvent"].objects.order_by().values("action").annotate(n=Count("id"))
        ],
        "commentary": lambda: _rows(
            m["Commentary"].objects.all(),
            *("indicator__code", "period", "status", "text", "note", "author__username"),
            "at:datetime",
        ),
        "commentary_requests": commentary_requests,
        "narrative_edits": lambda: _rows(
            m["NarrativeEdit"].objects.all(),
            *("period", "code", "key", "text", "included:bool", "edited_by__username"),
        ),
        "report_details": lambda: _rows(
            m["ReportDetails"].objects.all(),
            *("period", "report_date:date", "report_to", "meetings", "priorities", "summary"),
            *("forward_plan", "next_meeting"),
        ),
        "meeting_items": lambda: _rows(
            m["MeetingItem"].objects.all(),
            *("period", "order", "title", "body", "recommendations"),
        ),
        "measure_runs": lambda: _rows(
            m["MeasureRun"].objects.all(),
            *("engine", "measures_file", "started_at:datetime", "finished_at:datetime"),
            *("measures", "figures", "batch__content_hash", "run_by__username"),
        ),
        "measure_figures": lambda: _rows(
            m["MeasureFigure"].objects.all(),
            *("measure", "title", "period", "period_start:date", "period_end:date"),
            *("breakdown", "value", "numerator", "denominator"),
        ),
        "targets": lambda: _rows(
            m["Target"].objects.all(),
            *("indicator__code", "period", "period_start:date", "period_end:date", "value"),
            "note",
        ),
        "benchmarks": lambda: _rows(
            m["Benchmark"].objects.all(),
            *("indicator__code", "period", "level", "code", "name", "value", "symbol"),
            "batch__content_hash",
        ),
        "indicators": lambda: _rows(
            m["Indicator"].objects.all(),
            *("code", "title", "area__code", "unit", "polarity", "frequency", "basis"),
            *("aggregation", "owner", "source", "definition", "tolerance", "staleness_months"),
            *("baseline", "breakdown_name", "breakdown_values:json", "spc_rebase:json"),
            *("published:json", "order", "active:bool"),
        ),
        "areas": lambda: _rows(m["Area"].objects.all(), "code", "name", "order"),
        "partnership": lambda: _rows(
            m["Partnership"].objects.all(),
            *("name", "area_name", "la_code", "board", "chair", "reporting_period"),
            *("statistical_neighbours:json", "framework_source"),
        ),
        "import_batches": lambda: _rows(
            m["ImportBatch"].objects.all(),
            *("file_name", "content_hash", "kind", "imported_at:datetime", "rows", "created"),
            *("revised", "unchanged", "imported_by__username"),
        ),
        "agencies": lambda: _rows(
            m["Agency"].objects.all(), "code", "name", "records_as", "order", "active:bool"
        ),
        "memberships": lambda: _rows(
            m["AgencyMembership"].objects.all(), "user__username", "agency__code"
        ),
        "login_attempts": lambda: _rows(
            m["LoginAttempt"].objects.all(),
            *("at:datetime", "username", "ip_address:text", "outcome"),
        ),
        "users": users,
        "plan_actions": plan_actions,
        "plan_updates": lambda: _rows(
            m["ActionUpdate"].objects.all(),
            *("action__text", "date:date", "text", "author__username"),
            "plan_import__content_hash",
        ),
        "plan_imports": lambda: _rows(
            m["PlanImport"].objects.all(),
            *("file_name", "content_hash", "progress_date:date", "priorities"),
            *("actions_created", "actions_changed", "updates"),
        ),
        "return_rounds": lambda: _rows(
            m["ReturnRound"].objects.all(),
            *("period", "period_start:date", "period_end:date", "financial_year"),
            *("next_financial_year", "due:date", "message", "opened_by__username"),
        ),
        "agency_returns": lambda: _rows(
            m["AgencyReturn"].objects.all(),
            *("round__period", "agency__code", "status", "target_this_year"),
            *("target_next_year", "achieved", "narrative", "barriers", "governance"),
            *("reviewer_comment", "saved_at:datetime", "submitted_at:datetime"),
            *("reviewed_at:datetime", "saved_by__username", "submitted_by__username"),
            "reviewed_by__username",
        ),
        "reminders": lambda: _rows(
            m["ReminderSent"].objects.all(),
            *("agency_return__agency__code", "sent_on:date", "kind", "days", "email"),
            "user__username",
        ),
    }
    missing = set(CONTENT_CHECKS) ^ set(checks)
    assert not missing, f"content checks out of step with fingerprints.py: {missing}"
    return {name: check() for name, check in checks.items()}


def reading(m: dict[str, Any]) -> dict[str, Any]:
    """Everything expected.json holds of the database, as the new models read it."""
    found = content(m)
    found_tables, added_columns = tables()
    return {
        "tables": found_tables,
        "added_columns": added_columns,
        "content": {
            name: summary(found[name], how, keep_order=name == "audit_events")
            for name, how in CONTENT_CHECKS.items()
        },
    }


def homes(m: dict[str, Any]) -> dict[str, Any]:
    """Which class the app registry gives each table, and what is left in the old app."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    registry = {model._meta.db_table: model for model in apps.get_models()}
    return {
        "served_by": {
            model._meta.db_table: f"{model.__module__}.{model.__qualname__}"
            for model in registry.values()
        },
        "not_served_by_new_home": sorted(
            f"{name}: {model._meta.db_table}"
            for name, model in m.items()
            if registry.get(model._meta.db_table) is not model
        ),
        "old_app_installed": any(
            config.label == OLD_APP_LABEL for config in apps.get_app_configs()
        ),
        "models_left_in_old_app": sorted(
            model.__name__ for model in apps.get_models() if model._meta.app_label == OLD_APP_LABEL
        ),
        "stale_content_types": sorted(
            f"{ct.app_label}.{ct.model}"
            for ct in ContentType.objects.all()
            if ct.model_class() is None
        ),
    }


class _RollBack(Exception):
    """Raised to undo the trial writes."""


def writable(m: dict[str, Any]) -> dict[str, str]:
    """Whether new rows can be added after the old ones (ids carry on past the old rows, as
    they must on PostgreSQL too), tried in a transaction that is then rolled back."""
    from django.db import transaction
    from django.db.models import Max
    from django.utils import timezone

    indicator = m["Indicator"].objects.order_by("id").first()
    trials: dict[str, Callable[[], Any]] = {
        "LoginAttempt": lambda: m["LoginAttempt"].objects.create(
            at=timezone.now(), username="upgrade-check", ip_address=None, outcome="failed"
        ),
        "AuditEvent": lambda: m["AuditEvent"].objects.create(
            action="upgrade.check", object_type="Upgrade", summary="trial write"
        ),
        "Commentary": lambda: m["Commentary"].objects.create(
            indicator=indicator, period="Q1 2024/25", text="trial write"
        ),
    }
    found: dict[str, str] = {}
    for name, create in trials.items():
        highest = m[name].objects.aggregate(Max("id"))["id__max"] or 0
        try:
            with transaction.atomic():
                row = create()
                found[name] = "ok" if row.pk > highest else f"id {row.pk} not past {highest}"
                raise _RollBack
        except _RollBack:
            pass
        except Exception as error:
            found[name] = f"{type(error).__name__}: {error}"
    return found


def _migrate(**options: Any) -> str:
    """Migrate as the command line does on start (``cli.folder.open_data_folder``), keeping
    the output."""
    from django.core.management import call_command

    out = io.StringIO()
    call_command("migrate", interactive=False, stdout=out, **options)
    return out.getvalue()


def _makemigrations_check() -> dict[str, Any]:
    """Whether the models and the migrations agree: ``makemigrations --check --dry-run``."""
    from django.core.management import call_command

    out = io.StringIO()
    code: Any = 0
    try:
        call_command("makemigrations", check=True, dry_run=True, interactive=False, stdout=out)
    except SystemExit as stop:
        code = stop.code
    return {"exit": code, "output": out.getvalue()}


def prepare(targets: Sequence[str]) -> dict[str, Any]:
    """Bring an empty database to the given migrations only: the previous release's schema."""
    start()
    for target in targets:
        app, _, name = target.partition(":")
        _migrate(app_label=app, migration_name=name, verbosity=0)
    return {"migrations": recorded_migrations()}


def upgrade() -> dict[str, Any]:
    """Upgrade, read everything back, then show a second migrate changes nothing."""
    start()
    before = recorded_migrations()
    _migrate(verbosity=0)
    after = recorded_migrations()
    m = models()
    first = reading(m)
    second_output = _migrate(verbosity=1)
    result = {
        "migrations_before": before,
        "migrations_after": after,
        "applied": [pair for pair in after if pair not in before],
        "pending_after": pending_migrations(),
        "second_migrate": {
            "output": second_output,
            "migrations_after": recorded_migrations(),
            "pending_after": pending_migrations(),
        },
        "makemigrations": _makemigrations_check(),
        "homes": homes(m),
        "writable": writable(m),
        **first,
    }
    # After the trial writes were rolled back and the second migrate ran, nothing has moved.
    result["second_migrate"]["reading_unchanged"] = reading(m) == first
    return result


def main(argv: Sequence[str]) -> int:
    if not argv or argv[0] not in {"prepare", "upgrade"}:
        print(__doc__, file=sys.stderr)
        return 2
    result = prepare(argv[1:]) if argv[0] == "prepare" else upgrade()
    json.dump(result, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
