"""Studyapp: goals, LLM-generated skill trees and flashcards, FSRS study, on PostgreSQL."""

__version__ = "0.2.0"
