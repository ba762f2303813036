"""BingX: REST catalogue, models, sync and async clients, streams."""
