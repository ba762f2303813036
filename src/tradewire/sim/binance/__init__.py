"""The simulated Binance: REST and websocket front-ends over the shared matching engine."""
