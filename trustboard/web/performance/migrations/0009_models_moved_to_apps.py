"""The models have moved to the apps by concern (accounts, audit, framework, measures, reports).

Only Django's record of which app owns them changes: the tables stay, with every row. The
content types are renamed too, so that permissions and anything else keyed on them follow.
"""

from django.db import migrations

MOVED = {
    "accounts": ["agency", "agencymembership", "loginattempt"],
    "audit": ["auditevent"],
    "framework": [
        "partnership",
        "area",
        "indicator",
        "target",
        "importbatch",
        "observation",
        "benchmark",
    ],
    "measures": ["measurerun", "measurefigure"],
    "reports": [
        "commentary",
        "commentaryrequest",
        "reportdetails",
        "meetingitem",
        "narrativeedit",
        "reportsnapshot",
        "reportfile",
    ],
}


def _move_content_types(apps, source: str | None, target: str | None) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    for app, models in MOVED.items():
        old, new = source or app, target or app
        for model in models:
            if content_type.objects.filter(app_label=new, model=model).exists():
                continue
            content_type.objects.filter(app_label=old, model=model).update(app_label=new)


def rename_content_types(apps, schema_editor) -> None:
    _move_content_types(apps, "performance", None)


def restore_content_types(apps, schema_editor) -> None:
    _move_content_types(apps, None, "performance")


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("measures", "0001_initial"),
        ("framework", "0001_initial"),
        ("audit", "0001_initial"),
        ("accounts", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("performance", "0008_login_attempts"),
        ("plan", "0002_models_moved_to_apps"),
        ("returns", "0002_models_moved_to_apps"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="agencymembership",
                    name="agency",
                ),
                migrations.RemoveField(
                    model_name="agencymembership",
                    name="user",
                ),
                migrations.RemoveField(
                    model_name="indicator",
                    name="area",
                ),
                migrations.RemoveField(
                    model_name="auditevent",
                    name="actor",
                ),
                migrations.RemoveField(
                    model_name="benchmark",
                    name="batch",
                ),
                migrations.RemoveField(
                    model_name="benchmark",
                    name="indicator",
                ),
                migrations.RemoveField(
                    model_name="commentary",
                    name="author",
                ),
                migrations.RemoveField(
                    model_name="commentary",
                    name="indicator",
                ),
                migrations.RemoveField(
                    model_name="commentaryrequest",
                    name="indicators",
                ),
                migrations.RemoveField(
                    model_name="commentaryrequest",
                    name="requested_by",
                ),
                migrations.RemoveField(
                    model_name="importbatch",
                    name="imported_by",
                ),
                migrations.RemoveField(
                    model_name="observation",
                    name="batch",
                ),
                migrations.RemoveField(
                    model_name="measurerun",
                    name="batch",
                ),
                migrations.RemoveField(
                    model_name="observation",
                    name="indicator",
                ),
                migrations.RemoveField(
                    model_name="target",
                    name="indicator",
                ),
                migrations.DeleteModel(
                    name="LoginAttempt",
                ),
                migrations.RemoveField(
                    model_name="measurefigure",
                    name="run",
                ),
                migrations.RemoveField(
                    model_name="measurerun",
                    name="run_by",
                ),
                migrations.DeleteModel(
                    name="MeetingItem",
                ),
                migrations.RemoveField(
                    model_name="narrativeedit",
                    name="edited_by",
                ),
                migrations.DeleteModel(
                    name="Partnership",
                ),
                migrations.DeleteModel(
                    name="ReportDetails",
                ),
                migrations.RemoveField(
                    model_name="reportfile",
                    name="snapshot",
                ),
                migrations.RemoveField(
                    model_name="reportsnapshot",
                    name="created_by",
                ),
                migrations.DeleteModel(
                    name="Agency",
                ),
                migrations.DeleteModel(
                    name="AgencyMembership",
                ),
                migrations.DeleteModel(
                    name="Area",
                ),
                migrations.DeleteModel(
                    name="AuditEvent",
                ),
                migrations.DeleteModel(
                    name="Benchmark",
                ),
                migrations.DeleteModel(
                    name="Commentary",
                ),
                migrations.DeleteModel(
                    name="CommentaryRequest",
                ),
                migrations.DeleteModel(
                    name="ImportBatch",
                ),
                migrations.DeleteModel(
                    name="Observation",
                ),
                migrations.DeleteModel(
                    name="Indicator",
                ),
                migrations.DeleteModel(
                    name="Target",
                ),
                migrations.DeleteModel(
                    name="MeasureFigure",
                ),
                migrations.DeleteModel(
                    name="MeasureRun",
                ),
                migrations.DeleteModel(
                    name="NarrativeEdit",
                ),
                migrations.DeleteModel(
                    name="ReportFile",
                ),
                migrations.DeleteModel(
                    name="ReportSnapshot",
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(rename_content_types, reverse_code=restore_content_types),
    ]
