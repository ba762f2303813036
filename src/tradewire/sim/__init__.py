"""An offline BingX: a simulated exchange speaking the real REST protocol on 127.0.0.1.

``sim/`` is an independent implementation of the server side; it imports nothing from the client.
"""

from tradewire.sim.bingx.state import RecordedRequest
from tradewire.sim.simulator import Simulator, serve_forever
from tradewire.sim.users import DEMO_API_KEY, DEMO_SECRET_KEY, SimUser

__all__ = ["DEMO_API_KEY", "DEMO_SECRET_KEY", "RecordedRequest", "SimUser", "Simulator", "serve_forever"]
