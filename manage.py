#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Commands (migrate, imports, backup, the Huey workers of run_huey) get the longer database limits of
    # config/settings.py; runserver serves web requests and keeps theirs.
    if sys.argv[1:2] != ["runserver"]:
        os.environ.setdefault("TDU_PROCESS", "command")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
