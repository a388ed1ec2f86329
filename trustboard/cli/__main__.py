"""``python -m trustboard.cli``: the same command as the ``trustboard`` script."""

import sys

from trustboard.cli import main

sys.exit(main())
