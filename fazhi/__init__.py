"""fazhi (法治): compare Chinese local-government rule-of-law plans and reports."""

__version__ = "0.1.0"
