"""What an ``up`` of the discovered config would be refused for, said before anyone runs it, each with its fix.

Nothing is re-implemented here: the config is checked by the stack program's own loader (``stack_config.load``,
which stops the program on a value rule or on campaign content Twilio would reject), and the resources the program
will declare are judged by the policy pack's own policies (``policies.offline``), with each number's route to Flex
verified read-only as the program verifies it (``inbound_routing.planned_verdicts``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import stack_config
from components import (a2p_campaign, conversations_address_configurations, messaging_service,
                        messaging_service_sender_pool)
from components.a2p_campaign import A2PCampaignArgs
from components.inbound_routing import FlexInbound, TwilioReads, outputs, planned_verdicts
from components.inputs import ResourceArgs, Update
from components.messaging_service import MessagingServiceArgs
from discover.account import Account
from discover.plan import CAMPAIGN, NUMBERS, SERVICE
from policies.offline import Planned, evaluate
from twilio_contract import ErrorCode

PROGRAM = "the stack program"
#: How the stack program names its resources (``__main__.py`` and ``components/flex_a2p_messaging.py``).
COMPONENT = "flex"


@dataclass(frozen=True)
class Finding:
    """One thing ``up`` will be refused for (``blocks``) or warned about, by whom, and how to fix it."""

    source: str
    blocks: bool
    message: str
    fix: str


def check(config: Mapping[str, Any], account: Account, reads: TwilioReads, stack: str,
          environ: Mapping[str, str]) -> list[Finding]:
    """The stack program's and the policy pack's verdicts on ``config`` (top-level key -> value, ``twilio:*`` too);
    ``environ`` gives the ``TWILIO_*`` fallbacks, as it does to the program."""
    found, loaded = _program(config, stack, environ)
    inbound = loaded.flex_inbound if loaded is not None and loaded.flex_inbound is not None else FlexInbound()
    found += _policies(config, account, reads, stack, found, inbound)
    found += _reregistration(config)
    found += _held_elsewhere(config, account)
    return found


def _held_elsewhere(config: Mapping[str, Any], account: Account) -> list[Finding]:
    """Numbers the config lists that another Messaging Service holds: `up` cannot add them (Twilio error 21712)."""
    found = []
    for e164 in config.get(NUMBERS) or []:
        holder = account.holder(e164) if isinstance(e164, str) else None
        if holder is not None and holder.sid != account.service.sid:
            found.append(Finding("Twilio", True, f"{e164} is in Messaging Service {holder.sid} "
                                 f"({holder.friendly_name!r}), so `up` cannot add it to this one (Twilio error "
                                 f"{int(ErrorCode.SENDER_IN_ANOTHER_SERVICE)})",
                                 f"remove it from {NUMBERS}, or take it out of {holder.sid} first if it is to move "
                                 "(discovery never moves a number)"))
    return found


def inputs_of(declaration: type[ResourceArgs], section: Any) -> dict[str, Any]:
    """A config section's top-level values under their input names, with the declaration's defaults."""
    names = {key: name for name, key in declaration.config_keys().items()}
    values = {names[k]: v for k, v in (section or {}).items() if k in names} if isinstance(section, Mapping) else {}
    return declaration.normalized(values)


# -- the stack program --------------------------------------------------------------------------------------------

_KEY = re.compile(rf"^({stack_config.NAMESPACE}:[A-Za-z]+)\.([A-Za-z]+)")


def _program(config: Mapping[str, Any], stack: str,
             environ: Mapping[str, str]) -> tuple[list[Finding], stack_config.StackConfig | None]:
    """The program's own schema on the whole config (an unknown key included): its refusals, or what it loaded."""
    try:
        loaded = stack_config.load(config, environ, campaign_exists=lambda: True, stack=stack)
    except stack_config.StackConfigError as error:
        return [Finding(PROGRAM, True, line.strip(), _program_fix(line.strip(), stack))
                for line in error.problems if line.strip()], None
    return [], loaded


def _program_fix(line: str, stack: str) -> str:
    match = _KEY.match(line)
    section, key = match.groups() if match else ("", "")
    if section == CAMPAIGN:
        return _campaign_fix(key)
    if section == SERVICE:
        return (f"set {SERVICE}.{key} to a value that meets the rule (`pulumi config set --stack {stack} --path "
                f"'{SERVICE}.{key}' …`); `up` then updates the service in place")
    return f"correct the value (`pulumi config set --stack {stack} --path '<key>' …`), or remove the key"


def _campaign_fix(key: str) -> str:
    """How to fix a campaign value: in place where Twilio updates it, else leave it to Twilio or re-register."""
    keys = A2PCampaignArgs.config_keys()
    in_place = [keys[name] for name in A2PCampaignArgs.names(Update.IN_PLACE) if name in keys]
    if key in in_place:
        return f"set {CAMPAIGN}.{key} to a value that meets the rule; `up` updates the campaign in place"
    what = f"{key} on an existing campaign" if key else "an existing campaign's other fields"
    return (f"Twilio cannot change {what} (only {', '.join(in_place)}): remove the keys the message names from "
            f"{CAMPAIGN}, so the stack leaves them as Twilio has them, or register a corrected campaign on purpose "
            "(`pulumi up --replace <the campaign's URN>`: a new review and fees)")


# -- the policy pack ----------------------------------------------------------------------------------------------

def _policies(config: Mapping[str, Any], account: Account, reads: TwilioReads, stack: str,
              program: list[Finding], inbound: FlexInbound) -> list[Finding]:
    service_inputs = inputs_of(MessagingServiceArgs, config.get(SERVICE))
    service_sid = account.service.sid
    numbers = [n for n in config.get(NUMBERS) or [] if isinstance(n, str)]
    planned = [Planned(messaging_service.TYPE, f"{COMPONENT}-service", {**service_inputs, "sid": service_sid})]
    if numbers:
        planned.append(Planned(messaging_service_sender_pool.TYPE, f"{COMPONENT}-sender-pool",
                               {"service_sid": service_sid, "phone_numbers": numbers,
                                "phone_number_sids": {e164: account.numbers.get(e164) for e164 in numbers}}))
    if numbers and inbound.manages_addresses:  # one resource adopting every number's configuration: no write
        planned.append(Planned(conversations_address_configurations.TYPE, f"{COMPONENT}-addresses",
                               {**inbound.address, "addresses": numbers,
                                "address_sids": {e164: account.addresses[e164].sid for e164 in numbers
                                                 if account.addresses.get(e164) is not None}}))
    if isinstance(config.get(CAMPAIGN), Mapping):
        campaign = {**inputs_of(A2PCampaignArgs, config[CAMPAIGN]), "messaging_service_sid": service_sid,
                    "brand_registration_sid": account.brand.sid if account.brand is not None else None}
        planned.append(Planned(a2p_campaign.TYPE, f"{COMPONENT}-campaign", campaign))
    verdicts = planned_verdicts(numbers, service_inputs, inbound, reads)
    found = evaluate(planned, {"inboundRouting": outputs(verdicts)}, stack=stack)
    fixes = _policy_fixes(stack, defers=service_inputs.get("use_inbound_webhook_on_number") is not False)
    stopped = " ".join(f.message for f in program if f.source == PROGRAM)
    return [Finding(f"policy {f.policy}", f.blocks, f.message,
                    fixes.get(f.policy, "docs/policies.md explains the rule and how to meet it"))
            for f in found if not _said(f.message, stopped)]


def _said(message: str, program: str) -> bool:
    """A campaign rule the program already stops for (it names the rule as the pack does)."""
    rule = re.search(r"\[(\w+)\]", message)
    return rule is not None and f"(rule {rule.group(1)}" in program


def _policy_fixes(stack: str, *, defers: bool) -> dict[str, str]:
    """The fix of each policy's findings, in stack-config words."""
    set_path = f"pulumi config set --stack {stack} --path"
    defer = (f"{set_path} '{SERVICE}.useInboundWebhookOnNumber' true  (`up` then turns \"Defer to sender's webhook\" "
             "on, in place)")
    route = (f"fix the number's route as the reason says (README, \"Inbound SMS to Flex\", has the fix of each reason), "
             f"or remove the number from {NUMBERS}")
    fixes = {
        "messaging-service-uses-number-webhook": defer,
        "messaging-service-uses-number-webhook-stack": defer,
        "webhook-urls-use-https": f"give the URL an https:// address in {SERVICE}, or remove the key so the stack "
                                  "leaves it to Twilio",
        "messaging-service-inbound-url-ignored": f"remove inboundRequestUrl and fallbackUrl from {SERVICE} "
                                                 f"(`pulumi config rm --stack {stack} --path "
                                                 f"'{SERVICE}.inboundRequestUrl'`); the numbers' own webhooks "
                                                 "receive the messages",
        "flex-numbers-reach-flex": route if defers else f"first make the service defer: {defer}; then {route}",
        "flex-numbers-reach-flex-warnings": route,
        "a2p-campaign-content": _campaign_fix(""),
        "a2p-campaign-vetting-risks": "reword what the message names before Twilio reviews the campaign again; "
                                      + _campaign_fix(""),
        "us-10dlc-service-has-campaign": f"register the service's campaign ({CAMPAIGN}, with {stack_config.NAMESPACE}"
                                         ":brand) before it sends to US numbers",
    }
    return fixes


# -- what a re-registration will need ---------------------------------------------------------------------------

def _reregistration(config: Mapping[str, Any]) -> list[Finding]:
    """An adopted campaign keeps working without what Twilio now asks of new ones; say what a new one needs."""
    if not isinstance(config.get(CAMPAIGN), Mapping):
        return []
    missing = A2PCampaignArgs.new_requirements_missing(inputs_of(A2PCampaignArgs, config[CAMPAIGN]))
    if not missing:
        return []
    keys = A2PCampaignArgs.config_keys()
    named = " and ".join(f"{CAMPAIGN}.{keys[v.field]} (Twilio error {v.twilio_error_code})" for v in missing)
    return [Finding("A2P campaign", False, f"the campaign has no {named}: it keeps working, but a re-registration (a change "
                                    "of brand, use case or service) is refused without them",
                    "add them (public https URLs) before any re-registration")]
