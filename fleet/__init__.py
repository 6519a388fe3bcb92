"""flex-a2p for many tenants: a registry of tenants (``registry``), the Automation API runner that deploys one stack
per tenant and environment, in parallel and one per Twilio account (``runner``, ``schedule``), its results file for
resuming (``results``), its display (``display``), and the CI and Pulumi Deployments material generated from the
same registry (``ci``, ``deployments``). ``python -m fleet`` is the command line (``cli``)."""
