"""Flashpoint: news reporting on armed conflict in, an incident database out."""

__version__ = "0.1.0"
