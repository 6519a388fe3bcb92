"""`python -m twilio_emulator`: serve the emulator (options in `cli.py`, or `--help`)."""

from .cli import main

if __name__ == "__main__":
    main()
