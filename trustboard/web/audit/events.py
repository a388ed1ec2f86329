"""Every kind of change the audit trail records, named once.

The values are what the trail stores and filters on, so they never change: a new kind of
change is a new member, never a renamed one.
"""

from __future__ import annotations

from enum import StrEnum


class AuditType(StrEnum):
    """What happened, as ``object.verb``; grouped by the app whose service writes it."""

    # framework
    INDICATOR_CREATE = "indicator.create"
    INDICATOR_UPDATE = "indicator.update"
    INDICATOR_RETIRE = "indicator.retire"
    AGENCY_CREATE = "agency.create"
    AGENCY_UPDATE = "agency.update"
    AGENCY_RETIRE = "agency.retire"
    OBSERVATIONS_IMPORT = "observations.import"
    BENCHMARK_UPDATE = "benchmark.update"
    # measures
    RECORDS_IMPORT = "records.import"
    RECORDS_IMPORT_COMPLETED = "records.import_completed"
    MEASURES_COMPUTE = "measures.compute"
    # reports
    COMMENTARY_REQUEST = "commentary.request"
    COMMENTARY_DRAFT = "commentary.draft"
    COMMENTARY_SUBMITTED = "commentary.submitted"
    COMMENTARY_APPROVED = "commentary.approved"
    COMMENTARY_RETURNED = "commentary.returned"
    REPORT_DETAILS = "report.details"
    REPORT_ITEM = "report.item"
    REPORT_ITEM_DELETE = "report.item.delete"
    REPORT_NARRATIVE = "report.narrative"
    REPORT_NARRATIVE_RESTORE = "report.narrative.restore"
    REPORT_FREEZE = "report.freeze"
    REPORT_PUBLISH = "report.publish"
    REPORT_UNPUBLISH = "report.unpublish"
    # returns
    RETURNS_OPEN_ROUND = "returns.open_round"
    RETURNS_SAVE_DRAFT = "returns.save_draft"
    RETURNS_SUBMIT = "returns.submit"
    RETURNS_SEND_BACK = "returns.send_back"
    RETURNS_ACCEPT = "returns.accept"
    RETURNS_REMIND = "returns.remind"
    # plan
    PLAN_IMPORT = "plan.import"
    PLAN_PRIORITY_CREATE = "plan.priority.create"
    PLAN_PRIORITY_UPDATE = "plan.priority.update"
    PLAN_ACTION_CREATE = "plan.action.create"
    PLAN_ACTION_UPDATE = "plan.action.update"
    PLAN_ACTION_EDIT = "plan.action.edit"
    PLAN_UPDATE_ADD = "plan.update.add"

    @property
    def label(self) -> str:
        """How the audit pages name it: "plan.action.edit" reads "Plan action edit"."""
        return self.value.replace(".", " ").replace("_", " ").capitalize()
