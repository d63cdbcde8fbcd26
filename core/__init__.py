"""The bottom layer: typed settings, process set-up and logging, imported by every other package."""
