"""API 2010 Addresses on api.twilio.com (https://www.twilio.com/docs/usage/api/address)."""

from __future__ import annotations

from typing import Any

from ..params import Param
from .core import Ctx, collection, v2010_dates

ADDRESS_PARTS = (Param("CustomerName"), Param("Street"), Param("City"), Param("Region"), Param("PostalCode"),
                 Param("FriendlyName"), Param("EmergencyEnabled", "bool"), Param("AutoCorrectAddress", "bool"),
                 Param("StreetSecondary"))
CREATE_ADDRESS = (*(Param(p.name, p.kind, p.name in ("CustomerName", "Street", "City", "Region", "PostalCode"))
                    for p in ADDRESS_PARTS), Param("IsoCountry", required=True))
ADDRESS_FILTERS = (Param("CustomerName"), Param("FriendlyName"), Param("EmergencyEnabled", "bool"),
                   Param("IsoCountry"))


def address(ctx: Ctx, doc: dict[str, Any]) -> dict[str, Any]:
    out = v2010_dates(doc)
    out["uri"] = f"/2010-04-01/Accounts/{doc['account_sid']}/Addresses/{doc['sid']}.json"
    return out


ADDRESSES = "/2010-04-01/Accounts/{account_sid}/Addresses"
HOST = "api"
OPERATIONS = collection(ADDRESSES + ".json", ADDRESSES + "/{sid}.json", "address", address, key="addresses",
                        plural="addresses", create_form=CREATE_ADDRESS, update_form=ADDRESS_PARTS,
                        filters=ADDRESS_FILTERS, v2010=True)
