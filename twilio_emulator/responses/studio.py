"""Studio v2 Flows on studio.twilio.com (https://www.twilio.com/docs/studio/rest-api/v2/flow)."""

from __future__ import annotations

from typing import Any

from ..models.studio import FLOW_STATUSES
from ..params import Param, enum, sid
from .core import Ctx, collection, v1_dates

CREATE_FLOW = (Param("FriendlyName", required=True), enum("Status", *FLOW_STATUSES, required=True),
               Param("Definition", required=True), Param("CommitMessage"), sid("AuthorSid", "US"))
UPDATE_FLOW = (enum("Status", *FLOW_STATUSES, required=True), Param("FriendlyName"), Param("Definition"),
               Param("CommitMessage"), sid("AuthorSid", "US"))


def flow(ctx: Ctx, doc: dict[str, Any]) -> dict[str, Any]:
    out = v1_dates(doc)
    url = f"{ctx.base}/v2/Flows/{doc['sid']}"
    out["url"] = url
    out["links"] = {"test_users": url + "/TestUsers", "revisions": url + "/Revisions",
                    "executions": url + "/Executions"}
    return out


HOST = "studio"
OPERATIONS = collection("/v2/Flows", "/v2/Flows/{sid}", "flow", flow, key="flows", create_form=CREATE_FLOW,
                        update_form=UPDATE_FLOW)
