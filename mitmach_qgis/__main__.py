"""``python3 -m mitmach_qgis <command>``: the headless CLI (run with Debian's /usr/bin/python3)."""

import sys

from .cli import main

sys.exit(main())
