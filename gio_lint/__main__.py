from gio_lint.cli import main

raise SystemExit(main())
