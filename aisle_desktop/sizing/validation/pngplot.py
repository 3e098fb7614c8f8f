"""Scatter plots as PNG without a plotting library: a numpy canvas and a zlib PNG writer.

`make validate` draws two plots for validation/REPORT.md. They need points, reference lines and
a light grid, nothing more, so a 60-line rasteriser beats a plotting dependency (and Qt is not
allowed outside the window). Axes are logarithmic; labels live in the report's caption.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

WHITE = (255, 255, 255)
GRID = (225, 225, 225)
AXIS = (90, 90, 90)
MARGIN = 40


def png_bytes(pixels: np.ndarray) -> bytes:
    """Encode an (height, width, 3) uint8 array as an RGB PNG."""
    height, width, _ = pixels.shape
    raw = b"".join(b"\x00" + pixels[y].tobytes() for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


@dataclass
class LogCanvas:
    """A width x height plot area mapping log10(x), log10(y) ranges onto pixels."""

    x_range: tuple[float, float]
    y_range: tuple[float, float]
    width: int = 640
    height: int = 480
    pixels: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.pixels = np.full((self.height, self.width, 3), WHITE, dtype=np.uint8)
        self._grid()

    def _to_px(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        (x0, x1), (y0, y1) = np.log10(self.x_range), np.log10(self.y_range)
        inner_w, inner_h = self.width - 2 * MARGIN, self.height - 2 * MARGIN
        px = MARGIN + (np.log10(x) - x0) / (x1 - x0) * inner_w
        py = self.height - MARGIN - (np.log10(y) - y0) / (y1 - y0) * inner_h
        return np.rint(px).astype(int), np.rint(py).astype(int)

    def _grid(self) -> None:
        for lo_hi, vertical in ((self.x_range, True), (self.y_range, False)):
            for decade in range(
                int(np.floor(np.log10(lo_hi[0]))), int(np.ceil(np.log10(lo_hi[1])))
            ):
                v = np.array([10.0**decade])
                if not lo_hi[0] <= v[0] <= lo_hi[1]:
                    continue
                if vertical:
                    px, _ = self._to_px(v, np.array([self.y_range[0]]))
                    self.pixels[MARGIN : self.height - MARGIN, px[0]] = GRID
                else:
                    _, py = self._to_px(np.array([self.x_range[0]]), v)
                    self.pixels[py[0], MARGIN : self.width - MARGIN] = GRID
        self.pixels[self.height - MARGIN, MARGIN : self.width - MARGIN] = AXIS
        self.pixels[MARGIN : self.height - MARGIN, MARGIN] = AXIS

    def line(self, x: np.ndarray, y: np.ndarray, colour: tuple[int, int, int]) -> None:
        """A polyline through (x, y), sampled densely in log space."""
        xs = np.geomspace(x[0], x[-1], 2000)
        ys = np.exp(np.interp(np.log(xs), np.log(x), np.log(y)))
        self.points(xs, ys, colour, radius=0)

    def points(
        self, x: np.ndarray, y: np.ndarray, colour: tuple[int, int, int], radius: int = 2
    ) -> None:
        """Square dots of the given radius; points outside the ranges are clipped."""
        px, py = self._to_px(np.asarray(x, float), np.asarray(y, float))
        inside = (px >= 0) & (px < self.width) & (py >= 0) & (py < self.height)
        for dx in range(-radius, radius + 1):
            for dy in range(-radius, radius + 1):
                cx = np.clip(px[inside] + dx, 0, self.width - 1)
                cy = np.clip(py[inside] + dy, 0, self.height - 1)
                self.pixels[cy, cx] = colour

    def save(self, path: Path) -> None:
        path.write_bytes(png_bytes(self.pixels))
