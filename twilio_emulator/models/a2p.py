"""US A2P 10DLC: brand registrations (`/v1/a2p/BrandRegistrations`), the campaign of a Messaging Service
(`/v1/Services/{MG}/Compliance/Usa2p`), the use cases a brand may register, and how both are reviewed.

A brand is reviewed once its Trust Hub bundles are approved (D15); a campaign needs an APPROVED brand and is
reviewed in turn (https://www.twilio.com/docs/messaging/compliance/a2p-10dlc). Twilio gives every campaign the same
SID, so a campaign is addressed by its service.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime, time, timezone
from typing import Any

from twilio_contract import A2P_USECASES, AUTH_PLUS_FAILURES, BRAND_TYPES, CAMPAIGN_SID, POLICY_URLS_REQUIRED_SINCE, \
    ErrorCode

from ..exceptions import (AmbiguousCampaignSid, BrandNotApproved, BrandNotFailed, BrandUpdateLimitReached,
                          CampaignAlreadyExists, CampaignContentInvalid, CampaignLimitReached, CampaignSuspended,
                          CampaignUnderReview, InvalidA2PUsecase, InvalidParameter, NotFound, SoleProprietorMismatch)
from ..store import Doc
from .base import new_sid, public
from .messaging import MessagingModel
from .reviews import Review, ReviewsModel, Target

BRAND_STATUSES = ("PENDING", "APPROVED", "FAILED", "IN_REVIEW", "DELETION_PENDING", "DELETION_FAILED", "SUSPENDED")
CAMPAIGN_STATUSES = ("PENDING", "IN_PROGRESS", "VERIFIED", "FAILED", "SUSPENDED")
KEYWORD = re.compile(r"^[A-Za-z0-9]{1,255}$")
#: D36: campaigns created from this instant on fail their review without both policy URLs.
POLICY_URLS_REQUIRED_FROM = int(datetime.combine(POLICY_URLS_REQUIRED_SINCE, time(), timezone.utc).timestamp())


class A2PModel(MessagingModel, ReviewsModel):
    # ------------------------------------------------------------------------------------------- brands
    def _get_brand(self, account_sid: str, sid: str) -> Doc:
        doc = self.tx.get("brand", sid)
        if doc is None or doc["account_sid"] != account_sid:
            raise NotFound(f"/a2p/BrandRegistrations/{sid}")
        return doc

    def create_brand(self, account_sid: str, fields: dict[str, Any]) -> Doc:
        brand_type = fields.get("brand_type") or "STANDARD"  # D21: STANDARD when omitted
        if brand_type not in BRAND_TYPES:
            raise InvalidParameter("BrandType", f"must be one of {', '.join(BRAND_TYPES)}")
        sid = new_sid("BN")
        doc: Doc = {"sid": sid, "account_sid": account_sid,
                    "customer_profile_bundle_sid": fields["customer_profile_bundle_sid"],
                    "a2p_profile_bundle_sid": fields["a2p_profile_bundle_sid"],
                    "date_created": self.now, "date_updated": self.now, "brand_type": brand_type,
                    "status": "PENDING", "tcr_id": None, "failure_reason": None, "errors": [], "brand_score": None,
                    "brand_feedback": None, "identity_status": None, "russell_3000": None, "government_entity": None,
                    "tax_exempt_status": None, "skip_automatic_sec_vet": bool(fields.get("skip_automatic_sec_vet")),
                    "mock": bool(fields.get("mock")), "_updates": 0}
        self.tx.insert("brand", sid, account_sid, doc)
        self._schedule_review("brand", "", doc)
        return public(doc)

    def fetch_brand(self, account_sid: str, sid: str) -> Doc:
        return public(self._get_brand(account_sid, sid))

    def list_brands(self, account_sid: str) -> list[Doc]:
        return [public(d) for d in self.tx.list("brand", account_sid=account_sid)]

    def resubmit_brand(self, account_sid: str, sid: str) -> Doc:
        doc = self._get_brand(account_sid, sid)
        if doc["status"] != "FAILED":
            raise BrandNotFailed(doc["status"])
        if doc["_updates"] >= self.settings.brand_update_limit:
            raise BrandUpdateLimitReached(self.settings.brand_update_limit)
        doc.update({"status": "PENDING", "failure_reason": None, "errors": [], "identity_status": None,
                    "date_updated": self.now, "_updates": doc["_updates"] + 1})
        self._schedule_review("brand", "", doc)
        return public(doc)

    # ----------------------------------------------------------------------------------------- campaigns
    def _get_campaign(self, account_sid: str, service_sid: str, sid: str) -> Doc:
        return self._get_service_child("campaign", account_sid, service_sid, sid, "Compliance/Usa2p")

    def create_campaign(self, account_sid: str, service_sid: str, fields: dict[str, Any]) -> Doc:
        self._get_service(account_sid, service_sid)
        if self.tx.get("campaign", CAMPAIGN_SID, parent_sid=service_sid) is not None:
            raise CampaignAlreadyExists(service_sid)
        brand_sid = fields["brand_registration_sid"]
        brand = self.tx.get("brand", brand_sid)
        if brand is None or brand["account_sid"] != account_sid or brand["status"] != "APPROVED":
            state = "does not exist" if brand is None or brand["account_sid"] != account_sid else \
                f"is {brand['status']}"
            raise BrandNotApproved(brand_sid, state)
        usecase = fields["us_app_to_person_usecase"]
        if usecase not in A2P_USECASES:
            raise InvalidA2PUsecase(usecase)
        sole_prop = brand["brand_type"] == "SOLE_PROPRIETOR"
        if (usecase == "SOLE_PROPRIETOR") != sole_prop:
            raise SoleProprietorMismatch()
        if sole_prop and any(c["brand_registration_sid"] == brand_sid for c in self.tx.list("campaign")):
            raise CampaignLimitReached()
        _check_campaign_content(fields)
        doc: Doc = {
            "sid": CAMPAIGN_SID, "account_sid": account_sid, "brand_registration_sid": brand_sid,
            "messaging_service_sid": service_sid, "description": fields["description"],
            "message_samples": fields["message_samples"], "us_app_to_person_usecase": usecase,
            "has_embedded_links": fields["has_embedded_links"], "has_embedded_phone": fields["has_embedded_phone"],
            "subscriber_opt_in": fields.get("subscriber_opt_in", False), "age_gated": fields.get("age_gated", False),
            "direct_lending": fields.get("direct_lending", False), "campaign_status": "PENDING", "campaign_id": None,
            "is_externally_registered": False, "rate_limits": None, "message_flow": fields["message_flow"],
            "opt_in_message": fields.get("opt_in_message"), "opt_out_message": fields.get("opt_out_message"),
            "help_message": fields.get("help_message"), "opt_in_keywords": fields.get("opt_in_keywords"),
            "opt_out_keywords": fields.get("opt_out_keywords"), "help_keywords": fields.get("help_keywords"),
            "date_created": self.now, "date_updated": self.now, "mock": brand["mock"], "errors": [],
            "privacy_policy_url": fields.get("privacy_policy_url"),
            "terms_and_conditions_url": fields.get("terms_and_conditions_url"),
        }
        self.tx.insert("campaign", CAMPAIGN_SID, account_sid, doc, parent_sid=service_sid)
        self._schedule_review("campaign", service_sid, doc)
        return public(doc)

    def fetch_campaign(self, account_sid: str, service_sid: str, sid: str) -> Doc:
        return public(self._get_campaign(account_sid, service_sid, sid))

    def list_campaigns(self, account_sid: str, service_sid: str) -> list[Doc]:
        self._get_service(account_sid, service_sid)
        return [public(d) for d in self.tx.list("campaign", parent_sid=service_sid)]

    def update_campaign(self, account_sid: str, service_sid: str, sid: str, fields: dict[str, Any]) -> Doc:
        doc = self._get_campaign(account_sid, service_sid, sid)
        status = doc["campaign_status"]
        if status == "SUSPENDED":
            raise CampaignSuspended()
        if status in ("PENDING", "IN_PROGRESS"):
            raise CampaignUnderReview(status)
        _check_campaign_content(fields)
        doc.update(fields)
        doc["date_updated"] = self.now
        if status == "FAILED":  # D5: a corrected campaign goes back to review
            doc.update({"campaign_status": "PENDING", "errors": []})
            self._schedule_review("campaign", service_sid, doc)
        else:
            self.tx.update("campaign", sid, doc, parent_sid=service_sid, keep_review=True)
        return public(doc)

    def delete_campaign(self, account_sid: str, service_sid: str, sid: str) -> None:
        self._get_campaign(account_sid, service_sid, sid)
        self.tx.delete("campaign", sid, parent_sid=service_sid)

    def a2p_usecases(self, account_sid: str, service_sid: str, brand_sid: str | None) -> list[Doc]:
        self._get_service(account_sid, service_sid)
        sole_prop = False
        if brand_sid is not None:
            brand = self.tx.get("brand", brand_sid)
            if brand is None or brand["account_sid"] != account_sid or brand["status"] != "APPROVED":
                return []  # "returns an empty list if there is an issue with the customer's A2P brand registration"
            sole_prop = brand["brand_type"] == "SOLE_PROPRIETOR"
        return [{"code": code, "name": name, "description": f"{name} use case", "post_approval_required": post}
                for code, (name, post) in A2P_USECASES.items() if (code == "SOLE_PROPRIETOR") == sole_prop]

    # ---------------------------------------------------------------------------------- brand review
    def _brand_targets(self, sid: str) -> list[Target] | None:
        return [("brand", "", d) for _, d in self.tx.find("brand", sid)] if sid.startswith("BN") else None

    def _conclude_brand_review(self, doc: Doc) -> None:
        problem = self._brand_bundle_problem(doc)
        if problem:
            self._set_brand_status(doc, "FAILED", problem, ErrorCode.BRAND_BUNDLES_INVALID, None)
        else:
            self._set_brand_status(doc, "APPROVED", None, None, None)

    def _brand_bundle_problem(self, doc: Doc) -> str | None:
        """D15: a brand passes review only if both bundles exist on its account and are twilio-approved."""
        for field, kind, label in (("customer_profile_bundle_sid", "customer_profile", "Customer Profile"),
                                   ("a2p_profile_bundle_sid", "trust_product", "A2P")):
            bundle = self.tx.get(kind, doc[field])
            if bundle is None or bundle["account_sid"] != doc["account_sid"]:
                return f"We were not able to find {label} bundle {doc[field]}"
            if bundle["status"] != "twilio-approved":
                return f"{label} bundle {doc[field]} is {bundle['status']}, not twilio-approved"
        return None

    def _set_brand_status(self, doc: Doc, status: str, reason: str | None, code: int | None,
                          fields: list[str] | None) -> None:
        doc["status"] = status
        if status == "APPROVED":
            doc["tcr_id"] = doc["tcr_id"] or "B" + secrets.token_hex(3).upper()  # D9: only once registered
            doc["identity_status"] = "VERIFIED"
            no_score = doc["brand_type"] == "SOLE_PROPRIETOR" or doc["skip_automatic_sec_vet"]
            doc["brand_score"] = None if no_score else 80
            doc["failure_reason"], doc["errors"] = None, []
        elif status == "PENDING":  # D37: forced PENDING = waiting for the brand contact (Authentication+ 2FA email)
            doc["identity_status"] = "UNVERIFIED"
            doc["failure_reason"], doc["errors"] = None, []
        elif status == "FAILED":
            code = int(code or ErrorCode.BRAND_REGISTRATION_FAILED)
            auth_plus = AUTH_PLUS_FAILURES.get(code)
            reason = reason or auth_plus or "Brand registration failed review"
            doc["failure_reason"] = reason
            doc["identity_status"] = "UNVERIFIED"
            doc["errors"] = [_review_error(code, reason, fields or (["brand_contact_email"] if auth_plus else []))]

    # ------------------------------------------------------------------------------- campaign review
    def _campaign_targets(self, sid: str) -> list[Target] | None:
        if sid.startswith("MG"):
            return [("campaign", p, d) for p, d in self.tx.find("campaign", CAMPAIGN_SID) if p == sid]
        if sid == CAMPAIGN_SID:
            targets: list[Target] = [("campaign", p, d) for p, d in self.tx.find("campaign", CAMPAIGN_SID)]
            if len(targets) > 1:
                raise AmbiguousCampaignSid()
            return targets
        return None

    def _conclude_campaign_review(self, doc: Doc) -> None:
        brand = self.tx.get("brand", doc["brand_registration_sid"])
        missing = _missing_policy_urls(doc)
        if missing:  # D36
            doc["campaign_status"] = "FAILED"
            doc["errors"] = [_review_error(code, f"{name} is required for A2P 10DLC campaign registration", [field])
                             for code, name, field in missing]
        elif brand is not None and brand["status"] == "APPROVED":
            self._set_campaign_status(doc, "VERIFIED", None, None, None)
        else:
            self._set_campaign_status(doc, "FAILED", "The campaign's brand is no longer APPROVED",
                                      ErrorCode.BRAND_NOT_REGISTERED, None)

    def _set_campaign_status(self, doc: Doc, status: str, reason: str | None, code: int | None,
                             fields: list[str] | None) -> None:
        doc["campaign_status"] = status
        if status == "VERIFIED":
            doc["campaign_id"] = doc["campaign_id"] or "C" + secrets.token_hex(3).upper()  # D9
            doc["rate_limits"] = {"att": {"mps": 600, "msg_class": "A"}, "tmobile": {"brand_tier": "TOP"}}
            doc["errors"] = []
        elif status == "FAILED":
            code = int(code or ErrorCode.DISALLOWED_CONTENT)
            doc["errors"] = [_review_error(code, reason or "Campaign registration failed review", fields or [])]


BRAND_REVIEW = Review(
    family="brand", kinds=("brand",), statuses=BRAND_STATUSES,
    outcomes={"approved": "APPROVED", "failed": "FAILED", "rejected": "FAILED", "awaiting_2fa": "PENDING"},
    status_field="status", in_review=None, targets=A2PModel._brand_targets,
    conclude=A2PModel._conclude_brand_review, set_status=A2PModel._set_brand_status)
CAMPAIGN_REVIEW = Review(
    family="campaign", kinds=("campaign",), statuses=CAMPAIGN_STATUSES,
    outcomes={"approved": "VERIFIED", "verified": "VERIFIED", "failed": "FAILED", "rejected": "FAILED"},
    status_field="campaign_status", in_review="IN_PROGRESS", targets=A2PModel._campaign_targets,
    conclude=A2PModel._conclude_campaign_review, set_status=A2PModel._set_campaign_status)


def _review_error(code: int, description: str, fields: list[str]) -> Doc:
    """One entry of a brand's or campaign's `errors[]`, in Twilio's shape."""
    return {"url": f"https://www.twilio.com/docs/api/errors/{code}", "error_code": int(code),
            "description": description, "fields": fields}


def _missing_policy_urls(doc: Doc) -> list[tuple[int, str, str]]:
    """D36: (code, parameter, errors[] field) of each policy URL a campaign created since the cut-off lacks; an empty
    value counts as missing. Campaigns created before the cut-off are never checked."""
    if doc["date_created"] < POLICY_URLS_REQUIRED_FROM:
        return []
    return [(code, name, field) for code, name, key, field in (
        (ErrorCode.PRIVACY_POLICY_URL_REQUIRED, "PrivacyPolicyUrl", "privacy_policy_url", "PRIVACY_POLICY_URL"),
        (ErrorCode.TERMS_URL_REQUIRED, "TermsAndConditionsUrl", "terms_and_conditions_url",
         "TERMS_AND_CONDITIONS_URL"),
    ) if not doc.get(key)]


def _check_campaign_content(fields: dict[str, Any]) -> None:
    """Twilio's documented length rules for campaign content (CampaignContentInvalid), checked synchronously."""
    def length(name: str, value: str | None, low: int, high: int) -> None:
        if value is not None and not low <= len(value) <= high:
            raise CampaignContentInvalid(f"{name} must be {low}-{high} characters (got {len(value)})")

    length("Description", fields.get("description"), 40, 4096)
    length("MessageFlow", fields.get("message_flow"), 40, 2048)
    samples = fields.get("message_samples")
    if samples is not None:
        if not 2 <= len(samples) <= 5:
            raise CampaignContentInvalid(f"MessageSamples must have 2-5 entries (got {len(samples)})")
        for sample in samples:
            length("each MessageSamples entry", sample, 20, 1024)
    for name, key in (("OptInMessage", "opt_in_message"), ("OptOutMessage", "opt_out_message"),
                      ("HelpMessage", "help_message")):
        length(name, fields.get(key), 20, 320)
    for name, key in (("OptInKeywords", "opt_in_keywords"), ("OptOutKeywords", "opt_out_keywords"),
                      ("HelpKeywords", "help_keywords")):
        for word in fields.get(key) or []:
            if not KEYWORD.match(word):
                raise CampaignContentInvalid(f"{name} entries must be alphanumeric, at most 255 characters "
                                             f"(got {word!r})")
