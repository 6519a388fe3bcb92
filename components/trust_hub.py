"""What the Trust Hub bundle resources share (``CustomerProfile``, ``A2PTrustProduct``): a bundle and the parts it
holds, built, evaluated, submitted and waited for as Twilio's onboarding guide does, edited in place while Twilio
lets it, and removed only where nothing still needs it.

- **create**: the bundle (``draft``), then its parts (end users, the address with the supporting document that
  names it, the bundles it holds), each assigned to it; then an evaluation against the policy. A noncompliant
  evaluation removes what was made and fails the `up`, naming every failing requirement by its stack-config key
  (:class:`~components.errors.NotCompliant`). Then the submission (``pending-review``) and, with
  ``wait_for_review``, the wait for the review's end.
- **update**: in place while ``draft`` or ``twilio-rejected``: the changed parts are edited, the bundle evaluated
  and (re)submitted. Twilio freezes a bundle under review or approved (error 60711): such an update stops before
  any write and says what to do instead. A ``draft`` or rejected bundle shows as an update even without a change,
  and is (re)submitted.
- **read**: the bundle and what its parts hold, so `refresh` shows drift. Inputs holding personal data are secret in
  state as a whole (``components/inputs.py``).
- **delete**: a bundle a brand or another bundle still uses, or one Twilio refuses to delete (under review), is
  kept and a warning says so; otherwise the bundle goes, then the parts it held.
- **adopt_sid**: an existing bundle, its parts found through its assignments. A ``draft`` or rejected one is
  completed from the inputs and submitted; one under review or approved must already match them.

The ``parts`` output maps each part's role to its SID: an end user's role is its type (which is also the policy
requirement it meets), the address document's is ``customer_profile_address`` and its Address's ``address``, a held
bundle's the requirement's name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pulumi

from components.errors import NotCompliant, ReplacementRequired, TwilioApiError
from components.inputs import (Email, ResourceArgs, Text, Update, Url, adopt_field, review_timeout_field, twilio_field,
                               wait_field)
from components.provider_base import TwilioProvider, TwilioResource, describe_errors, progress
from components.twilio_client import idempotent_requests
from twilio_contract import ErrorCode
from twilio_contract.trusthub import ADDRESS_DOCUMENT_TYPE, POLICIES

#: Twilio freezes a bundle (and what it holds) in these statuses.
LOCKED = ("pending-review", "in-review", "twilio-approved")
REVIEWING = ("pending-review", "in-review")
#: (Re)submitted by the next `up`.
TO_SUBMIT = ("draft", "twilio-rejected")
ADDRESS = "address"
ADDRESS_FIELDS = ("customer_name", "street", "street_secondary", "city", "region", "postal_code", "iso_country")


@dataclass(frozen=True)
class EndUserPart:
    """An end user of one type (its role), with the attributes it must hold."""

    role: str
    attributes: Mapping[str, Any]


@dataclass(frozen=True)
class AddressPart:
    """The bundle's physical address (API 2010) and the ``customer_profile_address`` document that names it."""

    fields: Mapping[str, Any]
    role: str = ADDRESS_DOCUMENT_TYPE


@dataclass(frozen=True)
class HeldBundle:
    """Another bundle the bundle holds (a primary profile, a trust product's customer profile)."""

    role: str
    sid: str


Part = EndUserPart | AddressPart | HeldBundle


@dataclass
class Snapshot:
    """A bundle as Twilio reports it, plus what its parts hold under the resource's input names."""

    bundle: Any
    parts: dict[str, str]
    values: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        if name in self.values:
            return self.values[name]
        return getattr(self.bundle, name)


def mirror(read: Any, wanted: Any) -> Any:
    """``read`` cut to the shape of ``wanted``: the nested fields the user set, with the values Twilio reports."""
    if isinstance(wanted, Mapping):
        read = read if isinstance(read, Mapping) else {}
        return {k: mirror(read.get(k), v) for k, v in wanted.items() if v is not None}
    if isinstance(wanted, list):
        read = read if isinstance(read, list) else []
        return [mirror(read[i] if i < len(read) else None, v) for i, v in enumerate(wanted)]
    return read


def changed_paths(old: Any, new: Any, path: str) -> list[str]:
    """The input paths where ``new`` differs from ``old`` (``address.city``), down to single fields."""
    if isinstance(new, Mapping) and isinstance(old, Mapping):
        return [p for k in sorted(set(new) | set(old)) for p in changed_paths(old.get(k), new.get(k), f"{path}.{k}")]
    if isinstance(new, list) and isinstance(old, list) and len(new) == len(old):
        return [p for i, (o, n) in enumerate(zip(old, new)) for p in changed_paths(o, n, f"{path}[{i}]")]
    return [] if old == new else [path]


@dataclass(frozen=True, kw_only=True)
class BundleArgs(ResourceArgs):
    """What both bundle resources declare: the bundle's own fields, and ours for waiting and adoption."""

    OUTPUTS = ("sid", "status", "errors", "valid_until", "policy_sid", "parts")

    friendly_name: pulumi.Input[str] | None = twilio_field(Text(max_len=255), required=True)
    email: pulumi.Input[str] | None = twilio_field(Email(), required=True,
                                                   doc="where Twilio sends the review's outcome")
    status_callback: pulumi.Input[str] | None = twilio_field(Url())
    wait_for_review: pulumi.Input[bool] | None = wait_field("bundle")
    review_timeout_seconds: pulumi.Input[int] | None = review_timeout_field()
    adopt_sid: pulumi.Input[str] | None = adopt_field("BU", "a Trust Hub bundle")


class TrustHubBundleProvider(TwilioProvider):
    """The bundle lifecycle; a subclass names its collection and policy and maps inputs to parts and back."""

    #: the twilio client's collection: ``customer_profiles`` or ``trust_products``
    collection: ClassVar[str]
    policy_sid: ClassVar[str]
    #: where the resource's inputs sit in stack config, for messages (``flex-a2p:trustHub.customerProfile``)
    config_section: ClassVar[str]
    #: policy requirement -> the input (path) it is met from; "" for the resource's own top-level inputs
    requirement_inputs: ClassVar[Mapping[str, str]]

    # -- hooks ------------------------------------------------------------------------------------------------------
    def parts_of(self, values: Mapping[str, Any]) -> list[Part]:
        """The parts that input-named ``values`` (new inputs, or stored outputs) call for."""
        raise NotImplementedError

    def values_of(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """Input-named values from what the parts hold (role -> attributes, address fields or held SID)."""
        raise NotImplementedError

    # -- Twilio ---------------------------------------------------------------------------------------------------
    def _bundles(self) -> Any:
        return getattr(self.client.trusthub.v1, self.collection)

    def _assignments(self, sid: str) -> Any:
        return getattr(self._bundles()(sid), f"{self.collection}_entity_assignments")

    def _evaluations(self, sid: str) -> Any:
        return getattr(self._bundles()(sid), f"{self.collection}_evaluations")

    def config_key(self, path: str) -> str:
        return f"{self.config_section}.{self.args.config_path(path)}" if path else self.config_section

    # -- read -------------------------------------------------------------------------------------------------------
    def fetch(self, id_: str, props: Any) -> Snapshot | None:
        bundle = self.fetch_or_none(f"read {self.kind} {id_}", self._bundles()(id_).fetch)
        if bundle is None:
            return None
        parts = dict(props.get("parts") or {}) or self._discover(id_)
        data = self._read(parts)
        return Snapshot(bundle, parts, self.values_of(data))

    def _discover(self, sid: str) -> dict[str, str]:
        """The parts of a bundle found through its assignments (an adopted bundle)."""
        parts: dict[str, str] = {}
        trusthub = self.client.trusthub.v1
        for assignment in self.call(f"list what {self.kind} {sid} holds", lambda: self._assignments(sid).list()):
            object_sid = assignment.object_sid
            if object_sid.startswith("IT"):
                user = self.call(f"read end user {object_sid}", trusthub.end_users(object_sid).fetch)
                parts[user.type] = object_sid
            elif object_sid.startswith("RD"):
                document = self.call(f"read document {object_sid}", trusthub.supporting_documents(object_sid).fetch)
                if document.type == ADDRESS_DOCUMENT_TYPE:
                    parts[ADDRESS_DOCUMENT_TYPE] = object_sid
                    address = (document.attributes or {}).get("address_sids")
                    if isinstance(address, str) and address:
                        parts[ADDRESS] = address
            elif object_sid.startswith("BU"):
                held = [r.requirement_name for r in POLICIES[self.policy_sid].customer_profiles]
                parts[held[0] if held else object_sid] = object_sid
        return parts

    def _read(self, parts: dict[str, str]) -> dict[str, Any]:
        """What each part holds; parts gone from Twilio are dropped from ``parts`` (the next update recreates them)."""
        data: dict[str, Any] = {}
        for role, sid in list(parts.items()):
            if sid.startswith("IT"):
                user = self.fetch_or_none(f"read end user {sid}", self.client.trusthub.v1.end_users(sid).fetch)
                if user is None:
                    del parts[role]
                else:
                    data[role] = dict(user.attributes or {})
            elif sid.startswith("AD"):
                address = self.fetch_or_none(f"read address {sid}", self.client.addresses(sid).fetch)
                if address is None:
                    del parts[role]
                else:
                    data[role] = {k: getattr(address, k) for k in ADDRESS_FIELDS if getattr(address, k) is not None}
            elif sid.startswith("BU"):
                data[role] = sid
        return data

    @staticmethod
    def _written(parts: list[Part]) -> dict[str, Any]:
        """What the parts hold after a write: the values sent (Twilio stores them as given)."""
        data: dict[str, Any] = {}
        for part in parts:
            if isinstance(part, EndUserPart):
                data[part.role] = dict(part.attributes)
            elif isinstance(part, AddressPart):
                data[ADDRESS] = {k: v for k, v in part.fields.items() if v not in (None, "")}
            else:
                data[part.role] = part.sid
        return data

    def outputs_of(self, obj: Any, inputs: Mapping[str, Any]) -> dict[str, Any]:
        outs = super().outputs_of(obj, inputs)
        for key, spec in self.args.specs().items():
            if key in inputs and spec.rule.group_fields is not None:
                outs[key] = mirror(getattr(obj, key, None), inputs[key])
        return outs

    # -- create -----------------------------------------------------------------------------------------------------
    def create_new(self, inputs: dict[str, Any]) -> Snapshot:
        bundles = self._bundles()
        name = inputs["friendly_name"]
        params = {"friendly_name": name, "email": inputs["email"], "policy_sid": self.policy_sid}
        if inputs.get("status_callback"):
            params["status_callback"] = inputs["status_callback"]
        before = {b.sid for b in self.call(f"list {self.kind}s", lambda: bundles.list(page_size=1000))}
        bundle = self.create_once(
            f"create {self.kind} {name!r}", lambda: bundles.create(**params),
            lambda: [b for b in bundles.list(page_size=1000) if b.sid not in before and b.friendly_name == name
                     and b.policy_sid == self.policy_sid],
            lambda b: f"{self.kind} {b.sid}")
        undo: list[tuple[str, Callable[[], Any]]] = [(f"{self.kind} {bundle.sid}", bundles(bundle.sid).delete)]
        wanted = self.parts_of(inputs)
        try:
            parts = self._sync(bundle.sid, inputs, [], wanted, {}, undo)
            self._evaluate(bundle.sid, removed=True)
            bundle = self._submit(bundle.sid)
        except BaseException:
            self._undo(undo)
            raise
        return self._after_submit(bundle, inputs, parts, wanted)

    def _undo(self, undo: list[tuple[str, Callable[[], Any]]]) -> None:
        """Best effort: delete what a failed create made, newest first, so a retry starts clean."""
        for what, delete in reversed(undo):
            try:
                self.delete_if_present(f"remove {what}", delete)
            except TwilioApiError as exc:
                self.warn(f"{what} could not be removed after the failed create ({exc}); delete it in the Console")

    # -- parts --------------------------------------------------------------------------------------------------
    def _sync(self, sid: str, inputs: Mapping[str, Any], old: list[Part], new: list[Part], parts: dict[str, str],
              undo: list[tuple[str, Callable[[], Any]]], drop_missing: bool = True) -> dict[str, str]:
        """Make the bundle hold ``new``: changed parts edited, new ones made and assigned, dropped ones removed."""
        parts = dict(parts)
        previous = {p.role: p for p in old}
        for part in new:
            before = previous.get(part.role)
            if before == part and part.role in parts:
                continue
            label = f"{inputs.get('friendly_name') or self.kind}: {part.role.replace('_', ' ')}"
            if isinstance(part, EndUserPart):
                self._put_end_user(sid, part, parts, label, undo)
            elif isinstance(part, AddressPart):
                self._put_address(sid, part, before, parts, label, undo)
            else:
                self._put_held(sid, part, parts)
        if drop_missing:
            for part in old:
                if part.role not in {p.role for p in new}:
                    self._drop(sid, part, parts)
        return parts

    def _assign(self, bundle_sid: str, object_sid: str) -> None:
        try:
            self.call(f"assign {object_sid} to {self.kind} {bundle_sid}",
                      lambda: self._assignments(bundle_sid).create(object_sid=object_sid))
        except TwilioApiError as exc:
            if exc.code != ErrorCode.CONFLICT:  # already assigned (a retried request): what we wanted
                raise

    def _unassign(self, bundle_sid: str, object_sid: str) -> None:
        assignments = self.call(f"list what {self.kind} {bundle_sid} holds",
                                lambda: self._assignments(bundle_sid).list())
        for assignment in assignments:
            if assignment.object_sid == object_sid:
                self.delete_if_present(f"unassign {object_sid} from {self.kind} {bundle_sid}",
                                       self._assignments(bundle_sid)(assignment.sid).delete)

    def _put_end_user(self, sid: str, part: EndUserPart, parts: dict[str, str], label: str,
                      undo: list[tuple[str, Callable[[], Any]]]) -> None:
        users = self.client.trusthub.v1.end_users
        existing = parts.get(part.role)
        if existing:
            with idempotent_requests():
                self.call(f"update end user {existing} ({part.role})",
                          lambda: users(existing).update(attributes=dict(part.attributes)))
            return
        user = self.call(f"create end user ({part.role})", lambda: users.create(
            friendly_name=label, type=part.role, attributes=dict(part.attributes)))
        undo.append((f"end user {user.sid}", users(user.sid).delete))
        self._assign(sid, user.sid)
        parts[part.role] = user.sid

    def _put_address(self, sid: str, part: AddressPart, before: Part | None, parts: dict[str, str], label: str,
                     undo: list[tuple[str, Callable[[], Any]]]) -> None:
        addresses, documents = self.client.addresses, self.client.trusthub.v1.supporting_documents
        fields = {k: v for k, v in part.fields.items() if v is not None}
        old_address = parts.get(ADDRESS)
        same_country = isinstance(before, AddressPart) and before.fields.get("iso_country") == fields["iso_country"]
        if old_address and same_country:
            update = {k: v for k, v in fields.items() if k != "iso_country"}
            update.setdefault("street_secondary", "")
            with idempotent_requests():
                self.call(f"update address {old_address}", lambda: addresses(old_address).update(**update))
            address_sid = old_address
        else:  # Twilio cannot move an Address to another country: a new one, then the document points at it
            address = self.call("create address", lambda: addresses.create(friendly_name=label[:64], **fields))
            undo.append((f"address {address.sid}", addresses(address.sid).delete))
            address_sid = address.sid
        document = parts.get(part.role)
        if document:
            if address_sid != old_address:
                with idempotent_requests():
                    self.call(f"update document {document}",
                              lambda: documents(document).update(attributes={"address_sids": address_sid}))
        else:
            created = self.call("create address document", lambda: documents.create(
                friendly_name=label, type=ADDRESS_DOCUMENT_TYPE, attributes={"address_sids": address_sid}))
            undo.append((f"supporting document {created.sid}", documents(created.sid).delete))
            self._assign(sid, created.sid)
            parts[part.role] = created.sid
        parts[ADDRESS] = address_sid
        if old_address and old_address != address_sid:
            self.delete_if_present(f"delete address {old_address}", addresses(old_address).delete)

    def _put_held(self, sid: str, part: HeldBundle, parts: dict[str, str]) -> None:
        old = parts.get(part.role)
        if old == part.sid:
            return
        if old:
            self._unassign(sid, old)
        self._assign(sid, part.sid)
        parts[part.role] = part.sid

    def _drop(self, sid: str, part: Part, parts: dict[str, str]) -> None:
        object_sid = parts.pop(part.role, None)
        if object_sid is None:
            return
        self._unassign(sid, object_sid)
        if isinstance(part, EndUserPart):
            self.delete_if_present(f"delete end user {object_sid}",
                                   self.client.trusthub.v1.end_users(object_sid).delete)
        elif isinstance(part, AddressPart):
            self.delete_if_present(f"delete document {object_sid}",
                                   self.client.trusthub.v1.supporting_documents(object_sid).delete)
            address = parts.pop(ADDRESS, None)
            if address:
                self.delete_if_present(f"delete address {address}", self.client.addresses(address).delete)

    # -- evaluate, submit, wait ---------------------------------------------------------------------------------
    def _evaluate(self, sid: str, *, removed: bool) -> None:
        evaluation = self.call(f"evaluate {self.kind} {sid}",
                               lambda: self._evaluations(sid).create(policy_sid=self.policy_sid))
        if evaluation.status != "compliant":
            raise self.not_compliant(sid, evaluation, removed=removed)

    def not_compliant(self, sid: str, evaluation: Any, *, removed: bool) -> NotCompliant:
        """Every failing requirement of an evaluation, named by the stack-config key it comes from."""
        failures: list[tuple[str, str, int | None]] = []
        for result in evaluation.results or []:
            if result.get("passed"):
                continue
            prefix = self.requirement_inputs.get(result.get("requirement_name"))
            for item in result.get("invalid") or [result]:
                failures.append((self._failure_key(prefix, item.get("object_field"), result),
                                 item.get("failure_reason") or "does not meet the policy", item.get("error_code")))
        policy = POLICIES[self.policy_sid]
        lines = "\n  ".join(f"{key}: {reason}" + (f" (Twilio error {code})" if code else "")
                            for key, reason, code in failures)
        what = ("nothing was submitted and what was made for it has been removed" if removed else
                "nothing was submitted; the bundle keeps its previous review status")
        return NotCompliant(
            f"{self.kind} {sid} does not meet Twilio's policy {policy.sid} ({policy.friendly_name}): Twilio's "
            f"evaluation {evaluation.sid} is {evaluation.status}, so {what}. Fix these stack-config keys and run "
            f"`pulumi up` again:\n  {lines}", failures)

    def _failure_key(self, prefix: str | None, field: str | None, result: Mapping[str, Any]) -> str:
        if prefix is None:
            return f"{self.config_section} (Twilio requirement {result.get('requirement_name')})"
        path = f"{prefix}.{field}" if prefix and field else (field or prefix)
        if not self.args.declares(path):
            path = prefix
        return self.config_key(path)

    def _submit(self, sid: str) -> Any:
        # Not idempotent: a second submission of a bundle already under review is refused (60711).
        return self.call(f"submit {self.kind} {sid} for review",
                         lambda: self._bundles()(sid).update(status="pending-review"))

    def _after_submit(self, bundle: Any, inputs: Mapping[str, Any], parts: dict[str, str],
                      wanted: list[Part]) -> Snapshot:
        bundle = self._wait(bundle, inputs)
        return Snapshot(bundle, parts, self.values_of(self._written(wanted)))

    def _wait(self, bundle: Any, inputs: Mapping[str, Any]) -> Any:
        if inputs.get("wait_for_review") and bundle.status in REVIEWING:
            bundle = self.await_review(f"{self.kind} {bundle.sid}", bundle, self._bundles()(bundle.sid).fetch,
                                       lambda b: b.status, REVIEWING, self.review_timeout(inputs))
        if bundle.status == "twilio-rejected":
            self.warn(f"{self.kind} {bundle.sid} was rejected by Twilio's review ({describe_errors(bundle)}). Fix "
                      "the stack config: the next `pulumi up --refresh` edits it in place and resubmits it; a brand "
                      f"registered with it would fail (error {int(ErrorCode.BRAND_BUNDLES_INVALID)}).")
        return bundle

    # -- update -----------------------------------------------------------------------------------------------------
    def extra_changes(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
        return ["status"] if olds.get("status") in TO_SUBMIT else []  # (re)submit

    def update_existing(self, id_: str, olds: dict[str, Any], inputs: dict[str, Any]) -> Snapshot:
        bundle = self.call(f"read {self.kind} {id_}", self._bundles()(id_).fetch)
        changed = self._changed(olds, inputs, self.args.names(Update.IN_PLACE))
        if changed and bundle.status in LOCKED:
            raise self.locked(bundle, changed, olds, inputs)
        parts = dict(olds.get("parts") or {})
        wanted = self.parts_of(inputs)
        if bundle.status in TO_SUBMIT:
            if changed:
                self._update_bundle(id_, inputs)
                parts = self._sync(id_, inputs, self.parts_of(olds), wanted, parts, [])
            self._evaluate(id_, removed=False)
            if bundle.status == "twilio-rejected":
                self.warn(f"{self.kind} {id_} was rejected ({describe_errors(bundle)}); resubmitting it"
                          + (" with the changed stack config" if changed else " unchanged: if Twilio's errors name "
                             "its data, fix the stack config first"))
            bundle = self._submit(id_)
        bundle = self._wait(bundle, inputs)
        return Snapshot(bundle, parts, self.values_of(self._written(wanted)))

    def _update_bundle(self, sid: str, inputs: Mapping[str, Any]) -> None:
        params = {k: inputs[k] for k in ("friendly_name", "email", "status_callback") if inputs.get(k) is not None}
        with idempotent_requests():
            self.call(f"update {self.kind} {sid}", lambda: self._bundles()(sid).update(**params))

    def locked(self, bundle: Any, changed: list[str], olds: Mapping[str, Any],
               news: Mapping[str, Any]) -> ReplacementRequired:
        """The refusal of an edit Twilio would answer with 60711, naming each changed stack-config key."""
        paths = [p for key in changed
                 for p in changed_paths(self.same(key, olds.get(key)), self.same(key, news.get(key)), key)]
        keys = ", ".join(dict.fromkeys(self.config_key(p) for p in paths if self.args.declares(p)))
        status = bundle.status
        if status in REVIEWING:
            advice = ("Revert the change until the review ends; run `pulumi up --refresh` then: a rejected bundle is "
                      "edited in place and resubmitted, an approved one is final")
        else:
            advice = ("Revert the change, or register a new bundle with `pulumi up --replace <this resource's URN>` "
                      "(a new review; the brand that uses it is registered again too)")
        return ReplacementRequired(
            ", ".join(changed),
            f"{self.kind} {bundle.sid} is {status}: Twilio does not let a bundle under review or approved be edited "
            f"(it would answer error {int(ErrorCode.PROFILE_NOT_EDITABLE)}), so nothing was changed. Changed: "
            f"{keys or ', '.join(changed)}. {advice}.", would_be=ErrorCode.PROFILE_NOT_EDITABLE)

    # -- adopt ------------------------------------------------------------------------------------------------------
    def adopted(self, obj: Snapshot, inputs: dict[str, Any]) -> Snapshot:
        if obj.policy_sid != self.policy_sid:
            raise self.refuse("adopt_sid", f"{obj.sid} is under policy {obj.policy_sid}, not {self.policy_sid} "
                                           f"({POLICIES[self.policy_sid].friendly_name})")
        managed = self.args.names(Update.IN_PLACE)
        differs = [k for k in managed if k in inputs
                   and self.same(k, mirror(getattr(obj, k, None), inputs[k])) != self.same(k, inputs[k])]
        if obj.status in LOCKED:
            if differs:
                raise self.locked(obj.bundle, differs, {k: mirror(getattr(obj, k, None), inputs[k]) for k in differs},
                                  inputs)
            return Snapshot(self._wait(obj.bundle, inputs), obj.parts, obj.values)
        if differs:
            self._update_bundle(obj.sid, inputs)
            obj.parts = self._sync(obj.sid, inputs, self.parts_of(obj.values), self.parts_of(inputs), obj.parts, [],
                                   drop_missing=False)
        self._evaluate(obj.sid, removed=False)
        bundle = self._wait(self._submit(obj.sid), inputs)
        return Snapshot(bundle, obj.parts, self.values_of(self._read(obj.parts)))

    # -- delete -----------------------------------------------------------------------------------------------------
    def users(self, sid: str) -> list[str]:
        """What still uses the bundle: brands registered with it (a subclass adds bundles holding it)."""
        brands = self.call("list Brand Registrations",
                           lambda: self.client.messaging.v1.brand_registrations.list(page_size=1000))
        return [f"Brand Registration {b.sid}" for b in brands
                if sid in (b.customer_profile_bundle_sid, b.a2p_profile_bundle_sid)]

    def remove(self, id_: str, props: Any) -> None:
        parts = dict(props.get("parts") or {})
        users = self.users(id_)
        if users:
            self.warn(f"{self.kind} {id_} is kept, with the {len(parts)} objects it holds, because it is still in use "
                      f"by {', '.join(users)}. It is no longer managed by this stack; delete it in the Twilio Console "
                      "once nothing uses it.")
            return
        try:
            self.delete_if_present(f"delete {self.kind} {id_}", self._bundles()(id_).delete)
        except TwilioApiError as exc:
            self.warn(f"{self.kind} {id_} is kept, with the {len(parts)} objects it holds: Twilio refused to delete "
                      f"it ({exc}). It is no longer managed by this stack; delete it in the Twilio Console later.")
            return
        trusthub = self.client.trusthub.v1
        for role, sid in sorted(parts.items(), key=lambda item: item[1].startswith("AD")):  # documents first
            delete = {"IT": lambda s=sid: trusthub.end_users(s).delete(),
                      "RD": lambda s=sid: trusthub.supporting_documents(s).delete(),
                      "AD": lambda s=sid: self.client.addresses(s).delete()}.get(sid[:2])
            if delete is None:  # held bundles are not ours to delete
                continue
            try:
                self.delete_if_present(f"delete {role.replace('_', ' ')} {sid}", delete)
            except TwilioApiError as exc:
                self.warn(f"{sid} ({role.replace('_', ' ')} of {self.kind} {id_}) is kept: {exc}")
        progress(f"{self.kind} {id_} deleted, with the objects it held")


class TrustHubBundle(TwilioResource):
    """Base of the bundle resources: the outputs both report."""

    sid: pulumi.Output[str]
    status: pulumi.Output[str]
    errors: pulumi.Output[list[Any] | None]
    valid_until: pulumi.Output[str | None]
    policy_sid: pulumi.Output[str]
    parts: pulumi.Output[dict[str, str]]
