"""``python -m sanctions_check`` runs the command line."""

from sanctions_check.cli import main

if __name__ == "__main__":
    main()
