from gio_lint.command.cli import main

raise SystemExit(main())
