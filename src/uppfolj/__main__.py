"""`python -m uppfolj` runs the command line."""

from uppfolj.cli.main import main

raise SystemExit(main())
