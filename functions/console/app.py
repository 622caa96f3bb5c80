"""GET /console and GET /console/{proxy+}: the web console, served without sign-in.

template.yaml opts these two routes, and no others, out of the JWT authorizer. What they serve holds no data: the
page, its scripts and styles (shipped in this package, `site/`), and config.json, the user pool's region, id and
app client id. The page signs a person in with the user pool itself and calls the API with their token, where
every route checks it as for any caller. Standard library and two small modules of the layer: a light cold start.
"""

from __future__ import annotations

import os
from typing import Any

from taskexec.api import console
from taskexec.api.declarations import requires
from taskexec.api.public import PublicRoutes
from taskexec.authorization import Action

SITE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "site")

app = PublicRoutes()
_site: console.Site | None = None


def site() -> console.Site:
    """The package's files, read on the first request of the container."""
    global _site
    if _site is None:
        _site = console.Site(SITE)
    return _site


@app.get("/console")
@requires(Action.VIEW_CONSOLE)
def page(event: dict[str, Any]) -> dict[str, Any]:
    return console.page(site(), event)


@app.get("/console/{proxy+}")
@requires(Action.VIEW_CONSOLE)
def asset(event: dict[str, Any]) -> dict[str, Any]:
    return console.file(site(), event)


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return app.resolve(event)
