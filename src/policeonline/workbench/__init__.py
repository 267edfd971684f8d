"""The officers' back office (intranet zone): a workbench per department."""
