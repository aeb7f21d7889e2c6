"""Automatic sync: the recording's offset and drift from where turns were heard against their stated starts."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from reader.core.timemap import TimeMap

# A heard start further from the fitted line than a few times the typical distance is an outlier (a
# mis-transcribed or mis-aligned turn): OUTLIER_K times the median distance, at least MIN_TOLERANCE_MS
# (heard starts are good to a few frames) and at most OUTLIER_MS (the transcript's own times are often
# whole seconds, so the typical distance can be half a second).
OUTLIER_MS = 1500
OUTLIER_K = 5
MIN_TOLERANCE_MS = 60
# Below this the recording agrees with the transcript: no banner, nothing to apply.
NOTICEABLE_MS = 500


@dataclass(frozen=True, slots=True)
class SyncFit:
    """media ≈ offset_ms + (1 + drift) · transcript, fitted robustly; `anchors` are the inlier pairs.

    `pairs` are (stated transcript ms, heard media ms) of every turn that was heard; `inliers` indexes
    those within `tolerance_ms` of the line. `time_map()` goes through the inliers (exact at every heard
    turn, following cuts and uneven drift); `line_map()` is the straight line alone.
    """

    offset_ms: int
    drift: float
    pairs: tuple[tuple[int, int], ...]
    inliers: tuple[int, ...]
    tolerance_ms: int
    residual_ms: float = 0.0
    anchors: tuple[tuple[int, int], ...] = field(default=())

    def predict(self, transcript_ms: float) -> int:
        """Return the media ms the fitted line gives a transcript time."""
        return round(self.offset_ms + (1 + self.drift) * transcript_ms)

    @property
    def noticeable(self) -> bool:
        """Return whether the recording disagrees with the transcript by more than half a second anywhere."""
        if not self.pairs:
            return False
        ends = (self.pairs[0][0], self.pairs[-1][0])
        return any(abs(self.predict(t) - t) > NOTICEABLE_MS for t in ends)

    def line_map(self) -> TimeMap:
        """Return the fitted line as a time map (two anchors at the first and last heard turn)."""
        if not self.pairs:
            return TimeMap()
        first, last = self.pairs[0][0], self.pairs[-1][0]
        if last - first < 1000:
            return TimeMap(self.predict(first) - first)
        return TimeMap(0, [(first, self.predict(first)), (last, self.predict(last))])

    def time_map(self) -> TimeMap:
        """Return the map through every inlier turn (a single one is an offset)."""
        if len(self.anchors) >= 2:
            return TimeMap(0, self.anchors)
        return self.line_map()

    def to_json(self) -> dict[str, object]:
        """Return the fit as JSON-ready data (seconds, like the CLI's output)."""
        return {"offset": self.offset_ms / 1000, "drift": round(self.drift, 6), "noticeable": self.noticeable,
                "turns_heard": len(self.pairs), "inliers": len(self.inliers),
                "residual": round(self.residual_ms / 1000, 3),
                "anchors": [[t / 1000, m / 1000] for t, m in self.anchors]}


def _theil_sen(points: Sequence[tuple[int, int]]) -> tuple[float, float]:
    """Return (intercept, slope) of the Theil–Sen line (median of pairwise slopes; subsampled when large)."""
    if len(points) == 1:
        t, m = points[0]
        return m - t, 1.0
    step = max(1, len(points) // 150)  # 150 points give 11,000 slopes: plenty, and fast
    sample = points[::step]
    slopes = [(m2 - m1) / (t2 - t1) for i, (t1, m1) in enumerate(sample) for t2, m2 in sample[i + 1:] if t2 != t1]
    slope = statistics.median(slopes) if slopes else 1.0
    intercept = statistics.median(m - slope * t for t, m in points)
    return intercept, slope


def fit_sync(pairs: Sequence[tuple[int, int]], tolerance_ms: int | None = None) -> SyncFit | None:
    """Return the robust offset and drift of (stated transcript ms, heard media ms) pairs, or None if empty.

    Theil–Sen gives a line that half the points can disagree with; points within the tolerance of it (by
    default one that adapts to how far the points typically are, see OUTLIER_K) are refitted by least
    squares (exact when they agree), and the inliers become the map's anchors.
    """
    points = sorted((int(t), int(m)) for t, m in pairs)
    if not points:
        return None
    intercept, slope = _theil_sen(points)
    # A single turn, or turns all at one stated time, say nothing about drift.
    if points[-1][0] - points[0][0] < 10_000:
        slope = 1.0
        intercept = statistics.median(m - t for t, m in points)
    if tolerance_ms is None:
        typical = statistics.median(abs(m - (intercept + slope * t)) for t, m in points)
        tolerance_ms = round(min(OUTLIER_MS, max(MIN_TOLERANCE_MS, OUTLIER_K * typical)))
    inliers = [i for i, (t, m) in enumerate(points) if abs(m - (intercept + slope * t)) <= tolerance_ms]
    if len(inliers) >= 3 and points[inliers[-1]][0] - points[inliers[0]][0] >= 10_000:
        ts = [points[i][0] for i in inliers]
        ms = [points[i][1] for i in inliers]
        mean_t, mean_m = statistics.fmean(ts), statistics.fmean(ms)
        var = sum((t - mean_t) ** 2 for t in ts)
        if var > 0:
            slope = sum((t - mean_t) * (m - mean_m) for t, m in zip(ts, ms, strict=True)) / var
            intercept = mean_m - slope * mean_t
    elif inliers:
        intercept = statistics.median(points[i][1] - slope * points[i][0] for i in inliers)
    residuals = [abs(points[i][1] - (intercept + slope * points[i][0])) for i in inliers]
    anchors: list[tuple[int, int]] = []
    for i in inliers:
        t, m = points[i]
        if not anchors or (t > anchors[-1][0] and m > anchors[-1][1]):
            anchors.append((t, m))
    # Drop anchors that would make the map go backwards (two turns heard out of order).
    anchors = [a for a, b in pairwise([*anchors, (anchors[-1][0] + 1, anchors[-1][1] + 1)]) if b[1] > a[1]]
    return SyncFit(round(intercept), slope - 1, tuple(points), tuple(inliers), tolerance_ms,
                   statistics.median(residuals) if residuals else 0.0, tuple(anchors))
