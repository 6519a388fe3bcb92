"""``python -m discover``: see discover/cli.py."""
import sys

from discover.cli import main

sys.exit(main())
