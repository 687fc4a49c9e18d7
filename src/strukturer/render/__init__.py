"""Rendering deliverables: the Jinja sandbox, templates, prose and the DOCX writer."""
