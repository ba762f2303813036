"""Listen keys: POST creates (unwrapped ``{"listenKey": ...}``), PUT extends, DELETE revokes.

PUT/DELETE answer HTTP 200 on success, 204 with no ``listenKey`` parameter, 404 for an unknown,
expired or foreign key.
"""

from __future__ import annotations

from tradewire.sim.bingx import errors
from tradewire.sim.bingx.calls import Call
from tradewire.sim.bingx.replies import Reply, bare, error, ok

_NOT_FOUND = "listenKey does not exist"


def create(call: Call) -> Reply:
    """POST /openApi/user/auth/userDataStream."""
    return bare({"listenKey": call.state.listen_keys.create(call.uid, call.state.clock.base_ms())})


def _change(call: Call, delete: bool) -> Reply:
    key = call.params.text("listenKey")
    if key is None:
        return Reply(status=204, content_type=None)
    keys, now = call.state.listen_keys, call.state.clock.base_ms()
    done = keys.delete(key, call.uid, now) if delete else keys.extend(key, call.uid, now)
    return ok({}) if done else error(errors.PARAM_ERROR, _NOT_FOUND, call.now, 404)


def extend(call: Call) -> Reply:
    """PUT /openApi/user/auth/userDataStream."""
    return _change(call, delete=False)


def delete(call: Call) -> Reply:
    """DELETE /openApi/user/auth/userDataStream."""
    return _change(call, delete=True)
