"""vectorstore package."""
