import sys

from cocohop.cli import main

sys.exit(main())
