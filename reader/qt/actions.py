"""Every command of the window as data: text, keys, menu, handler and help, in one table.

The menus, the shortcuts the window listens to, the F1 sheet and the tests are all made from `ACTIONS`
(napari's `Action(id, title, keybindings, callback)` list): a command added here appears everywhere, and
two commands cannot quietly share a key. Handlers take the window, typed loosely (`Any`) so that this
module never imports it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenuBar, QWidget

from reader.qt.about import show_about

Key = str | QKeySequence.StandardKey | Qt.Key
SKIP_MS = 5000


@dataclass(frozen=True)
class ActionSpec:
    """One command: `run(window)`, or `toggle(window, checked)` for a checkable one.

    `make(window)` instead returns a QAction that Qt provides (a dock's toggle, undo, a submenu's action).
    `separator` puts a line before the entry in its menu.
    """

    id: str
    menu: str
    text: str
    keys: Sequence[Key] = ()
    help: str = ""
    run: Callable[[Any], object] | None = None
    toggle: Callable[[Any, bool], object] | None = None
    checked: bool = False
    make: Callable[[Any], QAction] | None = None
    separator: bool = False


def _skip(delta: int) -> Callable[[Any], object]:
    return lambda w: w.controller.skip(delta)


def _shift(delta: int) -> Callable[[Any], object]:
    return lambda w: w.sync.shift(delta)


MENUS = ("&File", "&Playback", "&Sync", "&Find", "&View", "&Notes", "&Help")

ACTIONS: tuple[ActionSpec, ...] = (
    # File
    ActionSpec("open_transcript", "&File", "Open &Transcript…", (QKeySequence.StandardKey.Open,),
               "Open a transcript file", run=lambda w: w.choose_transcript()),
    ActionSpec("open_media", "&File", "Open &Media…", ("Ctrl+Shift+O",), "Open the recording to play beside it",
               run=lambda w: w.choose_media()),
    ActionSpec("export", "&File", "&Export Notes…", ("Ctrl+E",), "Export bookmarks, highlights and notes",
               run=lambda w: w.export_notes(), separator=True),
    ActionSpec("recent", "&File", "Open &Recent", (), "Open a recently read transcript",
               make=lambda w: w.recent_menu.menuAction()),
    ActionSpec("quit", "&File", "&Quit", (QKeySequence.StandardKey.Quit,), "Close the window",
               run=lambda w: w.close(), separator=True),
    # Playback
    ActionSpec("play", "&Playback", "&Play / Pause",
               ("Space", "K", "Ctrl+Space", Qt.Key.Key_MediaTogglePlayPause, Qt.Key.Key_MediaPlay),
               "Play or pause the recording", run=lambda w: w.controller.toggle()),
    ActionSpec("back_5", "&Playback", f"&Back {SKIP_MS // 1000} s", ("Left",), "Skip back",
               run=_skip(-SKIP_MS), separator=True),
    ActionSpec("forward_5", "&Playback", f"&Forward {SKIP_MS // 1000} s", ("Right",), "Skip forward",
               run=_skip(SKIP_MS)),
    ActionSpec("back_10", "&Playback", "Back 10 s", ("J",), "Skip back", run=_skip(-10_000)),
    ActionSpec("forward_10", "&Playback", "Forward 10 s", ("L",), "Skip forward", run=_skip(10_000)),
    ActionSpec("back_30", "&Playback", "Back 30 s", ("Shift+Left",), "Skip back", run=_skip(-30_000)),
    ActionSpec("forward_30", "&Playback", "Forward 30 s", ("Shift+Right",), "Skip forward", run=_skip(30_000)),
    ActionSpec("previous_turn", "&Playback", "Pre&vious Turn", ("Ctrl+Left", Qt.Key.Key_MediaPrevious),
               "Go to the start of this turn, then the one before", run=lambda w: w.navigator.step(-1),
               separator=True),
    ActionSpec("next_turn", "&Playback", "Ne&xt Turn", ("Ctrl+Right", Qt.Key.Key_MediaNext),
               "Go to the next turn shown", run=lambda w: w.navigator.step(1)),
    ActionSpec("previous_same_speaker", "&Playback", "Previous Turn of This Speaker", ("Ctrl+Shift+Up",),
               "Go to this speaker's previous turn", run=lambda w: w.navigator.step(-1, same_speaker=True)),
    ActionSpec("next_same_speaker", "&Playback", "Next Turn of This Speaker", ("Ctrl+Shift+Down",),
               "Go to this speaker's next turn", run=lambda w: w.navigator.step(1, same_speaker=True)),
    ActionSpec("replay", "&Playback", "&Replay This Turn", ("R",), "Play the spoken turn again from its start",
               run=lambda w: w.navigator.replay()),
    ActionSpec("play_selection", "&Playback", "Play &Selection", ("Shift+R",),
               "Play exactly the selected words (from word times when they are known)",
               run=lambda w: w.navigator.play_range(w.note_commands.target_range())),
    ActionSpec("loop", "&Playback", "&Loop This Turn", ("Ctrl+L",), "Play the spoken turn over and over",
               toggle=lambda w, on: w.navigator.set_looping(on)),
    ActionSpec("slower", "&Playback", "&Slower", ("Ctrl+[", "["), "Play slower",
               run=lambda w: w.transport.step_rate(-1), separator=True),
    ActionSpec("faster", "&Playback", "&Faster", ("Ctrl+]", "]"), "Play faster",
               run=lambda w: w.transport.step_rate(1)),
    ActionSpec("normal_speed", "&Playback", "&Normal Speed", ("=",), "Play at normal speed",
               run=lambda w: w.transport.set_rate(1.0)),
    ActionSpec("back_to_playback", "&Playback", "Back to Playback", (".",), "Scroll back to the spoken turn",
               run=lambda w: w.follower.resume(), separator=True),
    ActionSpec("follow", "&Playback", "&Follow Playback", ("F",), "Keep the spoken turn in view",
               toggle=lambda w, on: w.set_following(on), checked=True),
    ActionSpec("reduce_motion", "&Playback", "Reduce &Motion", (), "Jump instead of scrolling smoothly",
               toggle=lambda w, on: w.view.set_reduced_motion(on)),
    # Sync
    ActionSpec("shift_timing", "&Sync", "&Shift Timing…", (), "Move every transcript time by an amount",
               run=lambda w: w.ask_shift_timing()),
    # Each with a second key: Openbox and GNOME switch workspaces on Ctrl+Alt+Left/Right and never pass them on.
    ActionSpec("earlier_100", "&Sync", "Transcript 0.1 s Earlier", ("Ctrl+Alt+Left", "Alt+Left"),
               "The words come 0.1 s earlier in the recording", run=_shift(-100)),
    ActionSpec("later_100", "&Sync", "Transcript 0.1 s Later", ("Ctrl+Alt+Right", "Alt+Right"),
               "The words come 0.1 s later in the recording", run=_shift(100)),
    ActionSpec("earlier_1000", "&Sync", "Transcript 1 s Earlier", ("Ctrl+Alt+Shift+Left", "Alt+Shift+Left"),
               "The words come 1 s earlier in the recording", run=_shift(-1000)),
    ActionSpec("later_1000", "&Sync", "Transcript 1 s Later", ("Ctrl+Alt+Shift+Right", "Alt+Shift+Right"),
               "The words come 1 s later in the recording", run=_shift(1000)),
    ActionSpec("turn_starts_now", "&Sync", "This Turn Starts &Now", ("Ctrl+T",),
               "Anchor the selected or spoken turn's start to this moment", run=lambda w: w.turn_starts_now(),
               separator=True),
    ActionSpec("apply_auto_sync", "&Sync", "Apply &Automatic Sync", ("Ctrl+Shift+Y",),
               "Line the transcript up with the recording by the words heard in it (again: undo)",
               toggle=lambda w, on: w.sync.apply_suggestion(on), separator=True),
    ActionSpec("align_words", "&Sync", "Align &Words", (),
               "Find every word in the recording (offline), or stop doing so",
               toggle=lambda w, on: w.set_word_alignment(on), checked=True),
    ActionSpec("anchors", "&Sync", "&Anchors…", (), "List and remove sync anchors", run=lambda w: w.show_anchors()),
    ActionSpec("reset_sync", "&Sync", "&Reset Sync", (), "Forget the offset and every anchor",
               run=lambda w: w.sync.reset()),
    # Find
    ActionSpec("find", "&Find", "&Find…", (QKeySequence.StandardKey.Find,), "Search the transcript",
               run=lambda w: w.find.bar.open()),
    # F3 and Shift+F3, not the platform's FindNext/FindPrevious: on Linux those add Ctrl+G and Ctrl+Shift+G,
    # and Ctrl+G is Go to Time; two commands on one key make Qt run neither.
    ActionSpec("find_next", "&Find", "Find &Next", ("F3",), "Go to the next match",
               run=lambda w: w.find.bar.next()),
    ActionSpec("find_previous", "&Find", "Find &Previous", ("Shift+F3",),
               "Go to the previous match", run=lambda w: w.find.bar.previous()),
    ActionSpec("go_to_time", "&Find", "&Go to Time…", ("Ctrl+G",), "Seek to a time such as 12:18 or +30",
               run=lambda w: w.go_to_time()),
    # View
    ActionSpec("zoom_in", "&View", "Zoom &In", ("Ctrl++", "Ctrl+="), "Larger text", run=lambda w: w.view.zoom(1)),
    ActionSpec("zoom_out", "&View", "Zoom &Out", ("Ctrl+-",), "Smaller text", run=lambda w: w.view.zoom(-1)),
    ActionSpec("zoom_reset", "&View", "&Reset Zoom", ("Ctrl+0",), "Text at the default size",
               run=lambda w: w.view.zoom(0)),
    ActionSpec("notes_only", "&View", "Only Turns With &Notes", ("Ctrl+Shift+H",),
               "Hide the turns without a bookmark or highlight", toggle=lambda w, on: w.rows.set_notes_only(on),
               separator=True),
    ActionSpec("speakers_panel", "&View", "&Speakers Panel", ("Ctrl+Shift+S",),
               "Show speakers, their talk time, filters and names",
               make=lambda w: w.speakers_panel.toggleViewAction()),
    ActionSpec("detach_video", "&View", "&Detach Video", ("Ctrl+Shift+D",), "Show the video in its own window",
               toggle=lambda w, on: w.video_dock.set_detached(on), separator=True),
    ActionSpec("full_screen", "&View", "&Full Screen", ("F11",), "The video full screen (Esc or F11 leaves)",
               run=lambda w: w.video_dock.toggle_full_screen()),
    # Notes
    ActionSpec("bookmark", "&Notes", "&Bookmark This Moment", ("Ctrl+B",), "Bookmark the playback moment",
               run=lambda w: w.note_commands.add_bookmark()),
    ActionSpec("highlight", "&Notes", "&Highlight Selection", ("Ctrl+H",),
               "Highlight the selected text, or the selected or spoken turn",
               run=lambda w: w.note_commands.add_highlight()),
    ActionSpec("note_go_to", "&Notes", "&Go to Note", (), "Seek to the note selected in the Notes panel (Enter there)",
               run=lambda w: w.notes_panel.go_to_selected() or _no_note_selected(w), separator=True),
    ActionSpec("note_edit", "&Notes", "&Edit Note…", (), "Edit the note selected in the Notes panel (F2 there)",
               run=lambda w: w.notes_panel.edit_selected() or _no_note_selected(w)),
    ActionSpec("note_delete", "&Notes", "&Delete Note", (), "Delete the note selected in the Notes panel (Del there)",
               run=lambda w: w.notes_panel.delete_selected() or _no_note_selected(w)),
    ActionSpec("undo", "&Notes", "&Undo", ("Ctrl+Z",), "Undo the last change to the notes",
               make=lambda w: w.notes.undo_stack.createUndoAction(w, "&Undo"), separator=True),
    ActionSpec("redo", "&Notes", "&Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "Redo it",
               make=lambda w: w.notes.undo_stack.createRedoAction(w, "&Redo")),
    ActionSpec("notes_panel", "&Notes", "Notes &Panel", ("Ctrl+Shift+N",), "Show every note in a list",
               make=lambda w: w.notes_panel.toggleViewAction(), separator=True),
    # Help
    ActionSpec("shortcuts", "&Help", "&Keyboard Shortcuts", (QKeySequence.StandardKey.HelpContents,),
               "This list", run=lambda w: w.show_shortcuts()),
    ActionSpec("about", "&Help", "&About Transcript Reader", (),
               "The version, and what plays the recording and times the words here",
               run=lambda w: show_about(w, w.controller.player)),
)

def _no_note_selected(window: Any) -> None:
    window.notes_panel.show()
    window.statusBar().showMessage("Select a note in the Notes panel first", 4000)


# Keys the Notes panel's list handles on its selected note (its right-click menu offers the same).
NOTES_PANEL_KEYS: tuple[tuple[str, str], ...] = (
    ("Go to the note", "Enter, or a click"),
    ("Edit the note", "F2, or a double click"),
    ("Change a highlight's colour", "Alt+1 yellow, Alt+2 green, Alt+3 blue, Alt+4 pink"),
    ("Copy the note as a line", "Ctrl+C"),
    ("Delete the note (Ctrl+Z brings it back)", "Delete, Backspace"),
    ("Everything above", "Right click"),
)

# Keys the transcript itself handles (not commands): listed in the F1 sheet after the menus' commands.
TRANSCRIPT_KEYS: tuple[tuple[str, str], ...] = (
    ("Select text", "Shift+Home, Shift+End, or a drag"),
    ("Extend the selection", "Shift+Left, Shift+Right (Ctrl: by word)"),
    ("Copy the selection or the turn", "Ctrl+C"),
    ("Clear the selection", "Esc"),
    ("Seek to a turn or a word", "Click, or Enter on a turn"),
)


def key_sequences(spec: ActionSpec) -> list[QKeySequence]:
    """Return the key sequences of `spec`."""
    sequences: list[QKeySequence] = []
    for key in spec.keys:
        if isinstance(key, QKeySequence.StandardKey):
            sequences.extend(QKeySequence.keyBindings(key) or [QKeySequence(key)])
        else:
            sequences.append(QKeySequence(key))
    return sequences


def create_actions(window: QWidget, specs: Sequence[ActionSpec] = ACTIONS) -> dict[str, QAction]:
    """Make every action of `specs` for `window` (which listens to their keys) and return them by id."""
    actions: dict[str, QAction] = {}
    for spec in specs:
        action = spec.make(window) if spec.make is not None else QAction(spec.text, window)
        action.setText(spec.text)
        if spec.keys:
            action.setShortcuts(key_sequences(spec))
        if spec.help:
            action.setStatusTip(spec.help)
        if spec.toggle is not None:
            action.setCheckable(True)
            action.setChecked(spec.checked)
            # triggered, not toggled: setChecked() from code (restoring a session) runs no handler.
            action.triggered.connect(lambda on, s=spec: s.toggle(window, on))  # type: ignore[misc]
        elif spec.run is not None:
            action.triggered.connect(lambda _=False, s=spec: s.run(window))  # type: ignore[misc]
        if spec.keys and action.menu() is None:
            window.addAction(action)  # heard even while its menu is hidden (full screen, no menu bar)
        actions[spec.id] = action
    return actions


def fill_menus(bar: QMenuBar, actions: dict[str, QAction], specs: Sequence[ActionSpec] = ACTIONS) -> None:
    """Put the actions in the menu bar, in table order."""
    menus = {title: bar.addMenu(title) for title in MENUS}
    for spec in specs:
        menu = menus[spec.menu]
        if spec.separator and menu.actions():
            menu.addSeparator()
        menu.addAction(actions[spec.id])


def shortcut_rows(actions: dict[str, QAction], specs: Sequence[ActionSpec] = ACTIONS) -> list[tuple[str, str, str]]:
    """Return (menu, command, keys) for every command, in menu order, with the keys the actions have now."""
    rows = []
    for spec in specs:
        keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in actions[spec.id].shortcuts())
        rows.append((spec.menu.replace("&", ""), spec.text.replace("&", ""), keys))
    rows.extend(("Transcript", name, keys) for name, keys in TRANSCRIPT_KEYS)
    rows.extend(("Notes panel", name, keys) for name, keys in NOTES_PANEL_KEYS)
    return rows
