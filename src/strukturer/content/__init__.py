"""Content loading: project files, YAML and Markdown into validated model objects."""

from strukturer.content.converter import ContentWarning
from strukturer.content.loader import PROJECT_FILE, find_project_file, load_project

__all__ = ["PROJECT_FILE", "ContentWarning", "find_project_file", "load_project"]
