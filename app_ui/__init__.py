"""The Gradio app's pieces: labels (i18n), escaped HTML rendering, event handlers."""
