"""The Simplified Chinese translation loads, is complete, and reaches the window."""

from __future__ import annotations

import re
import string
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

import hfmanager
from hfmanager.app import install_translator, remove_translator, translations_path
from hfmanager.core.inventory.model import RepoType
from hfmanager.core.messages import TEMPLATES, WORDS, Msg, Param
from hfmanager.core.paths import resources_dir
from hfmanager.ui import messages
from tests import tscheck


def test_qm_loads_and_translates_known_strings(qapp) -> None:  # type: ignore[no-untyped-def]
    translator = QTranslator()
    assert translator.load(translations_path("zh_CN"))
    assert translator.translate("MainWindow", "&Refresh") == "刷新(&R)"
    assert translator.translate("fmt", "{n} days ago") == "{n} 天前"
    assert translator.translate("LibraryView", "Copy path") == "复制路径"


def test_every_string_in_the_ts_file_is_translated() -> None:
    root = ET.parse(resources_dir() / "translations" / "hfmanager_zh_CN.ts").getroot()
    unfinished = [m.findtext("source") for m in root.iter("message")
                  if m.find("translation") is None
                  or m.find("translation").get("type") == "unfinished"]  # type: ignore[union-attr]
    assert unfinished == []


def test_window_speaks_chinese_with_the_translator(qtbot, ctx, qapp) -> None:  # type: ignore[no-untyped-def]
    from hfmanager.ui.main_window import MainWindow

    translator = install_translator(qapp, "zh_CN")
    assert translator is not None
    try:
        win = MainWindow(ctx, scan_on_start=False)
        qtbot.addWidget(win)
        assert win.windowTitle() == "Hugging Face 缓存管理器"
        assert win.refresh_action.text() == "刷新(&R)"
        assert QCoreApplication.translate("fmt", "just now") == "刚刚"
    finally:
        remove_translator(qapp, translator)


# ----- the .ts file, reviewed by rule (tests/tscheck.py) ----------------------------------
TS = resources_dir() / "translations" / "hfmanager_zh_CN.ts"
_CJK = re.compile(r"[\u4e00-\u9fff]")


def test_ts_file_has_no_untranslated_or_badly_written_message() -> None:
    assert tscheck.mistakes(tscheck.read_ts(TS)) == []


@pytest.mark.parametrize(("row", "flagged"), [
    (("C", "Scan again", None, None), "untranslated"),
    (("C", "Scan again", "", "unfinished"), "untranslated"),
    (("C", "Scan again", "Scan again", None), "equals the English"),
    (("C", "Scanning...", "正在扫描……", None), "doubled ellipsis"),
    (("C", "Scanning...", "正在扫描...", None), "'...' instead of '…'"),
    (("C", "{n} files", "{count} 个文件", None), "placeholders differ"),
    (("C", "Freed %1", "已释放", None), "placeholders differ"),
    (("C", "Left {size:size}", "剩余 {size}", None), "placeholders differ"),
])
def test_ts_check_flags_each_kind_of_mistake(row: tscheck.Row, flagged: str) -> None:
    assert [m for m in tscheck.mistakes([row]) if flagged in m]


def test_ts_check_lets_names_and_patterns_pass() -> None:
    rows: list[tscheck.Row] = [
        ("C", "hfmanager", "hfmanager", None), ("C", "Torch hub", "Torch hub", None),
        ("C", "Python {version} · torch {torch}", "Python {version} · torch {torch}", None),
        ("C", "expected datasets--...", "应为 datasets--...", None),
        ("C", "Run `sudo -E ...` then", "运行 `sudo -E ...` 然后", None),
        ("C", "Scanning…", "正在扫描…", None)]
    assert tscheck.mistakes(rows) == []


# ----- every core message, rendered by the window under the zh_CN translator -------------
@pytest.fixture
def zh(qapp):  # type: ignore[no-untyped-def]
    translator = install_translator(qapp, "zh_CN")
    assert translator is not None
    yield translator
    remove_translator(qapp, translator)


def _sample_params(template: str) -> dict[str, Param]:
    samples: dict[str, Param] = {"size": 123_456_789, "ago": time.time() - 3 * 86400, "more": 2,
                                 "word": next(iter(WORDS))}
    return {name: samples.get(spec or "", "X1")
            for _text, name, spec, _conv in string.Formatter().parse(template) if name}


def _wordless(template: str) -> bool:
    """A template of placeholders and punctuation only ("{found}"): nothing to translate."""
    return not re.search(r"[A-Za-z]", re.sub(r"\{[^{}]*\}", "", template))


def test_every_core_message_renders_in_chinese(zh) -> None:  # type: ignore[no-untyped-def]
    english_left = []
    for code, template in TEMPLATES.items():
        m = Msg(code, tuple(sorted(_sample_params(template).items())))
        shown = messages.text(m)
        template_left = QCoreApplication.translate(messages.CONTEXT, template) == template
        if not _wordless(template) and (not _CJK.search(shown) or shown == m.text()
                                        or template_left):
            english_left.append((code, shown))
    assert english_left == []
    assert len(TEMPLATES) > 100  # problems, doctor, estimate, load, cleanup


def test_words_and_list_tails_render_in_chinese(zh) -> None:  # type: ignore[no-untyped-def]
    for key in WORDS:
        assert _CJK.search(messages.SPECS["word"](key)), key
    assert _CJK.search(messages.SPECS["more"](4))
    assert messages.SPECS["more"](0) == ""


# A code is "<area>.<name>"; the areas are those of the template table ("problem",
# "doctor"...), file names ("settings.json", "load.py") are not codes.
_AREAS = "|".join(sorted({code.split(".")[0] for code in TEMPLATES}))
_CODE = re.compile(rf"""["']((?:{_AREAS})\.(?!(?:py|json|txt|md)["'])[a-z0-9_]+)["']""")


def _codes_in_source() -> set[str]:
    """Every message code the app's code names as a literal ("problem.no_config"...), and
    the codes it builds from a repo type; the templates' own table aside."""
    root = Path(hfmanager.__file__).parent
    found: set[str] = set()
    for path in root.rglob("*.py"):
        if path.name != "messages_en.py":
            text = path.read_text(encoding="utf-8")
            found |= set(_CODE.findall(text))
            if 'f"cleanup.repo_{' in text:
                found |= {f"cleanup.repo_{t.value}" for t in RepoType}
            if 'f"settings.kind_{' in text:
                found |= {f"settings.kind_{k}" for k in ("number", "text", "list", "object")}
    return found


def test_every_message_code_in_the_code_has_an_english_template() -> None:
    """A new kind of message named in the code without a template fails here (and its
    missing Chinese template in the two tests above), before any user meets it."""
    used = _codes_in_source()
    assert len(used) > 100
    assert used - set(TEMPLATES) == set()
    assert set(TEMPLATES) - used == set()  # no template left over from removed code


def test_checks_failures_and_phases_all_have_chinese_words(zh, qtbot,  # type: ignore[no-untyped-def]
                                                           tmp_path: Path) -> None:
    """The Environment checks as the panel shows them, the headline of every failure kind
    the load worker reports and every load phase: none is left in English."""
    from hfmanager.core.doctor import run_doctor
    from hfmanager.core.loadtest.runner import PHASES
    from hfmanager.core.settings import Settings
    from hfmanager.ui.views.doctor_panel import DoctorPanel
    from hfmanager.ui.views.loadtest_card import failure_headlines, phase_titles

    panel = DoctorPanel()
    qtbot.addWidget(panel)
    report = run_doctor(Settings(), {"HOME": str(tmp_path), "HF_HUB_OFFLINE": "1",
                                     "HF_HUB_DISABLE_SYMLINKS": "1"}, network=False)
    panel.show_report(report)
    rows = {panel.tree.topLevelItem(i).data(0, 256): (panel.tree.topLevelItem(i).text(0),
                                                     panel.tree.topLevelItem(i).text(1))
            for i in range(panel.tree.topLevelItemCount())}
    names_only = {"sudo", "hf_home", "libraries"}  # titles or values that are names
    assert [k for k, (title, _) in rows.items() if k not in names_only
            and not _CJK.search(title)] == []
    assert [k for k, (_, text) in rows.items() if k not in names_only
            and not _CJK.search(text)] == []
    workers = Path(hfmanager.__file__).parent / "workers"
    kinds = {k for p in workers.glob("*.py") for k in re.findall(
        r"""(?:LoadError\(\s*|emit\(\s*["']error["'],\s*kind=)["'](\w+)["']""",
        p.read_text(encoding="utf-8"))}
    assert {"cuda_oom", "remote_code", "bad_repo"} <= kinds
    headlines = failure_headlines()
    assert kinds - set(headlines) == set()
    assert [k for k, text in headlines.items() if not _CJK.search(text)] == []
    assert set(phase_titles()) == set(PHASES)
    assert all(_CJK.search(t) for t in phase_titles().values())


def test_problems_of_a_real_scan_reach_the_window_in_chinese(zh, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Problems made by the scan keep their code and parameters through the scan index (what
    the window shows at start-up), and render in Chinese; their English stays for the CLI."""
    from hfmanager.core.inventory.scanner import load_last_inventory, scan
    from hfmanager.core.paths import CacheRoot, RootKind
    from tests.cachebuilder import HubCache

    hub = HubCache(tmp_path / "hub")
    hub.repo("org/remote").add_revision({"pytorch_model.bin": 64, "modeling_x.py": b"x=1\n"})
    index = tmp_path / "index.sqlite3"
    scanned = scan([CacheRoot(tmp_path / "hub", RootKind.HF, "test")], index_path=index)
    loaded = load_last_inventory(index)
    assert loaded is not None
    for inv in (scanned, loaded):
        problems = inv.repos[0].all_problems()
        assert {p.kind.value for p in problems} == {"no_config", "custom_code", "pickle_only"}
        assert all(p.msg is not None and p.message == p.msg.text() for p in problems)
        shown = [messages.problem_text(p) for p in problems]
        assert all(_CJK.search(text) for text in shown), shown
    custom = next(p for p in loaded.repos[0].all_problems() if p.kind.value == "custom_code")
    assert custom.message.startswith("Contains Python code (modeling_x.py): loading it needs")


def test_every_hub_and_download_failure_renders_in_chinese(zh) -> None:  # type: ignore[no-untyped-def]
    """Each reason of core/errors.py (and each kind of stop) as the add-download dialog
    shows it: Chinese, with the error's own parameters filled in."""
    from hfmanager.core import errors

    english_left = []
    for reason, template in errors.MESSAGES.items():
        params: dict[str, object] = {name: "X1" for _t, name, _s, _c in
                                     string.Formatter().parse(template)
                                     if name and name not in ("what", "stopped")}
        params.update(repo_id="org/name", repo_type="dataset", revision="main")
        for stop in errors.Stop if reason is errors.Reason.STOPPED else [None]:
            extra = {"stop": stop.value} if stop else {}
            err = errors.DownloadError(reason, **params, **extra)
            shown = messages.error_text(err)
            lost_params = "X1" in str(err) and "X1" not in shown
            untranslated = (QCoreApplication.translate(messages.CONTEXT, template) == template
                            and not _wordless(template))
            if not _CJK.search(shown) or shown == str(err) or lost_params or untranslated:
                english_left.append((reason.value, shown))
    assert english_left == []
    assert messages.error_text(ValueError("plain")) == "plain"


def test_a_failed_download_says_why_in_chinese_in_the_queue(zh, qtbot, fake_hub,  # type: ignore[no-untyped-def]
                                                            tmp_path: Path) -> None:
    """A job that fails keeps its reason and parameters beside the English text (for the
    CLI); the Downloads list says it in Chinese, also after the database is reopened."""
    from hfmanager.core.downloads import service
    from hfmanager.core.downloads.persist import JobState, JobStore
    from hfmanager.core.downloads.plan import DownloadSpec
    from hfmanager.core.downloads.queue import DownloadQueue
    from hfmanager.core.settings import Settings
    from hfmanager.core.store import Store

    settings = Settings(endpoint=fake_hub.url)
    queue = DownloadQueue(JobStore(Store(tmp_path / "db.sqlite3")),
                          service.make_planner(settings), tmp_path / "cache",
                          config_factory=service.make_config_factory(settings))
    queue.start()
    try:
        job = queue.add(DownloadSpec("org/missing"))
        qtbot.waitUntil(lambda: queue.jobs.get(job.id).state is JobState.FAILED,
                        timeout=30_000)
    finally:
        queue.stop(timeout=5)
    rec = JobStore(Store(tmp_path / "db.sqlite3")).get(job.id)
    assert rec.error_reason == "repo_not_found"
    assert "org/missing" in rec.error
    assert not _CJK.search(rec.error)
    shown = messages.job_error_text(rec)
    assert _CJK.search(shown)
    assert "org/missing" in shown


def test_broken_settings_are_reported_in_chinese(zh, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A settings file with wrong values: each warning (a sentence with a sub-phrase per
    problem) reads in Chinese in the window and as before in English for the CLI."""
    import json

    from hfmanager.core.settings import Settings

    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"offline": "yes", "max_concurrent_jobs": 99,
                                "extra_hf_dirs": ["/ok", 7], "language": 3}), "utf-8")
    _settings, said = Settings.load_said(path)
    _settings, english = Settings.load_checked(path)
    assert [m.text() for m in said] == english
    assert len(english) == 4
    assert "Setting 'extra_hf_dirs' in" in english[1]
    assert "(one is a number, not text), dropped; the other entries are kept." in english[1]
    shown = [messages.text(m) for m in said]
    assert all(_CJK.search(t) and not re.search(r"\b(is|not|the)\b", t) for t in shown), shown


@pytest.mark.parametrize("typed", ["org/../x", "https://huggingface.co/", "ftp://host/x.pt",
                                   "https://huggingface.co/a/b/c/tree/main"])
def test_what_the_user_typed_is_refused_in_chinese(zh, typed: str) -> None:  # type: ignore[no-untyped-def]
    """The add-download dialog's refusal of a repo or URL the user typed."""
    from hfmanager.core.downloads.plan import parse_source

    with pytest.raises(ValueError, match=r"[a-z]") as caught:
        parse_source(typed)
    shown = messages.refusal_text(caught.value)
    assert _CJK.search(shown), shown
    assert shown != str(caught.value)


def test_where_a_file_came_from_is_said_in_chinese(zh) -> None:  # type: ignore[no-untyped-def]
    """The Downloads page's fallback words were marked through an alias of
    QT_TRANSLATE_NOOP that lupdate does not see: "not found there" stayed English."""
    from hfmanager.core import errors
    from hfmanager.core.downloads.fallback import LISTING, FileSource, Miss
    from hfmanager.ui.views import download_sources

    miss = Miss("https://mirror.example", errors.Reason.REPO_NOT_FOUND, {})
    assert download_sources.reason_label(miss) == "该处没有此文件"
    assert download_sources.why(FileSource(LISTING, "https://huggingface.co", (miss,))) == (
        "mirror.example: 该处没有此文件")
    assert QCoreApplication.translate("DownloadSources", "(file list)") == "（文件列表）"
