"""US A2P 10DLC campaign (Usa2p) rules that read more than one field, or the wording: the cross-field presence
rules Twilio's API enforces (R10, R12) and the vetting predictions (R11, R15, R17-R28, and R29-R35 for the
consent and disclosure reasons Twilio added in 2026, its 305xx codes).

The message flow is the campaign's call to action (CTA): Twilio's reviewers read in it how consumers consent and
what they are told at that moment. Rules on one field alone (required fields, lengths, sample count, use-case codes,
keyword format, the policy URLs: R01-R09, R13, R14, R16) are declared with the field in ``A2PCampaignArgs``
(``components/a2p_campaign.py``);
``components.a2p_campaign.campaign_violations`` runs both. Rule ids are those of docs/a2p-campaign-rules.md.

Rules in :data:`HEURISTIC_RULES` predict a *vetting* rejection from wording; they are deterministic but can misfire,
so callers report them as warnings by default.

Input contract: keys are the A2PCampaign input names; a value that is ``None`` or missing is absent; callers drop
Pulumi unknowns before calling and name them in ``unknown`` so a presence rule does not mistake "not known yet" for
"missing".
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from components.inputs import Violation
from twilio_contract import ErrorCode

__all__ = ["HEURISTIC_RULES", "wording_violations"]

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
        "cta_missing_sms",
        "cta_missing_frequency",
        "cta_missing_rates",
        "cta_missing_help",
        "consent_bundled_channels",
        "opt_in_link_missing",
        "double_opt_in_confirmation",
    }
)

# Twilio fills these with Default/Advanced Opt-Out; a flow that says "text STOP to …" is not an opt-in.
_DEFAULT_OPT_OUT_KEYWORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"})
_DEFAULT_HELP_KEYWORDS = frozenset({"HELP", "INFO"})

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
# R29: the CTA names the channel ("SMS", "text messages", "texting"), not only "communications".
_SMS = re.compile(r"\b(?:sms|mms|texts?|texting|texted|text\s+messag\w*)\b", re.IGNORECASE)
# R30: a frequency ("Message frequency varies", "up to 5 msgs/week", "1 msg per request", "one-time message").
_FREQUENCY = re.compile(
    r"\b(?:(?:msg|message|text)s?\s+frequency|frequency\s+(?:varies|may\s+vary|will\s+vary|is|of)"
    r"|\d+\s*(?:msgs?|messages?|texts?)\s*(?:/\s*|per\s+|a\s+|an\s+|each\s+)\w+"
    r"|one[-\s]time\s+(?:msg|message|text|passcode|code)|recurring\s+(?:msgs?|messages?|texts?))",
    re.IGNORECASE,
)
# R32: support instructions through the HELP keyword ("Reply HELP for help").
_HELP_KEYWORD = re.compile(r"\bHELP\b|\b(?i:reply|text|txt|send)\s+[\"'“]?(?i:help)\b")
# R33: SMS consent given together with another channel's ("agree to receive emails and text messages").
_CHANNEL = r"(?:e-?mails?|phone\s+calls?|calls?|voice\s*mails?|push\s+notifications?|direct\s+mail|postal\s+mail)"
_SMS_WORD = r"(?:sms|mms|texts?|text\s+messag\w*|texting)"
_JOINED = r"\s*(?:,|/|&|\band\b|\bor\b|\bplus\b)\s*(?:[a-z-]+\s+){0,2}?"
_BUNDLED = re.compile(rf"\b{_CHANNEL}{_JOINED}{_SMS_WORD}\b|\b{_SMS_WORD}{_JOINED}{_CHANNEL}\b", re.IGNORECASE)
_CONSENT = re.compile(r"\b(?:agree\w*|consent\w*|opt(?:s|ed|ing)?[\s-]?in|sign(?:s|ed|ing)?\s+up|subscrib\w*)\b",
                      re.IGNORECASE)
_SEPARATE = re.compile(r"\b(?:separate\w*|independent\w*|standalone|its\s+own|apart\s+from)\b", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?;])\s+")
# R34: a website opt-in, whose live page Twilio's reviewers open from the flow.
_WEB_OPT_IN = re.compile(
    r"\b(?:web\s*(?:site|form|page)s?|online\s+form|(?:sign[-\s]?up|opt[-\s]?in|landing|contact)\s+(?:page|form)|"
    r"checkout|our\s+site)\b",
    re.IGNORECASE,
)
_POLICY_PAGE = re.compile(r"privacy|terms|conditions|legal|tos\b", re.IGNORECASE)  # links that are not the form
# R35: a double opt-in ("reply YES to confirm"), whose confirmation message Twilio wants to see.
_DOUBLE_OPT_IN = re.compile(
    r"\bdouble[-\s]?opt[-\s]?in\b|\breply\s+[\"'“]?(?:YES|Y|CONFIRM)[\"'”]?\s+to\s+(?:confirm|complete|finish|subscribe)",
    re.IGNORECASE,
)
_PRECHECKED = re.compile(r"(?<![a-z])(?<!un)(?<!not )(?<!never )(?:pre-?checked|pre-?selected|checked\s+by\s+default)", re.IGNORECASE)
_LENDING = re.compile(r"\b(?:loans?|lending|lender|mortgages?|financing|line\s+of\s+credit|payday|cash\s+advance)\b", re.IGNORECASE)
_FORBIDDEN = re.compile(
    r"\b(?:cannabis|cbd|thc|marijuana|dispensar(?:y|ies)|vap(?:e|es|ing)|e-?cig(?:arette)?s?|tobacco|kratom)\b",
    re.IGNORECASE,
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


def _pairs(campaign: Mapping[str, Any], unknown: Collection[str]) -> Iterable[Violation]:
    """R10, R12: a self-managed keyword needs its reply message, and a reply message needs its keywords."""
    if _keywords(campaign, "opt_in_keywords") and _absent(campaign.get("opt_in_message")) and "opt_in_message" not in unknown:
        yield Violation(
            "opt_in_message", "opt_in_message_missing", "opt_in_keywords are set, so opt_in_message is required", ErrorCode.OPT_IN_ERROR
        )
    for kw_key, msg_key, rule, code in (
        ("opt_out_keywords", "opt_out_message", "opt_out_message_missing", ErrorCode.OPT_OUT_ERROR),
        ("help_keywords", "help_message", "help_message_missing", ErrorCode.SUBSCRIBER_HELP),
    ):
        has_kw = not _absent(campaign.get(kw_key)) or kw_key in unknown
        has_msg = not _absent(campaign.get(msg_key)) or msg_key in unknown
        if has_kw != has_msg:
            missing, present = (msg_key, kw_key) if has_kw else (kw_key, msg_key)
            yield Violation(
                missing,
                rule,
                f"{present} is set, so {missing} is required too (leave both out to use Twilio's Default Opt-Out)",
                code,
            )


def _content(campaign: Mapping[str, Any], brand_name: str | None) -> Iterable[Violation]:
    """Vetting predictions (R11, R15, R17-R28) read from the wording."""
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
        yield Violation(
            "opt_in_keywords",
            "opt_in_keywords_missing",
            f"message_flow describes a keyword opt-in ({', '.join(described)}) that is not in opt_in_keywords",
            ErrorCode.OPT_IN_ERROR,
        )

    for field, value in texts:
        if _HTTP_URL.search(value):
            yield Violation(field, "non_https_url", f"{field} contains an http:// URL; use https://", ErrorCode.HTTP_URL)
        if m := _SHORTENER.search(value):
            yield Violation(
                field,
                "public_url_shortener",
                f"{field} uses the public URL shortener {m.group(1).lower()}; use a branded domain",
                ErrorCode.PUBLIC_URL_SHORTENER,
            )
        if m := _FORBIDDEN.search(value):
            yield Violation(
                field,
                "forbidden_content",
                f"{field} mentions {m.group(0).lower()!r}, a category carriers forbid on 10DLC",
                ErrorCode.CONTENT_VIOLATION,
            )

    if samples:
        if brand_name and not any(brand_name.lower() in s.lower() for s in samples):
            yield Violation(
                "message_samples", "sample_missing_brand_name", "at least one of message_samples must name the brand", ErrorCode.SAMPLE_MESSAGE
            )
        if not any(_OPT_OUT_LANGUAGE.search(s) for s in samples):
            yield Violation(
                "message_samples",
                "sample_missing_opt_out",
                "at least one of message_samples must carry opt-out language, e.g. 'Reply STOP to opt out'",
                ErrorCode.SAMPLE_MESSAGE,
            )
        # R20, R21: the declared attributes match the samples, in both directions.
        for field, rule, finders, what, code in (
            ("has_embedded_links", "embedded_link_mismatch", (_URL, _LINK_PLACEHOLDER), "a link", None),
            ("has_embedded_phone", "embedded_phone_mismatch", (_PHONE, _PHONE_PLACEHOLDER), "a phone number",
             ErrorCode.EMBEDDED_PHONE_NUMBER),
        ):
            present = any(finder.search(s) for s in samples for finder in finders)
            declared = campaign.get(field)
            if isinstance(declared, bool) and declared != present:
                yield Violation(
                    field,
                    rule,
                    f"{field} is true but none of message_samples contains {what}"
                    if declared
                    else f"one of message_samples contains {what} but {field} is false",
                    code,
                )

    if opt_in_message := _text(campaign, "opt_in_message"):
        lacking = [w for w in ("HELP", "STOP") if not re.search(rf"\b{w}\b", opt_in_message, re.IGNORECASE)]
        if brand_name and brand_name.lower() not in opt_in_message.lower():
            lacking.insert(0, "the brand name")
        if lacking:
            yield Violation(
                "opt_in_message",
                "opt_in_message_content",
                f"opt_in_message must include {', '.join(lacking)}",
                ErrorCode.OPT_IN_ERROR,
            )
    if opt_out_message := _text(campaign, "opt_out_message"):
        if not (_OPT_OUT_ACK.search(opt_out_message) and _NO_FURTHER.search(opt_out_message)):
            yield Violation(
                "opt_out_message",
                "opt_out_message_content",
                "opt_out_message must acknowledge the opt-out and confirm no further messages will be sent",
                ErrorCode.OPT_OUT_ERROR,
            )
    if help_message := _text(campaign, "help_message"):
        lacking = []
        if brand_name and brand_name.lower() not in help_message.lower():
            lacking.append("the brand name")
        if not (_PHONE.search(help_message) or _EMAIL.search(help_message) or _URL.search(help_message)):
            lacking.append("a contact (phone number, email or website)")
        if lacking:
            yield Violation(
                "help_message", "help_message_content", f"help_message must include {' and '.join(lacking)}", ErrorCode.SUBSCRIBER_HELP
            )

    if flow:
        lacking = []
        if not re.search(r"\bSTOP\b", flow, re.IGNORECASE):
            lacking.append("how to opt out (STOP)")
        if brand_name and brand_name.lower() not in flow.lower():
            lacking.insert(0, "the brand name")
        if lacking:
            yield Violation(
                "message_flow",
                "message_flow_disclosures",
                f"message_flow must disclose {', '.join(lacking)}",
                ErrorCode.MESSAGE_FLOW_INCOMPLETE,
            )
        if _PRECHECKED.search(flow):
            yield Violation(
                "message_flow",
                "optin_checkbox_prechecked",
                "message_flow describes a pre-checked opt-in checkbox; consumers must actively consent",
                ErrorCode.OPT_IN_CHECKBOX,
            )

    if campaign.get("direct_lending") is not True:
        for field, value in texts:
            if field in ("opt_out_message", "help_message"):
                continue
            if _LENDING.search(value):
                yield Violation(
                    "direct_lending",
                    "direct_lending_not_declared",
                    f"{field} talks about lending or loans, so direct_lending must be true",
                    ErrorCode.DIRECT_LENDING_MISSING,
                )
                break


def _call_to_action(campaign: Mapping[str, Any], unknown: Collection[str]) -> Iterable[Violation]:
    """R29-R35: the consent and disclosure reasons of Twilio's 305xx family that the campaign's fields show. The
    message flow stands for the call to action; the terms and privacy pages themselves are not read (J15)."""
    flow = _text(campaign, "message_flow")
    if not flow:
        return
    missing = [
        ("cta_missing_sms", _SMS, "name the channel: SMS or text messages (not only 'communications')",
         ErrorCode.CONSENT_NOT_SMS),
        ("cta_missing_frequency", _FREQUENCY,
         "state the message frequency, e.g. 'Message frequency varies' or 'up to 4 msgs/month'", ErrorCode.CTA_FREQUENCY),
        ("cta_missing_rates", _RATES, "disclose 'Message and data rates may apply'", ErrorCode.CTA_RATES),
        ("cta_missing_help", _HELP_KEYWORD, "tell how to get support with the HELP keyword, e.g. 'Reply HELP for help'",
         ErrorCode.CTA_SUPPORT),
    ]
    for rule, pattern, what, code in missing:
        if not pattern.search(flow):
            yield Violation("message_flow", rule, f"message_flow (the call to action) must {what}", code)

    bundled = [sentence for sentence in _SENTENCE.split(flow)
               if _BUNDLED.search(sentence) and _CONSENT.search(sentence) and not _SEPARATE.search(sentence)]
    if bundled:
        yield Violation("message_flow", "consent_bundled_channels",
                        f"message_flow asks for SMS consent together with another channel ({bundled[0].strip()!r}); "
                        "consent to texts must be a separate choice", ErrorCode.CONSENT_BUNDLED_CHANNELS)

    opt_in_links = [m.group(0) for m in _URL.finditer(flow) if not _POLICY_PAGE.search(m.group(0))]
    if _WEB_OPT_IN.search(flow) and not (opt_in_links or _LINK_PLACEHOLDER.search(flow)):
        yield Violation("message_flow", "opt_in_link_missing",
                        "message_flow describes a website opt-in but gives no link to the live opt-in page",
                        ErrorCode.LIVE_OPT_IN_LINK)

    if _DOUBLE_OPT_IN.search(flow) and "opt_in_message" not in unknown:
        confirmation = _text(campaign, "opt_in_message")
        if not confirmation:
            yield Violation("opt_in_message", "double_opt_in_confirmation",
                            "message_flow describes a double opt-in, so opt_in_message must be its confirmation "
                            "message", ErrorCode.DOUBLE_OPT_IN_CONFIRMATION)
        elif not _RATES.search(confirmation):
            yield Violation("opt_in_message", "double_opt_in_confirmation",
                            "opt_in_message confirms a double opt-in, so it must say 'Message and data rates may "
                            "apply'", ErrorCode.DOUBLE_OPT_IN_CONFIRMATION)


def wording_violations(campaign: Mapping[str, Any], *, brand_name: str | None = None,
                       unknown: Collection[str] = ()) -> list[Violation]:
    """The cross-field presence rules, then the vetting predictions, for the known values of ``campaign``.

    ``brand_name`` (the brand's display name, when the caller knows it) enables the brand-name checks.
    """
    unknown = frozenset(unknown)
    return [*_pairs(campaign, unknown), *_content(campaign, brand_name), *_call_to_action(campaign, unknown)]
