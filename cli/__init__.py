"""The command lines on top of the library: ``qazaq-news ask|verify|speakers|quotes|ingest``."""
