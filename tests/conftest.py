"""Shared fixtures: the real corpus parsed once, and one real store built once per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pyoxigraph import Store

from graph_builder.build import build
from graph_builder.document import article, manifest
from graph_builder.document.records import Document

# Headless Chromium fixtures (`browser`, `page`) for the page tests.
pytest_plugins = ["browser"]


@pytest.fixture(scope="session")
def corpus() -> manifest.Corpus:
    return manifest.load_corpus()


@pytest.fixture(scope="session")
def doc(corpus: manifest.Corpus) -> Document:
    return article.parse_document(corpus.text, corpus.sha256, manifest.OUTLINE)


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The path of a store built from the real corpus (a symlink to its live version)."""
    store = tmp_path_factory.mktemp("built") / "store"
    build(store)
    return store


@pytest.fixture(scope="session")
def store(built_store: Path) -> Store:
    """The built store, opened read-only, for the answers a test compares with."""
    return Store.read_only(str(built_store))


@pytest.fixture(scope="session")
def client(built_store: Path) -> Iterator[TestClient]:
    """The app in process, its lifespan run (two query workers), on the built store."""
    from server.app import create_app
    from server.settings import Settings

    with TestClient(create_app(Settings(store=built_store, query_workers=2))) as test_client:
        yield test_client
