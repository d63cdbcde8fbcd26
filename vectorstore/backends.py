"""Open the store the settings describe: embedded (one machine) or servers (many machines).

- Embedded (default): Chroma in ``DATA_DIR/chroma``, the keyword index and catalog in a SQLite
  file beside it, and lock files in ``DATA_DIR`` so several local processes can share it.
- Servers: Chroma at ``ASSISTANT_CHROMA_HOST`` and, with ``ASSISTANT_DATABASE_URL``, the keyword
  index, catalog and speakers in PostgreSQL, whose advisory lock serialises writers on any
  machine. Nothing of the store is then kept in the client's folder.
"""

from __future__ import annotations

from core.settings import Settings
from vectorstore.catalog import Catalog
from vectorstore.chroma import ChromaPlace
from vectorstore.embeddings import E5Embeddings
from vectorstore.keyword_index import KeywordIndex
from vectorstore.locks import FileLocks
from vectorstore.store import NewsStore


def open_store(settings: Settings, embeddings: E5Embeddings) -> NewsStore:
    """The store for these settings (connections are opened now; the collection lazily)."""
    place = ChromaPlace(
        settings.data_dir, settings.collection, settings.chroma_host, settings.chroma_port
    )
    if settings.database_url is not None:
        from vectorstore import postgres
        from vectorstore.catalog_pg import PgCatalog
        from vectorstore.keyword_pg import PgKeywordIndex

        url = settings.database_url.get_secret_value()
        database = postgres.PgDatabase(url, settings.collection)
        locks = postgres.PgLocks(url, settings.collection, settings.write_lock_timeout_s)
        if place.embedded:  # embedded Chroma still needs the local read/write locks
            locks = postgres.BothLocks(
                FileLocks(settings.data_dir, settings.write_lock_timeout_s), locks
            )
        return NewsStore(
            place,
            embeddings,
            PgKeywordIndex(database, postings_budget=settings.keyword_postings_budget),
            PgCatalog(database),
            locks,
            engine_errors=postgres.ENGINE_ERRORS,
        )
    return NewsStore(
        place,
        embeddings,
        KeywordIndex(
            settings.keyword_db_path,
            busy_timeout_s=settings.write_lock_timeout_s,
            postings_budget=settings.keyword_postings_budget,
        ),
        Catalog(settings.keyword_db_path, busy_timeout_s=settings.write_lock_timeout_s),
        FileLocks(settings.data_dir, settings.write_lock_timeout_s),
    )
