"""Static files as `uppfolj serve` collects them: hashed names, gzip and Brotli copies (WhiteNoise)."""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's storage, lenient: a name missing from the manifest gets its plain URL, not a 500."""

    manifest_strict = False
