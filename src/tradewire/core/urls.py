"""Addresses derived from one another."""


def ws_beside(rest_url: str, path: str) -> str:
    """The websocket URL served on the same host as a REST base URL, as the simulator serves both:
    `http://127.0.0.1:8765` -> `ws://127.0.0.1:8765{path}` (`https` -> `wss`)."""
    return "ws" + rest_url.rstrip("/").removeprefix("http") + path
