"""The frozen program's entry point (build_installer.spec): the same as `python -m visitor_app`."""

import sys

from visitor_app.launcher import main

if __name__ == "__main__":
    sys.exit(main())
