"""``python -m tradewire.sim [--port N]``: run the simulator in the foreground."""

import argparse

from tradewire.sim.simulator import serve_forever

parser = argparse.ArgumentParser(prog="python -m tradewire.sim", description="Offline BingX simulator")
parser.add_argument("--port", type=int, default=8765, help="TCP port on 127.0.0.1 (default 8765)")
serve_forever(parser.parse_args().port)
