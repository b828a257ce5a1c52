"""The product's job handlers (flashcards, distractors, skill trees), above the engine.

The engine in ``studyapp.jobs`` is product-agnostic: it runs whatever a
:class:`~studyapp.jobs.registry.HandlerRegistry` holds. This package is the product's side:
``kinds`` (the job types and their words), one module per handler, and ``registry``
(``default_registry()``, what the window, ``studyapp worker`` and the CLI run). Nothing here is
imported by the package itself, so ``studyapp.handlers.kinds`` stays light.
"""
