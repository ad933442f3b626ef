"""One Elasticsearch client and repository per process, for the app and the command line alike."""

from functools import cached_property

from elastic_transport import Urllib3HttpNode
from elasticsearch import Elasticsearch
from elasticsearch.serializer import OrjsonSerializer

from service.settings import Settings, SettingsError
from service.store.http_node import PlainHttpNode
from service.store.indices import Indices
from service.store.repository import Repository


class RepositoryProvider:
    """Hands out the process's one repository, creating client and indices on first use.

    Nothing touches Elasticsearch at import or start, so the app starts while Elasticsearch
    is down and becomes ready when it appears.
    """

    def __init__(self, settings: Settings):
        self.settings = settings
        self._ensured = False

    @cached_property
    def repository(self) -> Repository:
        if not self.settings.elasticsearch_url:
            raise SettingsError("ELASTICSEARCH_URL is not set: set it, or start a local node with `articles es start`")
        urls = [url.strip() for url in self.settings.elasticsearch_url.split(",") if url.strip()]
        es = Elasticsearch(
            urls,
            node_class=PlainHttpNode if all(u.startswith("http://") for u in urls) else Urllib3HttpNode,
            request_timeout=self.settings.es_timeout_s,
            max_retries=1,
            retry_on_timeout=False,
            serializer=OrjsonSerializer(),
        )
        indices = Indices(
            self.settings.index_prefix,
            self.settings.shards,
            self.settings.replicas,
            self.settings.wait_for_active_shards,
        )
        return Repository(es, indices)

    def __call__(self) -> Repository:
        if not self._ensured:
            self.check()
        return self.repository

    def check(self) -> None:
        """Make sure Elasticsearch answers and the indices exist (raises if it does not)."""
        self.repository.indices.ensure(self.repository.es)
        self._ensured = True


def connect(settings: Settings) -> RepositoryProvider:
    """The repository provider for `settings` (connects lazily, on first use)."""
    return RepositoryProvider(settings)
