"""Browser chat for the news assistant (Gradio): `python -m ui` or `assistant ui`."""
