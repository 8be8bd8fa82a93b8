"""Extraction: spaCy components over a Doc, then Mention records.

Importing this package registers the ``fp_frames`` factory.
"""

from .frames import Frame, find_frames  # noqa: F401
