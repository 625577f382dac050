import sys

from visitor_app.cli import main

sys.exit(main())
