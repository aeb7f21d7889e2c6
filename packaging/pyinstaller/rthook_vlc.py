"""PyInstaller runtime hook: point python-vlc at a VLC copied into the bundle, if there is one.

Runs before the app's code. The Linux bundle carries no VLC (python-vlc finds the system's libvlc.so.5), so
this does nothing there. A Windows or macOS bundle built with TRANSCRIPT_READER_VLC_DIR set (see
packaging/README.md) has VLC's libraries in `vlc/` and its plugins in `vlc/plugins/`; python-vlc reads
PYTHON_VLC_LIB_PATH / PYTHON_VLC_MODULE_PATH when it is imported. Values the user set are kept.
"""

import os
import sys
from pathlib import Path

_LIBRARY = {"win32": "libvlc.dll", "darwin": "libvlc.dylib"}.get(sys.platform, "libvlc.so.5")


def _use_bundled_vlc() -> None:
    base = Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "vlc"
    library, plugins = base / _LIBRARY, base / "plugins"
    if "PYTHON_VLC_LIB_PATH" in os.environ or not library.is_file():
        return
    if sys.platform == "win32":
        os.add_dll_directory(str(base))  # libvlc.dll loads libvlccore.dll from beside it
    os.environ["PYTHON_VLC_LIB_PATH"] = str(library)
    if plugins.is_dir():
        os.environ.setdefault("PYTHON_VLC_MODULE_PATH", str(plugins))
        os.environ.setdefault("VLC_PLUGIN_PATH", str(plugins))


_use_bundled_vlc()
