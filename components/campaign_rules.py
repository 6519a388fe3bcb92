"""US A2P 10DLC campaign (Usa2p) content rules: the single home of what Twilio would reject.

Both the A2PCampaign provider's ``check()`` (bad input fails before anything is created) and the policy
pack (bad input fails in review) call :func:`campaign_violations`. Pure functions, no Pulumi import, so
both processes can load it cheaply.

Rules follow ../shared/reference/a2p-campaign-requirements.md section 3a (rule ids R01..R28 in the
comments). ``rule`` values are that table's reason codes. Rules in :data:`HEURISTIC_RULES` predict a
*vetting* rejection from wording; they are deterministic but can misfire, so callers may choose to report
them as warnings instead of errors. The others mirror synchronous API errors (217xx) or spec constraints.

Input contract: keys are the A2PCampaign input names; a value that is ``None`` or missing is absent;
callers drop Pulumi unknowns before calling (and may name them in ``unknown_fields`` so a presence rule
does not mistake "not known yet" for "missing").
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "CampaignViolation",
    "HEURISTIC_RULES",
    "US_APP_TO_PERSON_USECASES",
    "campaign_violations",
]


@dataclass(frozen=True)
class CampaignViolation:
    """One reason Twilio (API or vetting) would reject the campaign."""

    field: str
    rule: str
    message: str
    twilio_error_code: int | None


# R09: Usecases codes accepted by POST …/Compliance/Usa2p (upper case, case-sensitive).
US_APP_TO_PERSON_USECASES: frozenset[str] = frozenset(
    {
        "2FA", "ACCOUNT_NOTIFICATION", "AGENTS_FRANCHISES", "CHARITY", "PROXY", "CUSTOMER_CARE",
        "DELIVERY_NOTIFICATION", "EMERGENCY", "FRAUD_ALERT", "HIGHER_EDUCATION", "K12_EDUCATION",
        "LOW_VOLUME", "MARKETING", "MIXED", "POLITICAL", "POLLING_VOTING", "PUBLIC_SERVICE_ANNOUNCEMENT",
        "SECURITY_ALERT", "SOCIAL", "SWEEPSTAKE", "SOLE_PROPRIETOR",
    }
)

# Rules that read wording (vetting predictions), as opposed to API/spec constraints.
HEURISTIC_RULES: frozenset[str] = frozenset(
    {
        "opt_in_keywords_missing",
        "non_https_url",
        "public_url_shortener",
        "sample_missing_brand_name",
        "sample_missing_opt_out",
        "embedded_link_mismatch",
        "embedded_phone_mismatch",
        "opt_in_message_content",
        "opt_out_message_content",
        "help_message_content",
        "message_flow_disclosures",
        "optin_checkbox_prechecked",
        "direct_lending_not_declared",
        "forbidden_content",
    }
)

# Twilio fills these with Default/Advanced Opt-Out; a flow that says "text STOP to …" is not an opt-in.
_DEFAULT_OPT_OUT_KEYWORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"})
_DEFAULT_HELP_KEYWORDS = frozenset({"HELP", "INFO"})

_BRAND_SID = re.compile(r"^BN[0-9a-fA-F]{32}$")
_MESSAGING_SERVICE_SID = re.compile(r"^MG[0-9a-fA-F]{32}$")
_KEYWORD = re.compile(r"^[A-Za-z0-9]+$")
_HTTP_URL = re.compile(r"\bhttp://", re.IGNORECASE)
_URL = re.compile(
    r"(?:\bhttps?://\S+|\bwww\.\S+|(?<![@\w.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|io|co|us|ly|gl|me|info|biz|app)"
    r"(?:/\S*)?\b)",
    re.IGNORECASE,
)
# A templated link such as "[link]", "{url}" or "<URL>" counts as a declared link.
_LINK_PLACEHOLDER = re.compile(r"[\[{<]\s*(?:link|url|short[_ ]?link|website)[^\]}>]*[\]}>]", re.IGNORECASE)
_URL_SHORTENERS = (
    "bit.ly", "tinyurl.com", "goo.gl", "t.co", "ow.ly", "is.gd", "buff.ly", "rebrand.ly", "cutt.ly",
    "shorturl.at", "tiny.cc", "rb.gy", "bl.ink", "t.ly", "s.id", "v.gd",
)
_SHORTENER = re.compile(
    r"(?:^|[\s/@(\"'])(?:https?://)?(?:www\.)?(" + "|".join(re.escape(d) for d in _URL_SHORTENERS) + r")(?:/|\b)",
    re.IGNORECASE,
)
# NANP number: optional +1, area code and exchange start with 2-9.
_PHONE = re.compile(r"(?<!\d)(?:\+?1[\s.-]?)?\(?[2-9]\d{2}\)?[\s.-]?[2-9]\d{2}[\s.-]?\d{4}(?!\d)")
_PHONE_PLACEHOLDER = re.compile(r"[\[{<]\s*(?:phone|number|tel)[^\]}>]*[\]}>]", re.IGNORECASE)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_OPT_OUT_LANGUAGE = re.compile(
    r"\b(?:reply|text|txt|send|respond(?:\s+with)?)\s+[\"'“]?STOP\b|\bSTOP\s+to\s+(?:opt[\s-]?out|unsubscribe|end|cancel|stop|quit)",
    re.IGNORECASE,
)
_KEYWORD_OPT_IN = re.compile(r"\b(?i:text(?:ing)?|txt|send(?:ing)?|reply(?:ing)?)\s+[\"'“]?([A-Z0-9]{2,})[\"'”]?\s+(?i:to)\b")
_OPT_OUT_ACK = re.compile(r"\b(?:unsubscribed|opted[\s-]?out|removed|stopped|cancel(?:l)?ed|unenrolled)\b", re.IGNORECASE)
_NO_FURTHER = re.compile(
    r"\b(?:no\s+(?:more|further|longer)|not\s+(?:receive|get|be\s+sent)|won'?t\s+(?:receive|get)|will\s+not\s+(?:receive|get))\b",
    re.IGNORECASE,
)
_RATES = re.compile(r"\b(?:msg|message)s?\s*(?:&|and)\s*data\s+rates?\b", re.IGNORECASE)
_PRECHECKED = re.compile(r"(?<![a-z])(?<!un)(?<!not )(?<!never )(?:pre-?checked|pre-?selected|checked\s+by\s+default)", re.IGNORECASE)
_LENDING = re.compile(r"\b(?:loans?|lending|lender|mortgages?|financing|line\s+of\s+credit|payday|cash\s+advance)\b", re.IGNORECASE)
_FORBIDDEN = re.compile(
    r"\b(?:cannabis|cbd|thc|marijuana|dispensar(?:y|ies)|vap(?:e|es|ing)|e-?cig(?:arette)?s?|tobacco|kratom)\b",
    re.IGNORECASE,
)

# R01: required by the spec; the reference SIDs are left to the resource's own required arguments,
# because they are outputs of other resources and so are routinely unknown during preview.
_REQUIRED = (
    "us_app_to_person_usecase",
    "description",
    "message_flow",
    "message_samples",
    "has_embedded_links",
    "has_embedded_phone",
)


def _absent(value: Any) -> bool:
    return value is None or (isinstance(value, (str, list, tuple)) and len(value) == 0)


def _text(campaign: Mapping[str, Any], key: str) -> str | None:
    value = campaign.get(key)
    return value if isinstance(value, str) else None


def _samples(campaign: Mapping[str, Any]) -> list[str]:
    value = campaign.get("message_samples")
    if isinstance(value, (list, tuple)):
        return [s for s in value if isinstance(s, str)]
    return []


def _keywords(campaign: Mapping[str, Any], key: str) -> list[str]:
    value = campaign.get(key)
    if isinstance(value, (list, tuple)):
        return [k for k in value if isinstance(k, str)]
    return []


def _length(field: str, value: str, low: int, high: int, rule: str) -> CampaignViolation | None:
    if low <= len(value) <= high:
        return None
    return CampaignViolation(
        field, rule, f"{field} must be {low}-{high} characters long, got {len(value)}", 21728
    )


def _structural(campaign: Mapping[str, Any], unknown: Collection[str]) -> Iterable[CampaignViolation]:
    """API and spec constraints (R01-R12): Twilio rejects these synchronously."""
    for key in _REQUIRED:
        if key not in unknown and _absent(campaign.get(key)):
            yield CampaignViolation(key, "missing_required_field", f"{key} is required for every campaign", 21727)

    for key in ("has_embedded_links", "has_embedded_phone", "subscriber_opt_in", "age_gated", "direct_lending"):
        value = campaign.get(key)
        if value is not None and not isinstance(value, bool):
            yield CampaignViolation(key, "invalid_type", f"{key} must be a boolean (true or false)", 21727)

    brand = campaign.get("brand_registration_sid")
    if brand is not None and not (isinstance(brand, str) and _BRAND_SID.match(brand)):
        yield CampaignViolation(
            "brand_registration_sid",
            "invalid_brand_registration_sid",
            "brand_registration_sid must be a Brand Registration SID (BN followed by 32 hex digits), "
            "not a bundle (BU…) or other SID",
            21717,
        )
    service = campaign.get("messaging_service_sid")
    if service is not None and not (isinstance(service, str) and _MESSAGING_SERVICE_SID.match(service)):
        yield CampaignViolation(
            "messaging_service_sid",
            "invalid_messaging_service_sid",
            "messaging_service_sid must be a Messaging Service SID (MG followed by 32 hex digits)",
            20404,
        )

    usecase = campaign.get("us_app_to_person_usecase")
    if usecase is not None and usecase not in US_APP_TO_PERSON_USECASES:
        yield CampaignViolation(
            "us_app_to_person_usecase",
            "invalid_usecase",
            "us_app_to_person_usecase must be one of the Usa2p use-case codes (upper case), e.g. "
            "CUSTOMER_CARE, ACCOUNT_NOTIFICATION, MIXED",
            21720,
        )

    for key, low, high, rule in (
        ("description", 40, 4096, "description_length"),
        ("message_flow", 40, 2048, "message_flow_length"),
        ("opt_in_message", 20, 320, "opt_in_message_length"),
        ("opt_out_message", 20, 320, "opt_out_message_length"),
        ("help_message", 20, 320, "help_message_length"),
    ):
        value = campaign.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            yield CampaignViolation(key, "invalid_type", f"{key} must be a string", 21727)
        elif value:  # empty required strings are reported as missing above
            if (v := _length(key, value, low, high, rule)) is not None:
                yield v

    samples = campaign.get("message_samples")
    if samples is not None and not _absent(samples):
        if not isinstance(samples, (list, tuple)):
            yield CampaignViolation("message_samples", "invalid_type", "message_samples must be a list of strings", 21727)
        else:
            if not 2 <= len(samples) <= 5:
                yield CampaignViolation(
                    "message_samples", "sample_count", f"message_samples must hold 2-5 samples, got {len(samples)}", 21728
                )
            for i, sample in enumerate(samples):
                field = f"message_samples[{i}]"
                if not isinstance(sample, str):
                    yield CampaignViolation(field, "invalid_type", f"{field} must be a string", 21727)
                elif (v := _length(field, sample, 20, 1024, "sample_length")) is not None:
                    yield v

    for key in ("opt_in_keywords", "opt_out_keywords", "help_keywords"):
        value = campaign.get(key)
        if value is None:
            continue
        if not isinstance(value, (list, tuple)) or not all(isinstance(k, str) for k in value):
            yield CampaignViolation(key, "invalid_type", f"{key} must be a list of strings", None)
            continue
        bad = [k for k in value if not _KEYWORD.match(k)]
        if bad:
            yield CampaignViolation(
                key, "keyword_format", f"{key} values must be alphanumeric (no spaces or punctuation): {bad!r}", None
            )
        if len(",".join(value)) > 255:
            yield CampaignViolation(key, "keyword_format", f"{key} must total at most 255 characters", None)

    # R10, R12: a self-managed keyword needs its reply message, and a reply message needs its keywords.
    if _keywords(campaign, "opt_in_keywords") and _absent(campaign.get("opt_in_message")) and "opt_in_message" not in unknown:
        yield CampaignViolation(
            "opt_in_message", "opt_in_message_missing", "opt_in_keywords are set, so opt_in_message is required", 30896
        )
    for kw_key, msg_key, rule, code in (
        ("opt_out_keywords", "opt_out_message", "opt_out_message_missing", 30887),
        ("help_keywords", "help_message", "help_message_missing", 30890),
    ):
        has_kw = not _absent(campaign.get(kw_key)) or kw_key in unknown
        has_msg = not _absent(campaign.get(msg_key)) or msg_key in unknown
        if has_kw != has_msg:
            missing, present = (msg_key, kw_key) if has_kw else (kw_key, msg_key)
            yield CampaignViolation(
                missing,
                rule,
                f"{present} is set, so {missing} is required too (leave both out to use Twilio's Default Opt-Out)",
                code,
            )


def _content(campaign: Mapping[str, Any], brand_name: str | None) -> Iterable[CampaignViolation]:
    """Vetting predictions (R11, R15-R28) read from the wording."""
    samples = _samples(campaign)
    flow = _text(campaign, "message_flow") or ""
    texts: list[tuple[str, str]] = [
        (key, value)
        for key in ("description", "message_flow", "opt_in_message", "opt_out_message", "help_message")
        if (value := _text(campaign, key))
    ] + [(f"message_samples[{i}]", s) for i, s in enumerate(samples)]

    # R11: "text JOIN to 12345" in the flow means JOIN must be an opt-in keyword.
    opt_in = {k.upper() for k in _keywords(campaign, "opt_in_keywords")}
    other = (
        {k.upper() for k in _keywords(campaign, "opt_out_keywords")}
        | {k.upper() for k in _keywords(campaign, "help_keywords")}
        | _DEFAULT_OPT_OUT_KEYWORDS
        | _DEFAULT_HELP_KEYWORDS
    )
    described = sorted({m.group(1) for m in _KEYWORD_OPT_IN.finditer(flow)} - other - opt_in)
    if described:
        yield CampaignViolation(
            "opt_in_keywords",
            "opt_in_keywords_missing",
            f"message_flow describes a keyword opt-in ({', '.join(described)}) that is not in opt_in_keywords",
            30896,
        )

    for field, value in texts:
        if _HTTP_URL.search(value):
            yield CampaignViolation(field, "non_https_url", f"{field} contains an http:// URL; use https://", 30964)
        if m := _SHORTENER.search(value):
            yield CampaignViolation(
                field,
                "public_url_shortener",
                f"{field} uses the public URL shortener {m.group(1).lower()}; use a branded domain",
                30892,
            )
        if m := _FORBIDDEN.search(value):
            yield CampaignViolation(
                field,
                "forbidden_content",
                f"{field} mentions {m.group(0).lower()!r}, a category carriers forbid on 10DLC",
                30883,
            )

    if samples:
        if brand_name and not any(brand_name.lower() in s.lower() for s in samples):
            yield CampaignViolation(
                "message_samples", "sample_missing_brand_name", "at least one of message_samples must name the brand", 30893
            )
        if not any(_OPT_OUT_LANGUAGE.search(s) for s in samples):
            yield CampaignViolation(
                "message_samples",
                "sample_missing_opt_out",
                "at least one of message_samples must carry opt-out language, e.g. 'Reply STOP to opt out'",
                30893,
            )
        has_link = any(_URL.search(s) or _LINK_PLACEHOLDER.search(s) for s in samples)
        declared = campaign.get("has_embedded_links")
        if isinstance(declared, bool) and declared != has_link:
            yield CampaignViolation(
                "has_embedded_links",
                "embedded_link_mismatch",
                "has_embedded_links is true but none of message_samples contains a link"
                if declared
                else "one of message_samples contains a link but has_embedded_links is false",
                None,
            )
        has_phone = any(_PHONE.search(s) or _PHONE_PLACEHOLDER.search(s) for s in samples)
        declared = campaign.get("has_embedded_phone")
        if isinstance(declared, bool) and declared != has_phone:
            yield CampaignViolation(
                "has_embedded_phone",
                "embedded_phone_mismatch",
                "has_embedded_phone is true but none of message_samples contains a phone number"
                if declared
                else "one of message_samples contains a phone number but has_embedded_phone is false",
                30889,
            )

    if opt_in_message := _text(campaign, "opt_in_message"):
        lacking = [w for w in ("HELP", "STOP") if not re.search(rf"\b{w}\b", opt_in_message, re.IGNORECASE)]
        if brand_name and brand_name.lower() not in opt_in_message.lower():
            lacking.insert(0, "the brand name")
        if lacking:
            yield CampaignViolation(
                "opt_in_message",
                "opt_in_message_content",
                f"opt_in_message must include {', '.join(lacking)}",
                30896,
            )
    if opt_out_message := _text(campaign, "opt_out_message"):
        if not (_OPT_OUT_ACK.search(opt_out_message) and _NO_FURTHER.search(opt_out_message)):
            yield CampaignViolation(
                "opt_out_message",
                "opt_out_message_content",
                "opt_out_message must acknowledge the opt-out and confirm no further messages will be sent",
                30887,
            )
    if help_message := _text(campaign, "help_message"):
        lacking = []
        if brand_name and brand_name.lower() not in help_message.lower():
            lacking.append("the brand name")
        if not (_PHONE.search(help_message) or _EMAIL.search(help_message) or _URL.search(help_message)):
            lacking.append("a contact (phone number, email or website)")
        if lacking:
            yield CampaignViolation(
                "help_message", "help_message_content", f"help_message must include {' and '.join(lacking)}", 30890
            )

    if flow:
        lacking = []
        if not _RATES.search(flow):
            lacking.append("'Msg & data rates may apply'")
        if not re.search(r"\bSTOP\b", flow, re.IGNORECASE):
            lacking.append("how to opt out (STOP)")
        if brand_name and brand_name.lower() not in flow.lower():
            lacking.insert(0, "the brand name")
        if lacking:
            yield CampaignViolation(
                "message_flow",
                "message_flow_disclosures",
                f"message_flow must disclose {', '.join(lacking)}",
                30909,
            )
        if _PRECHECKED.search(flow):
            yield CampaignViolation(
                "message_flow",
                "optin_checkbox_prechecked",
                "message_flow describes a pre-checked opt-in checkbox; consumers must actively consent",
                30925,
            )

    if campaign.get("direct_lending") is not True:
        for field, value in texts:
            if field in ("opt_out_message", "help_message"):
                continue
            if _LENDING.search(value):
                yield CampaignViolation(
                    "direct_lending",
                    "direct_lending_not_declared",
                    f"{field} talks about lending or loans, so direct_lending must be true",
                    30895,
                )
                break


def campaign_violations(
    campaign: Mapping[str, Any],
    *,
    brand_name: str | None = None,
    unknown_fields: Collection[str] = (),
) -> list[CampaignViolation]:
    """Everything Twilio would reject in this campaign, API errors first, then vetting predictions.

    ``brand_name`` (the brand's display name, when the caller knows it) enables the brand-name checks.
    ``unknown_fields`` names inputs that are set but not known yet (Pulumi preview), so presence rules
    skip them instead of reporting them missing.
    """
    unknown = frozenset(unknown_fields)
    return [*_structural(campaign, unknown), *_content(campaign, brand_name)]
