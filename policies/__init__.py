"""The flex-a2p policy pack (``pulumi preview --policy-pack policies``; docs/policies.md).

Layout, one module per concern, each holding its validation functions, its ``Policy`` objects (exported as
``POLICIES``) and a typed reader of each policy's config:

- ``webhook_routing``: Messaging Services defer to the number's webhook (+ the stack re-check on outputs), https
  webhook URLs, service URLs that deferring makes Twilio ignore;
- ``flex_numbers``: each number's inbound SMS reaches Flex, as the stack program verified its route (a ``fail``
  blocks, a ``warn`` is advisory);
- ``phone_numbers``: a number in one service only, a service with US 10DLC numbers has a campaign;
- ``campaign_content``: A2P campaign input Twilio rejects, and wording its vetting likely rejects.

Shared by them: ``resource_types`` (type tokens: ours from ``components.*.TYPE``, the bridged provider's),
``properties`` (snake_case/camelCase names, unknowns, no values in messages), ``config`` (typed config readers).
``pack`` lists the concern modules; ``__main__`` only constructs the ``PolicyPack``, which never returns.

Adding a policy:

1. In the module of its concern (a new module for a new concern), write ``validate(args, report_violation)``
   reading properties through ``Properties.of(args)`` and messages that name properties and resources, not values.
2. Declare its config as a frozen dataclass of ``setting(default, description)`` fields, inheriting
   ``PolicyConfig`` (or the shared ``ExemptServicesConfig`` / ``UnknownValuesConfig``); pass ``Config.schema()``
   as the policy's ``config_schema`` and read values with ``Config.read(args)``.
3. Add the ``ResourceValidationPolicy`` / ``StackValidationPolicy`` to the module's ``POLICIES``; a new module
   also goes into ``pack.CONCERNS``.
4. Add its tests under ``tests/policies/test_<module>.py``, its row to the contract in
   ``tests/policies/test_pack.py`` and its section to docs/policies.md.

Do not name a module after a standard-library module (``numbers``, ``types``, ``secrets``, …): the language host
runs ``policies/__main__.py`` with this directory first on ``sys.path``, so it would shadow the real one.
"""
