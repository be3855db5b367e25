"""Submitting a declaration to a social-security REST API so that it is never filed twice.

Each submission carries the declaration's own id as a client reference (``X-Client-Reference``
header), and the API can be asked which declarations it received under a reference. Before
submitting again something whose first submission may have gone out (the process died after
sending, or its lease expired), payroll asks first and takes the declaration found.

Assumption to check against the Dimona v2 and DPAE specifications before production: the name
of the reference and of the search parameter (``clientReference``) are ours; the simulators
answer them.
"""

from __future__ import annotations

from typing import Any

import httpx

REFERENCE_HEADER = "X-Client-Reference"


class GatewayError(RuntimeError):
    pass


async def submit(
    client: httpx.AsyncClient, url: str, body: dict[str, Any], reference: str, what: str
) -> str:
    """POST the declaration; returns the id to poll (from the ``Location`` header)."""
    response = await client.post(url, json=body, headers={REFERENCE_HEADER: reference})
    if response.status_code != 201 or "location" not in response.headers:
        raise GatewayError(f"{what} submission answered {response.status_code}: {response.text}")
    return response.headers["location"].rstrip("/").rsplit("/", 1)[-1]


async def find(client: httpx.AsyncClient, url: str, reference: str, what: str) -> str | None:
    """The id of the declaration received under ``reference``, or None."""
    response = await client.get(url, params={"clientReference": reference})
    if response.status_code != 200:
        raise GatewayError(f"{what} search answered {response.status_code}: {response.text}")
    found = response.json()
    return str(found[0]["declarationId"]) if found else None
