"""``python -m lineage_ext.cli``: the same as the ``lineage-ext`` command."""

import sys

from lineage_ext.cli import main

sys.exit(main())
