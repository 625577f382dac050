import sys

from visitor_app.launcher import main

sys.exit(main())
