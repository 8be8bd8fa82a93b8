"""Where an event happened: ``EventPlaceFinder`` (``finder.py``, whose docstring tables the
relations a place can have to its event) reads the places of an article for its events.

    vocabulary.py   the words, relations and ranks the rules read
    readings.py     how the spans of a passage are read into PlaceReadings
    hanging.py      how a span hangs on the event (relation, preposition, another time)
    overrides.py    the readings that give way to another (namesakes, anchors, last resorts)
"""

from .finder import EventPlaceFinder
from .readings import PlaceReading
from .vocabulary import PlaceWords, abroad, place_words

__all__ = ["EventPlaceFinder", "PlaceReading", "PlaceWords", "abroad", "place_words"]
