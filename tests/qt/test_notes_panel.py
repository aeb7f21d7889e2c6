"""The Notes panel: its model, filter, delegate and keys, on a controller with no file behind it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from reader.core.notes import NoteItem, Quote
from reader.qt.notes_controller import NotesController
from reader.qt.notes_panel import (
    GAP,
    H_PADDING,
    HIGHLIGHT_COLOURS,
    ColourRole,
    DetachedRole,
    ItemIdRole,
    KindRole,
    LabelRole,
    NoteDelegate,
    NoteRole,
    NotesListModel,
    NotesPanel,
    QuoteRole,
    SpeakerRole,
    StartRole,
    TurnIndexRole,
    fold_text,
)

MARKUP = "<b>bold</b><img src=x>"


def _items() -> list[NoteItem]:
    # Added out of time order on purpose: the panel shows them by start time.
    return [
        NoteItem("highlight", 738_000, id="late", turn_index=40, speaker="Ana Lima", color="green",
                 quote=Quote("we measured it twice"), note="check the second run", tags=["method"]),
        NoteItem("bookmark", 5_000, id="intro", turn_index=0, speaker="José García", label="Introduction"),
        NoteItem("highlight", 120_500, id="pinky", turn_index=7, speaker="Ana Lima", color="pink",
                 quote=Quote("the cache was cold"), note="Surprising"),
        NoteItem("highlight", 300_000, id="gone", turn_index=12, speaker="José García", color="yellow",
                 quote=Quote("a sentence that was edited away"), detached=True),
        NoteItem("bookmark", 600_000, id="markup", label=MARKUP, note=MARKUP, color="blue"),
    ]


@pytest.fixture
def controller(qtbot) -> NotesController:
    """Return a controller holding five items and no file (saving is skipped)."""
    notes = NotesController()
    for item in _items():
        notes.add_item(item)
    return notes


@pytest.fixture
def panel(qtbot, controller: NotesController) -> NotesPanel:
    """Return a shown Notes panel of `controller`."""
    dock = NotesPanel(controller)
    qtbot.addWidget(dock)
    dock.resize(360, 600)
    dock.show()
    qtbot.waitExposed(dock)
    return dock


def _ids(panel: NotesPanel) -> list[str]:
    return [panel.proxy.index(row, 0).data(ItemIdRole) for row in range(panel.proxy.rowCount())]


def _click(qtbot, panel: NotesPanel, row: int, *, double: bool = False) -> None:
    center = panel.view.visualRect(panel.proxy.index(row, 0)).center()
    if double:  # QTest sends the double-click event alone; a real one follows a click
        qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=center)
        qtbot.mouseDClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=center)
    else:
        qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=center)


def test_model_passes_qabstractitemmodeltester(qtmodeltester, controller: NotesController) -> None:
    model = NotesListModel(controller)
    qtmodeltester.check(model, force_py=True)
    controller.remove_item("pinky")
    controller.edit_item("late", note="changed")
    qtmodeltester.check(model, force_py=True)


def test_rows_are_in_time_order_with_their_roles(controller: NotesController) -> None:
    model = NotesListModel(controller)
    ids = [model.index(row, 0).data(ItemIdRole) for row in range(model.rowCount())]
    assert ids == ["intro", "pinky", "gone", "markup", "late"]
    pinky = model.index(1, 0)
    assert pinky.data(StartRole) == 120_500
    assert pinky.data(KindRole) == "highlight"
    assert pinky.data(SpeakerRole) == "Ana Lima"
    assert pinky.data(QuoteRole) == "the cache was cold"
    assert pinky.data(NoteRole) == "Surprising"
    assert pinky.data(ColourRole) == QColor(HIGHLIGHT_COLOURS["pink"])
    assert pinky.data(TurnIndexRole) == 7
    assert pinky.data(DetachedRole) is False
    intro = model.index(0, 0)
    assert intro.data(LabelRole) == "Introduction"
    assert intro.data(ColourRole) is None
    assert intro.data(Qt.ItemDataRole.DisplayRole) == "[00:05] José García — Introduction"
    assert pinky.data(Qt.ItemDataRole.DisplayRole) == "[02:00] Ana Lima — “the cache was cold” — Surprising"
    assert "Surprising" in pinky.data(Qt.ItemDataRole.AccessibleTextRole)


def test_model_follows_the_controller(qtbot, controller: NotesController) -> None:
    model = NotesListModel(controller)
    with qtbot.waitSignal(model.modelReset, timeout=100):
        controller.add_item(NoteItem("bookmark", 1_000, id="first"))
    assert model.index(0, 0).data(ItemIdRole) == "first"
    with qtbot.waitSignal(model.dataChanged, timeout=100):  # an edit keeps the rows: no reset
        controller.edit_item("first", note="now with a note")
    assert model.index(0, 0).data(NoteRole) == "now with a note"


def test_long_quote_is_shortened_in_the_summary_only(controller: NotesController) -> None:
    long_quote = "word " * 40
    controller.add_item(NoteItem("highlight", 1, id="long", quote=Quote(long_quote), color="yellow"))
    model = NotesListModel(controller)
    index = model.index(model.row_of("long"), 0)
    display = index.data(Qt.ItemDataRole.DisplayRole)
    assert "…”" in display and len(display) < len(long_quote)
    assert index.data(QuoteRole) == long_quote
    assert long_quote.strip() in index.data(Qt.ItemDataRole.AccessibleTextRole)


@pytest.mark.parametrize(("text", "expected"), [
    ("cache", ["pinky"]),  # quote
    ("SECOND run", ["late"]),  # note, every word, any case
    ("introduction", ["intro"]),  # label
    ("pink", ["pinky"]),  # colour name
    ("bookmark", ["intro", "markup"]),  # kind
    ("ana lima", ["pinky", "late"]),  # speaker
    ("jose", ["intro", "gone"]),  # accents ignored
    ("GARCÍA", ["intro", "gone"]),
    ("method", ["late"]),  # tag
    ("detached", ["gone"]),
    ("12:18", ["late"]),  # the time as shown
    ("pink jose", []),
    ("nothing like this", []),
])
def test_filter_matches_any_field(panel: NotesPanel, text: str, expected: list[str]) -> None:
    panel.filter_edit.setText(text)
    assert _ids(panel) == expected


def test_fold_text_drops_accents_and_case() -> None:
    assert fold_text("José Ñúñez") == "jose nunez"
    assert fold_text("Straße") == "strasse"
    assert fold_text("ﬁne") == "fine"


def test_count_label(panel: NotesPanel, controller: NotesController) -> None:
    assert panel.count_label.text() == "5 items"
    panel.filter_edit.setText("pink")
    assert panel.count_label.text() == "1 of 5 items"
    panel.filter_edit.setText("   ")
    assert panel.count_label.text() == "5 items"
    panel.filter_edit.clear()
    controller.remove_item("late")
    assert panel.count_label.text() == "4 items"
    controller.undo_stack.undo()
    assert panel.count_label.text() == "5 items"


def test_count_label_singular(qtbot) -> None:
    notes = NotesController()
    dock = NotesPanel(notes)
    qtbot.addWidget(dock)
    assert dock.count_label.text() == "0 items"
    notes.add_item(NoteItem("bookmark", 0))
    assert dock.count_label.text() == "1 item"


def test_widgets_are_named(panel: NotesPanel) -> None:
    assert panel.objectName() == "notesPanel"
    assert panel.windowTitle() == "Notes"
    assert panel.filter_edit.placeholderText() == "Filter notes: text, colour, kind, speaker"
    assert panel.filter_edit.isClearButtonEnabled()
    for widget in (panel.filter_edit, panel.view, panel.count_label):
        assert widget.accessibleName()


def test_click_seeks_to_the_item(qtbot, panel: NotesPanel) -> None:
    with qtbot.waitSignal(panel.seekRequested, timeout=500) as blocker:
        _click(qtbot, panel, 1)
    assert blocker.args == [120_500, 7]
    with qtbot.waitSignal(panel.seekRequested, timeout=500) as blocker:
        _click(qtbot, panel, 3)  # no turn
    assert blocker.args == [600_000, -1]


def test_enter_seeks_to_the_current_item(qtbot, panel: NotesPanel) -> None:
    panel.view.setFocus()
    panel.select_item("late")
    with qtbot.waitSignal(panel.seekRequested, timeout=500) as blocker:
        qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert blocker.args == [738_000, 40]


def test_double_click_and_f2_ask_to_edit(qtbot, panel: NotesPanel) -> None:
    with qtbot.waitSignal(panel.editRequested, timeout=500) as blocker:
        _click(qtbot, panel, 2, double=True)
    assert blocker.args == ["gone"]
    panel.view.setFocus()
    panel.select_item("pinky")
    with qtbot.waitSignal(panel.editRequested, timeout=500) as blocker:
        qtbot.keyClick(panel.view, Qt.Key.Key_F2)
    assert blocker.args == ["pinky"]


@pytest.mark.parametrize("key", [Qt.Key.Key_Delete, Qt.Key.Key_Backspace])
def test_delete_removes_the_item_undoably(qtbot, panel: NotesPanel, controller: NotesController, key) -> None:
    panel.view.setFocus()
    panel.select_item("pinky")
    qtbot.keyClick(panel.view, key)
    assert controller.item("pinky") is None
    assert "pinky" not in _ids(panel)
    assert panel.selected_item_id() == "gone"  # the next item, so Delete can be pressed again
    controller.undo_stack.undo()
    assert controller.item("pinky") is not None
    assert _ids(panel) == ["intro", "pinky", "gone", "markup", "late"]


def test_delete_with_nothing_selected_does_nothing(qtbot, panel: NotesPanel, controller: NotesController) -> None:
    panel.view.setFocus()
    panel.view.setCurrentIndex(QModelIndex())
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert len(controller.items()) == 5
    assert controller.undo_stack.count() == 5


def test_selection_survives_a_reset(panel: NotesPanel, controller: NotesController) -> None:
    assert panel.select_item("gone")
    controller.add_item(NoteItem("bookmark", 1, id="earlier"))  # new row above: the model resets
    assert panel.selected_item_id() == "gone"
    assert panel.view.selectionModel().isSelected(panel.view.currentIndex())
    controller.edit_item("gone", note="edited")  # same rows: no reset, still selected
    assert panel.selected_item_id() == "gone"
    controller.undo_stack.undo()
    controller.undo_stack.undo()
    assert panel.selected_item_id() == "gone"


def test_selection_comes_back_when_the_filter_is_cleared(qtbot, panel: NotesPanel,
                                                        controller: NotesController) -> None:
    assert panel.select_item("gone")
    panel.filter_edit.setText("pink")
    assert panel.selected_item_id() is None
    assert not panel.select_item("gone")
    panel.view.setFocus()  # nothing is selected, so Delete removes nothing
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert len(controller.items()) == 5
    panel.filter_edit.clear()
    assert panel.selected_item_id() == "gone"


def test_filter_box_keys(qtbot, panel: NotesPanel) -> None:
    panel.filter_edit.setFocus()
    qtbot.keyClicks(panel.filter_edit, "ana")
    assert _ids(panel) == ["pinky", "late"]
    qtbot.keyClick(panel.filter_edit, Qt.Key.Key_Down)
    assert panel.selected_item_id() == "pinky"
    qtbot.keyClick(panel.filter_edit, Qt.Key.Key_Escape)
    assert panel.filter_edit.text() == ""
    assert len(_ids(panel)) == 5


def test_markup_is_shown_literally(panel: NotesPanel) -> None:
    index = panel.proxy.index(_ids(panel).index("markup"), 0)
    assert index.data(LabelRole) == MARKUP
    assert index.data(NoteRole) == MARKUP
    assert MARKUP in index.data(Qt.ItemDataRole.DisplayRole)
    assert MARKUP in index.data(Qt.ItemDataRole.AccessibleTextRole)
    assert index.data(Qt.ItemDataRole.ToolTipRole) is None  # Qt would render a markup-looking tooltip
    image = QImage(panel.view.viewport().size(), QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    panel.view.viewport().render(painter, QPoint())
    painter.end()
    assert not image.isNull()


def test_delegate_draws_plain_text(panel: NotesPanel, monkeypatch: pytest.MonkeyPatch) -> None:
    drawn = _drawn_texts(panel, monkeypatch)
    assert MARKUP in drawn  # the label, drawn as the characters typed
    assert "(text no longer in the transcript)" in drawn
    assert "12:18" in drawn


def test_detached_item_is_marked(controller: NotesController) -> None:
    model = NotesListModel(controller)
    index = model.index(model.row_of("gone"), 0)
    assert index.data(DetachedRole) is True
    assert "(text no longer in the transcript)" in index.data(Qt.ItemDataRole.DisplayRole)
    assert "no longer in the transcript" in index.data(Qt.ItemDataRole.AccessibleTextRole)
    attached = model.index(model.row_of("pinky"), 0)
    assert "no longer" not in attached.data(Qt.ItemDataRole.DisplayRole)


def test_rows_are_compact_and_follow_the_width(panel: NotesPanel) -> None:
    line = panel.view.fontMetrics().lineSpacing()
    heights = {item_id: panel.view.visualRect(panel.proxy.index(row, 0)).height()
               for row, item_id in enumerate(_ids(panel))}
    assert heights["intro"] < heights["pinky"]  # a bare bookmark is one line
    assert max(heights.values()) <= 5 * line + 16


def test_the_notes_panel_is_editable_from_its_menu_keys_and_the_notes_menu(qtbot, window, sample_paths) -> None:
    """Right click offers Go to, Edit, Colour, Copy, Delete; Alt+2 recolours the selected highlight."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    window.open_transcript(*sample_paths)
    window.view.set_text_selection(2, 0, 5)
    window.note_commands.add_highlight()
    window.note_commands.add_bookmark()
    window.note_commands.editor.close()
    panel = window.notes_panel
    panel.show()
    highlight = next(i for i in window.notes.items() if i.kind == "highlight")
    assert panel.select_item(highlight.id)
    menu = panel.context_menu()
    texts = [a.text().split("\t")[0].replace("&", "") for a in menu.actions() if not a.isSeparator()]
    assert texts == ["Go To", "Edit…", "Copy", "Colour", "Delete"]
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert window.notes.item(highlight.id).color == "green"
    qtbot.keyClick(panel.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text().startswith("[")
    window.commands["note_edit"].trigger()
    assert window.note_commands.editor is not None
    window.note_commands.editor.close()
    count = len(window.notes.items())
    window.commands["note_delete"].trigger()
    assert len(window.notes.items()) == count - 1
    window.notes.undo_stack.undo()
    assert len(window.notes.items()) == count


def _named_panel(qtbot, width: int) -> NotesPanel:
    notes = NotesController()
    notes.add_item(NoteItem("bookmark", 6_000, id="bare", turn_index=0, speaker="Alexandra"))
    notes.add_item(NoteItem("bookmark", 7_000, id="labelled", turn_index=0, speaker="Alexandra", label="Intro"))
    notes.add_item(NoteItem("highlight", 8_000, id="quoted", turn_index=0, speaker="Alexandra", color="green",
                            quote=Quote("we measured it twice")))
    dock = NotesPanel(notes)
    qtbot.addWidget(dock)
    dock.resize(width, 300)
    dock.show()
    qtbot.waitExposed(dock)
    return dock


def _drawn_texts(panel: NotesPanel, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    drawn: list[str] = []
    original = QPainter.drawText

    def record(painter: QPainter, *args) -> None:
        drawn.extend(a for a in args if isinstance(a, str))
        original(painter, *args)

    monkeypatch.setattr(QPainter, "drawText", record)
    panel.view.viewport().grab()
    monkeypatch.undo()
    return drawn


def test_a_speakers_name_is_shown_in_full_when_it_fits(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    """A labelled bookmark in a narrow panel said "Intro  Alex…" to keep "· bookmark": the kind goes first."""
    panel = _named_panel(qtbot, 300)
    fonts = panel.delegate._fonts_for(panel.view.font())
    # The heading's room at this panel width, and a width where the name fits but not with "· bookmark".
    room = panel.view.viewport().width() - 2 * H_PADDING - fonts.time_width - fonts.chip - GAP // 2
    needed = fonts.bold_metrics.horizontalAdvance("Intro") + fonts.metrics.horizontalAdvance("  Alexandra")
    with_kind = fonts.bold_metrics.horizontalAdvance("Intro") + fonts.metrics.horizontalAdvance(
        "  Alexandra · bookmark")
    panel.resize(panel.width() - room + (needed + with_kind) // 2, 300)
    qtbot.waitUntil(lambda: panel.view.viewport().width() < 300)
    drawn = _drawn_texts(panel, monkeypatch)
    assert "  Alexandra" in drawn, f"the name is cut although it fits: {drawn}"
    assert not any("Alex" in text and "…" in text for text in drawn), drawn
    assert drawn.count("Alexandra") == 2, "the unlabelled rows show the name in bold, whole"

    # At every width, each part is whole when it fits, and nothing is cut to a bare "…".
    for width in range(60, 400, 3):
        for row in range(panel.proxy.rowCount()):
            index = panel.proxy.index(row, 0)
            shown, rest = NoteDelegate.heading(index, fonts, width)
            primary = index.data(LabelRole) or index.data(SpeakerRole)
            if fonts.bold_metrics.horizontalAdvance(primary) <= width:
                assert shown == primary, (width, shown)
            room = width - fonts.bold_metrics.horizontalAdvance(shown)
            if index.data(LabelRole) and fonts.metrics.horizontalAdvance("  Alexandra") <= room:
                assert rest.startswith("  Alexandra"), (width, rest)
            assert rest.strip() != "…", (width, shown, rest)
            assert fonts.bold_metrics.horizontalAdvance(shown) + fonts.metrics.horizontalAdvance(rest) <= width


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_quotes_are_painted_on_the_transcripts_tints_for_the_palette(qtbot, panel: NotesPanel, dark: bool) -> None:
    """The panel drew the light theme's pale tints with black ink in a dark theme too, unlike the transcript."""
    from collections import Counter

    from reader.qt.palette import contrast_ratio, highlight_text, highlight_tint
    from tests.qt.test_palette import _palette

    palette = _palette(dark)
    panel.view.setPalette(palette)
    image = panel.view.viewport().grab().toImage()
    for item_id, colour in (("late", "green"), ("pinky", "pink")):
        row = _ids(panel).index(item_id)
        rect = panel.view.visualRect(panel.proxy.index(row, 0))
        pixels = Counter(image.pixelColor(x, y).rgb() for x in range(rect.left(), rect.right())
                         for y in range(rect.top(), rect.bottom()))
        tint = highlight_tint(colour, palette)
        assert pixels[tint.rgb()] > 100, f"{colour}: the palette's tint is not painted"
        ink = max((QColor.fromRgb(rgb) for rgb in pixels if pixels[rgb] > 3),
                  key=lambda c: contrast_ratio(c, tint))
        assert contrast_ratio(ink, tint) >= 4.5
        assert contrast_ratio(highlight_text(palette), tint) >= 4.5
