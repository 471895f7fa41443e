"""Every page is sent with a Content-Security-Policy that runs scripts from this server only, and
no page needs more: no inline script, no inline event handler, nothing from another origin.
In process here; tests/test_query_page.py shows the policy at work in Chromium."""

from __future__ import annotations

import pytest
from html_tree import parse
from starlette.testclient import TestClient

from graph_builder import iris

HTML = {"Accept": "text/html"}
PAGES = [
    "/",
    "/query",
    "/query?query=SELECT%20*%20WHERE%20%7B%7D",
    "/search?q=Shusha",
    "/classes",
    "/classes/Event",
    "/timeline",
    "/queries",
    "/queries/timeline?format=html",
    "/dumps/",
    "/ontology",
    iris.served_path(iris.entity("event", "khojaly-massacre").value),
    "/id/actor/nobody-at-all",  # a 404 page
]


def directives(policy: str) -> dict[str, set[str]]:
    """Gives a policy's directives, each with its sources."""
    parsed = {}
    for directive in policy.split(";"):
        name, *sources = directive.split()
        parsed[name] = set(sources)
    return parsed


@pytest.mark.parametrize("path", PAGES)
def test_every_page_runs_only_this_servers_scripts(client: TestClient, path: str) -> None:
    answer = client.get(path, headers=HTML)
    assert answer.headers["content-type"].startswith("text/html"), path
    policy = directives(answer.headers["content-security-policy"])
    assert policy["default-src"] == policy["script-src"] == {"'self'"}
    assert policy["style-src"] == {"'self'", "'unsafe-inline'"}  # style attributes run nothing
    assert policy["object-src"] == policy["base-uri"] == policy["frame-ancestors"] == {"'none'"}
    assert policy["form-action"] == {"'self'"}
    for element in parse(answer.text).iter():
        handlers = [name for name in element.attrib if name.startswith("on")]
        assert not handlers, (path, element.tag, handlers)
        if element.tag == "script":
            # A script file of our own, or a data block (JSON), never script in the page.
            assert element.get("src", "").startswith("/") or (
                element.get("type") == "application/json"
            ), (path, element.attrib)
        for attribute in ("href", "src", "action"):
            assert not element.get(attribute, "").lower().startswith("javascript:"), path


def test_the_other_answers_carry_it_too(client: TestClient) -> None:
    for path in ("/static/query.js", "/vendor/codemirror/lib/codemirror.js", "/nothing-here"):
        assert "script-src 'self'" in client.get(path).headers["content-security-policy"], path
