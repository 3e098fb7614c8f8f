"""File dialogs that open at a size a planner can read.

Qt's own file dialog (used where the desktop offers none, as on an air-gapped machine with no
portal) opened at 630 x 410 px: the Name column cut long plan names short and the Date Modified
column was cut at the right (QA walk). It now opens at READABLE_PX, within the window's
screen, and its Name column takes what the other columns leave it. A desktop's own dialog
chooses its own size; these settings do not reach it.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QFileDialog, QHeaderView, QTreeView, QWidget

# Wide enough for a plan's long file name beside its size, type and date, and for twelve
# or so files in view: the size of a document window a planner would open by hand.
READABLE_PX = QSize(960, 600)
# At most this share of the screen's free room, so a small screen still shows it whole.
SCREEN_SHARE = 0.9


def readable_size(wanted: QSize, screen: QSize) -> QSize:
    """`wanted`, within `SCREEN_SHARE` of the `screen` room (pure arithmetic)."""
    return QSize(
        min(wanted.width(), int(screen.width() * SCREEN_SHARE)),
        min(wanted.height(), int(screen.height() * SCREEN_SHARE)),
    )


def file_dialog(parent: QWidget, title: str, folder: str, name_filter: str) -> QFileDialog:
    """A file dialog over `parent` at a readable size: the size, type and date columns
    whole, the Name column taking the rest."""
    dialog = QFileDialog(parent, title, folder, name_filter)
    screen = parent.screen()
    room = screen.availableGeometry().size() if screen is not None else READABLE_PX
    dialog.resize(readable_size(READABLE_PX.expandedTo(dialog.sizeHint()), room))
    listing = dialog.findChild(QTreeView, "treeView")  # Qt's own dialog's detailed list
    if listing is not None:
        header = listing.header()
        header.setStretchLastSection(False)
        for column in range(1, header.count()):  # size, type, date: whole
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return dialog
