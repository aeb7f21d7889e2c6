"""Word times for a transcript in its recording (forced alignment), and the sync they imply.

Qt-free. `align_media(turns, media)` returns an `Alignment`: every written word with its media start and
end, its character range in `Turn.text`, its confidence and how it was timed. `cached_alignment` adds the
per-(transcript, recording) cache (`load_alignment` only reads it); `sync_from_alignment` the offset and
drift as a `TimeMap`.
"""

from reader.core.align.audio import AudioError
from reader.core.align.autosync import SyncFit, fit_sync
from reader.core.align.cache import cached_alignment, load_alignment
from reader.core.align.model import HOWS, AlignCancelled, Aligner, AlignError, Alignment, WordTime
from reader.core.align.runner import METHODS, align_media, choose_method, quick_offset, sync_from_alignment

__all__ = ["HOWS", "METHODS", "AlignCancelled", "AlignError", "Aligner", "Alignment", "AudioError", "SyncFit",
           "WordTime", "align_media", "cached_alignment", "choose_method", "fit_sync", "load_alignment",
           "quick_offset", "sync_from_alignment"]
