"""Discovery: bring an existing Twilio account (a Messaging Service, its numbers, the brand and campaign, the Trust
Hub bundles and the Flex address configurations made in the Console) under a flex-a2p stack in one command, so that
the next ``pulumi up`` adopts everything with no Twilio write.

- ``account``: the account, read with GET requests only, as the stack's providers read it;
- ``values``: Twilio objects as stack config, derived from the resources' input declarations, and merged into what
  the stack already has without overwriting it;
- ``plan``: which objects the stack adopts (``adoptSid``) and what is only reported;
- ``findings``: what the stack program and the policy pack would refuse, with the fix of each;
- ``stack``: the Pulumi CLI side (stack creation, config read and written, secrets encrypted by Pulumi);
- ``cli``: the command (``scripts/discover``).
"""
