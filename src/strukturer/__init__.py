"""strukturer: Swedish government deliverables from content and versioned Word templates."""

__version__ = "0.1.0"
