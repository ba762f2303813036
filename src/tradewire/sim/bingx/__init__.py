"""The BingX front-end of the simulator: REST handlers, the swap websocket, perpetual engine and accounts."""
