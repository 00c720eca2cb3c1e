"""Language choice and the Qt translators for the GUI and the subcommands.

The UI ships in Simplified Chinese and English. Sources are English; the
Chinese catalogue is ``resources/i18n/waterguard_zh_CN.ts``, compiled with
``pyside6-lrelease`` into the ``.qm`` file that ships beside it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from models.paths import RESOURCES

I18N_DIR = RESOURCES / "i18n"
LANGUAGES = ("zh_CN", "en")

# Translators must outlive the call that installs them (Qt keeps a raw pointer).
_installed: list[QTranslator] = []


def default_language() -> str:
    """``zh_CN`` on a Chinese locale, English elsewhere."""
    return "zh_CN" if QLocale.system().name().startswith("zh") else "en"


def normalise_language(lang: str | None) -> str:
    """Map ``zh``, ``zh-CN``, ``zh_CN.UTF-8``… to a shipped language code."""
    if not lang:
        return default_language()
    lang = lang.replace("-", "_").split(".")[0]
    if lang.lower().startswith("zh"):
        return "zh_CN"
    return "en"


def localized_name(name: str | None, name_zh: str | None) -> str:
    """A place's, team's or vehicle's name in the UI language (the Chinese name when there is one)."""
    if name_zh and QLocale().name().startswith("zh"):
        return name_zh
    return name or name_zh or ""


def install_translators(app: QCoreApplication, lang: str) -> str:
    """Install WaterGuard's and Qt's own translations for ``lang``; returns the language used."""
    lang = normalise_language(lang)
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(QLocale(lang))
    if lang == "en":
        return lang
    ours = QTranslator(app)
    if ours.load(str(I18N_DIR / f"waterguard_{lang}.qm")):
        app.installTranslator(ours)
        _installed.append(ours)
    qt_base = QTranslator(app)
    if qt_base.load(QLocale(lang), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_base)
        _installed.append(qt_base)
    return lang
