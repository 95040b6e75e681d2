"""Run-time hook for the frozen SkillDesk, in place of PyInstaller's own `pyi_rth_pyside6`.

That hook imports PySide6.QtCore in every process it starts, to register a qt.conf, so every
command (`skilldesk roster check` too) and every photo-check worker loaded Qt (and ICU on
Linux) before doing anything. The PySide6 wheels register their own qt.conf when QtCore is
first imported, so only Qt's plugin folder is left to say here; Qt loads when the window does.
"""

import os
import sys

_qt = os.path.join(sys._MEIPASS, "PySide6")
if sys.platform != "win32":
    _qt = os.path.join(_qt, "Qt")
os.environ["QT_PLUGIN_PATH"] = os.path.join(_qt, "plugins")
