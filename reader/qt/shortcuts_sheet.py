"""The F1 sheet: every command and its keys, grouped by menu, with a filter."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLineEdit, QStyle, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from reader.core.search import fold as fold_text


class ShortcutsSheet(QDialog):
    """Two columns (command, keys) under one heading per menu; typing in the field filters the rows."""

    def __init__(self, rows: list[tuple[str, str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard Shortcuts")
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter commands and keys")
        self.filter.setAccessibleName("Filter shortcuts")
        self.filter.setClearButtonEnabled(True)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Command", "Keys"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAccessibleName("Keyboard shortcuts")
        groups: dict[str, QTreeWidgetItem] = {}
        for menu, command, keys in rows:
            group = groups.get(menu)
            if group is None:
                group = groups[menu] = QTreeWidgetItem(self.tree, [menu])
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setFirstColumnSpanned(True)
            row = QTreeWidgetItem(group, [command, keys])  # QTreeWidgetItem shows plain text, never markup
            row.setToolTip(1, keys)  # in full, should a narrow screen leave the column short
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        self.tree.resizeColumnToContents(1)
        # A long list of keys wraps onto a second line rather than ending in "…" (Play / Pause has five keys).
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.filter.textChanged.connect(self._on_filter_text_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree)
        self.resize(self._fitting_width(), 600)

    def _fitting_width(self) -> int:
        """Return a width that shows both columns whole, within the screen (at least the former 640 px)."""
        tree = self.tree
        scroll_bar = tree.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, tree)
        margins = self.layout().contentsMargins()
        wanted = (tree.columnWidth(0) + tree.columnWidth(1) + 2 * tree.frameWidth() + scroll_bar
                  + margins.left() + margins.right() + 8)
        screen = (self.parentWidget() or self).screen()
        room = screen.availableGeometry().width() * 9 // 10 if screen is not None else wanted
        return max(640, min(wanted, room))

    def visible_commands(self) -> list[str]:
        """Return the commands the filter lets through, in order."""
        shown = []
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            shown += [group.child(c).text(0) for c in range(group.childCount()) if not group.child(c).isHidden()]
        return shown

    def _on_filter_text_changed(self, text: str) -> None:
        needle = fold_text(text.strip())
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            in_group = needle in fold_text(group.text(0))
            any_shown = False
            for c in range(group.childCount()):
                child = group.child(c)
                shown = in_group or needle in fold_text(f"{child.text(0)} {child.text(1)}")
                child.setHidden(not shown)
                any_shown |= shown
            group.setHidden(not any_shown)
