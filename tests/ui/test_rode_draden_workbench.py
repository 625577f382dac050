"""The analyst's workbench in the Rode draden window: a cycle chooser, the "Rode draden" page
(findings of a theme, draden made, filled, emptied, split, merged, renamed, concluded and
deleted; a finding moved; suggestions taken over or ignored), the "Teksten" page saved
while typing, the "Oordelen" page, and every page fitting the small laptop screens.

Four fictional diensten in cycle "2022-2024" and one older visit in "2019-2021"; the window
is driven as the analyst would, and what it stored is read back from the central database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox

from tests.rode_draden.packages import make_package, pick
from tests.ui.conftest import answer_modal
from tests.ui.test_fits_every_laptop import SCREENS
from visitor_app.rode_draden.database import CentralDb
from visitor_app.ui.rode_draden.window import RodeDradenWindow

PLANNING = ["De jaarplanning loopt structureel achter op schema.",
            "De jaarplanning loopt achter op het schema van het bestuur.",
            "Structureel loopt de jaarplanning achter op schema."]


@pytest.fixture
def central(tmp_path, framework):
    """Aardal, Beekveld and Cranendijk say the same about the planning (theme X, one kind);
    Dalfsen says something else in X and in Y; an older Aardal visit is of cycle 2019-2021."""
    x, y, kinds = pick(framework)
    kind = kinds[2]
    sub = x["subthemes"][0]["id"]
    now, old = tmp_path / "nu", tmp_path / "oud"
    now.mkdir()
    old.mkdir()
    recent = [
        make_package(now, framework, "OD Aardal", [(x["id"], kind, PLANNING[0], sub),
                                                   (x["id"], kind, "Het bestuur krijgt weinig cijfers.", None)],
                     start="2023-02-07"),
        make_package(now, framework, "OD Beekveld", [(x["id"], kind, PLANNING[1], None)], start="2023-03-14"),
        make_package(now, framework, "OD Cranendijk", [(x["id"], kind, PLANNING[2], None)],
                     start="2023-05-09"),
        make_package(now, framework, "OD Dalfsen", [(x["id"], kinds[1], "Goede kaders voor toezicht.", None),
                                                    (y["id"], kinds[1], "Sterke regionale samenwerking.", None)],
                     start="2023-06-20"),
    ]
    older = [make_package(old, framework, "OD Aardal", [(x["id"], kind, "Het toezicht is dun bezet.", None)],
                          start="2020-04-01")]
    path = tmp_path / "centraal.db"
    with CentralDb.open(path, create=True) as db:
        db.import_packages(older, cycle="2019-2021")
        db.import_packages(recent, cycle="2022-2024")
    return {"path": path, "x": x, "y": y, "kind": kind, "sub": sub}


@pytest.fixture
def window(qtbot, settings):
    w = RodeDradenWindow(settings=settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close_db()


def idle(qtbot, window):
    qtbot.waitUntil(lambda: window.worker.idle, timeout=10000)


@pytest.fixture
def bench(qtbot, window, central):
    """The window on the central database, the Rode draden page of theme X shown."""
    assert window.open_db(central["path"])
    idle(qtbot, window)
    window.pages.setCurrentWidget(window.threads_page)
    page = window.threads_page
    row = next(i for i in range(page.themes.count())
               if page.themes.item(i).data(Qt.UserRole) == central["x"]["id"])
    page.themes.setCurrentRow(row)
    idle(qtbot, window)
    return page


def stored(central, cycle="2022-2024"):
    with CentralDb.open(central["path"]) as db:
        return db.threads(cycle), db.texts(cycle)


def rows_of(page, *needles) -> list[str]:
    """The ids of the table rows whose text contains one of ``needles``."""
    return [f["id"] for f in page._rows if any(n in f["text"] for n in needles)]


def thread_lines(page) -> list[str]:
    return [page.threads.item(i).text() for i in range(page.threads.count())]


def test_the_cycle_chooser_shows_the_newest_cycle_and_switches_every_count(qtbot, window, central):
    assert window.open_db(central["path"])
    idle(qtbot, window)
    box = window.cycle_box
    assert box.isVisible()
    assert [box.itemText(i) for i in range(box.count())] == ["2019-2021", "2022-2024"]
    assert box.currentText() == "2022-2024" and window.cycle == "2022-2024"
    assert window.diensten_list.count() == 4 and window.data.n == 4
    window.choose_cycle("2019-2021")
    idle(qtbot, window)
    assert window.cycle == "2019-2021" and box.currentText() == "2019-2021"
    assert window.diensten_list.count() == 1 and window.data.n == 1
    assert "Het toezicht is dun bezet." in [f["text"] for f in window.data.findings]
    window.pages.setCurrentWidget(window.threads_page)
    page = window.threads_page
    texts = [f["text"] for f in page._rows]
    assert "Het toezicht is dun bezet." in texts and PLANNING[0] not in texts


def test_a_draad_made_of_two_diensten_counts_them_and_takes_and_loses_findings(qtbot, bench, central):
    page, window = bench, bench.window
    page.select_findings(rows_of(page, PLANNING[0], PLANNING[1]))
    assert page.new_button.isEnabled()

    def name_it(dialog):
        dialog.findChild(QLineEdit).setText("Planning loopt achter")
        dialog.accept()
    answer_modal(name_it)
    qtbot.mouseClick(page.new_button, Qt.LeftButton)
    idle(qtbot, window)
    lines = thread_lines(page)
    assert len(lines) == 1 and lines[0].startswith("Planning loopt achter — 2 van 4")
    assert page.threads.currentRow() == 0  # the new draad is the chosen one
    threads, _ = stored(central)
    assert [(t["name"], t["diensten"], t["van"]) for t in threads] == [("Planning loopt achter", 2, 4)]
    # the findings list says which draad a finding is in
    in_column = {page.findings.item(r, 3).text(): page.findings.item(r, 4).text()
                 for r in range(page.findings.rowCount())}
    assert in_column[PLANNING[0]] == "Planning loopt achter" and in_column[PLANNING[2]] == ""

    page.select_findings(rows_of(page, PLANNING[2]))
    qtbot.mouseClick(page.add_button, Qt.LeftButton)
    idle(qtbot, window)
    assert thread_lines(page)[0].startswith("Planning loopt achter — 3 van 4")

    page.only_loose.setChecked(True)
    assert PLANNING[2] not in [f["text"] for f in page._rows]
    assert "Het bestuur krijgt weinig cijfers." in [f["text"] for f in page._rows]
    page.only_loose.setChecked(False)

    page.select_findings(rows_of(page, PLANNING[1]))
    qtbot.mouseClick(page.remove_button, Qt.LeftButton)
    idle(qtbot, window)
    assert thread_lines(page)[0].startswith("Planning loopt achter — 2 van 4")
    threads, _ = stored(central)
    assert threads[0]["diensten"] == 2 and len(threads[0]["findings"]) == 2


def test_split_merge_rename_and_delete(qtbot, bench, central):
    page, window = bench, bench.window
    page.select_findings(rows_of(page, *PLANNING))
    page.new_thread_from_selection("Planning")
    idle(qtbot, window)
    page.select_findings(rows_of(page, PLANNING[2]))
    page.split_selection("Planning, derde")
    idle(qtbot, window)
    # by number of diensten, most first
    assert [line.split(" (")[0] for line in thread_lines(page)] == ["Planning — 2 van 4",
                                                                    "Planning, derde — 1 van 4"]
    # merge the small one into the big one, through the dialog
    page.choose_thread(next(t["id"] for t in page.theme_threads() if t["name"] == "Planning"))
    answer_modal(lambda dialog: dialog.accept())  # the only other draad is offered
    qtbot.mouseClick(page.merge_button, Qt.LeftButton)
    idle(qtbot, window)
    assert len(thread_lines(page)) == 1 and thread_lines(page)[0].startswith("Planning — 3 van 4")

    def rename(dialog):
        dialog.findChild(QLineEdit).setText("De planning loopt achter")
        dialog.accept()
    answer_modal(rename)
    qtbot.mouseClick(page.rename_button, Qt.LeftButton)
    idle(qtbot, window)
    assert thread_lines(page)[0].startswith("De planning loopt achter — 3 van 4")

    answer_modal(lambda box: box.button(QMessageBox.No).click())
    qtbot.mouseClick(page.delete_button, Qt.LeftButton)
    idle(qtbot, window)
    assert len(stored(central)[0]) == 1  # "Nee" keeps it
    answer_modal(lambda box: box.button(QMessageBox.Yes).click())
    qtbot.mouseClick(page.delete_button, Qt.LeftButton)
    idle(qtbot, window)
    assert thread_lines(page) == [] and stored(central)[0] == []
    assert len(page._rows) == 5  # the findings stay


def test_a_conclusion_typed_is_stored_while_typing(qtbot, bench, central):
    page, window = bench, bench.window
    page.select_findings(rows_of(page, PLANNING[0], PLANNING[1]))
    page.new_thread_from_selection("Planning")
    idle(qtbot, window)
    page.conclusion.setFocus()
    qtbot.keyClicks(page.conclusion, "De diensten plannen te krap.")
    qtbot.waitUntil(lambda: stored(central)[0][0]["conclusion"] == "De diensten plannen te krap.",
                    timeout=5000)
    # choosing the draad again shows what was saved
    page.themes.setCurrentRow((page.themes.currentRow() + 1) % page.themes.count())
    page.themes.setCurrentRow(next(i for i in range(page.themes.count())
                                   if page.themes.item(i).data(Qt.UserRole) == central["x"]["id"]))
    page.choose_thread(stored(central)[0][0]["id"])
    assert page.conclusion.toPlainText() == "De diensten plannen te krap."


def test_a_statement_typed_makes_the_draads_sentence(qtbot, bench, central):
    page, window = bench, bench.window
    page.select_findings(rows_of(page, PLANNING[0], PLANNING[1]))
    page.new_thread_from_selection("Planning")
    idle(qtbot, window)
    assert "(2 van 4)" in page.sentence.text()
    page.statement.setFocus()
    qtbot.keyClicks(page.statement, "loopt de jaarplanning achter")
    qtbot.waitUntil(lambda: stored(central)[0][0]["statement"] == "loopt de jaarplanning achter",
                    timeout=5000)
    idle(qtbot, window)
    assert "(2 van 4) loopt de jaarplanning achter" in page.sentence.text()
    assert page.statement.text() == "loopt de jaarplanning achter"


def test_a_suggestion_taken_over_becomes_a_draad_and_one_ignored_hides(qtbot, bench, central):
    page, window = bench, bench.window
    page.side_tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: page.proposal_list.count() >= 1, timeout=5000)
    first = page.proposal_list.item(0).text()
    assert first.startswith("3 van 4 diensten") and "jaarplanning" in first
    assert page.side_tabs.tabText(1) == f"Voorstellen ({page.proposal_list.count()})"

    seen = {}

    def accept(dialog):
        edit = dialog.findChild(QLineEdit)
        seen["prefilled"] = edit.text()
        edit.setText("Jaarplanning loopt achter")
        dialog.accept()
    answer_modal(accept)
    qtbot.mouseClick(page.accept_button, Qt.LeftButton)
    idle(qtbot, window)
    assert "jaarplanning" in seen["prefilled"].casefold()
    threads, _ = stored(central)
    assert [(t["name"], t["diensten"]) for t in threads] == [("Jaarplanning loopt achter", 3)]
    assert thread_lines(page)[0].startswith("Jaarplanning loopt achter — 3 van 4")
    assert all("jaarplanning" not in page.proposal_list.item(i).text()
               for i in range(page.proposal_list.count()))  # a proposal inside a draad goes


def test_ignoring_a_suggestion_hides_it_for_the_session(qtbot, bench):
    page = bench
    qtbot.waitUntil(lambda: page.proposal_list.count() >= 1, timeout=5000)
    before = page.proposal_list.count()
    page.proposal_list.setCurrentRow(0)
    qtbot.mouseClick(page.ignore_button, Qt.LeftButton)
    assert page.proposal_list.count() == before - 1
    assert "deze sessie" in page.window.statusBar().currentMessage()


def test_a_finding_moved_to_another_theme_leaves_and_shows_its_origin(qtbot, bench, central):
    page, window = bench, bench.window
    fid = rows_of(page, "weinig cijfers")[0]
    page.move_finding(fid, central["y"]["id"], None)
    idle(qtbot, window)
    assert fid not in [f["id"] for f in page._rows]
    row = next(i for i in range(page.themes.count())
               if page.themes.item(i).data(Qt.UserRole) == central["y"]["id"])
    page.themes.setCurrentRow(row)
    r = next(r for r, f in enumerate(page._rows) if f["id"] == fid)
    assert f"oorspronkelijk: {central['x']['name']}" in page.findings.item(r, 3).toolTip()


def test_a_text_typed_on_the_texts_page_is_stored(qtbot, window, central):
    assert window.open_db(central["path"])
    idle(qtbot, window)
    window.pages.setCurrentWidget(window.texts_page)
    page = window.texts_page
    page.choose("voorwoord")
    assert page.heading.text() == "Voorwoord" and page.editor.placeholderText()
    page.editor.setFocus()
    qtbot.keyClicks(page.editor, "Dit is het voorwoord.")
    qtbot.waitUntil(lambda: [t["text"] for t in stored(central)[1]
                             if t["section"] == "voorwoord"] == ["Dit is het voorwoord."], timeout=5000)
    page.choose("conclusie", central["x"]["id"])
    qtbot.keyClicks(page.editor, "Conclusie van het thema.")
    page.choose("voorwoord")  # switching saves at once
    idle(qtbot, window)
    texts = {(t["section"], t["theme"]): t["text"] for t in stored(central)[1]}
    assert texts[("conclusie", central["x"]["id"])] == "Conclusie van het thema."
    assert page.editor.toPlainText() == "Dit is het voorwoord."


def test_the_oordelen_page_lists_every_dienst(qtbot, window, central):
    assert window.open_db(central["path"])
    idle(qtbot, window)
    window.pages.setCurrentWidget(window.assessments_page)
    table = window.assessments_page.per_dienst
    assert sorted(table.item(r, 0).text() for r in range(table.rowCount())) == \
        ["OD Aardal", "OD Beekveld", "OD Cranendijk", "OD Dalfsen"]


def test_a_review_comment_is_added_to_a_draad_and_handled(qtbot, bench, central):
    page, window = bench, bench.window
    page.select_findings(rows_of(page, PLANNING[0], PLANNING[1]))
    page.new_thread_from_selection("Planning")
    idle(qtbot, window)
    window.pages.setCurrentWidget(window.comments_page)
    comments = window.comments_page
    comments.new_round.setValue(2)
    comments.new_target.setCurrentIndex(comments.new_target.findText("Draad Planning", Qt.MatchStartsWith))
    qtbot.keyClicks(comments.new_text, "Noem de bron van de planning.")
    qtbot.mouseClick(comments.add_button, Qt.LeftButton)
    idle(qtbot, window)
    assert comments.new_text.text() == ""
    assert comments.table.rowCount() == 1
    assert [comments.table.item(0, c).text() for c in range(4)] == [
        "2", "Draad Planning", "Noem de bron van de planning.", "open"]
    comments.table.selectRow(0)
    qtbot.keyClicks(comments.handling, "Bron toegevoegd.")
    qtbot.mouseClick(comments.handle_button, Qt.LeftButton)
    idle(qtbot, window)
    with CentralDb.open(central["path"]) as db:
        stored_comments = db.comments("2022-2024")
    assert [(c["round"], c["thread"], c["handling"], c["status"]) for c in stored_comments] == [
        (2, stored(central)[0][0]["id"], "Bron toegevoegd.", "verwerkt")]
    assert comments.table.item(0, 3).text() == "verwerkt"


def test_findings_dropped_on_a_draad_join_it(qtbot, bench, central):
    page, window = bench, bench.window
    page.select_findings(rows_of(page, PLANNING[0]))
    page.new_thread_from_selection("Planning")
    idle(qtbot, window)
    page.select_findings(rows_of(page, PLANNING[1], PLANNING[2]))
    page.add_to(page.threads.item(0).data(Qt.UserRole), page.selected_ids())  # what a drop does
    idle(qtbot, window)
    assert thread_lines(page)[0].startswith("Planning — 3 van 4")


def test_the_keys_ctrl_n_f2_delete_and_enter(qtbot, bench, central):
    page, window = bench, bench.window
    page.select_findings(rows_of(page, PLANNING[0], PLANNING[1]))
    page.findings.setFocus()

    def name_it(dialog):
        dialog.findChild(QLineEdit).setText("Planning")
        dialog.accept()
    answer_modal(name_it)
    qtbot.keyClick(page.findings, Qt.Key_N, Qt.ControlModifier)
    idle(qtbot, window)
    assert thread_lines(page)[0].startswith("Planning — 2 van 4")
    page.threads.setFocus()

    def rename(dialog):
        dialog.findChild(QLineEdit).setText("Planning achter")
        dialog.accept()
    answer_modal(rename)
    qtbot.keyClick(page.threads, Qt.Key_F2)
    idle(qtbot, window)
    assert thread_lines(page)[0].startswith("Planning achter — 2 van 4")
    answer_modal(lambda box: box.button(QMessageBox.Yes).click())
    qtbot.keyClick(page.threads, Qt.Key_Delete)
    idle(qtbot, window)
    assert thread_lines(page) == [] and stored(central)[0] == []
    qtbot.waitUntil(lambda: page.proposal_list.count() >= 1, timeout=5000)
    page.proposal_list.setCurrentRow(0)

    def accept(dialog):
        dialog.findChild(QLineEdit).setText("Voorstel")
        dialog.accept()
    answer_modal(accept)
    qtbot.keyClick(page.proposal_list, Qt.Key_Return)
    idle(qtbot, window)
    assert [t["name"] for t in stored(central)[0]] == ["Voorstel"]


@pytest.mark.parametrize("screen, width, height", SCREENS, ids=[s[0] for s in SCREENS])
def test_every_page_fits_the_small_screens(qtbot, bench, screen, width, height):
    window = bench.window
    for i in range(window.pages.count()):
        window.pages.setCurrentIndex(i)
        qtbot.wait(5)
    sizes = {window.pages.tabText(i): (window.pages.widget(i).minimumSizeHint().width(),
                                        window.pages.widget(i).minimumSizeHint().height())
             for i in range(window.pages.count())}
    hint = window.minimumSizeHint()
    assert hint.width() <= width and hint.height() <= height, (screen, hint, sizes)
    window.resize(width, height)
    qtbot.wait(20)
    for i in range(window.pages.count()):
        window.pages.setCurrentIndex(i)
        qtbot.wait(5)
        page = window.pages.widget(i)
        assert page.isVisible() and page.width() >= page.minimumSizeHint().width()
        assert page.height() >= page.minimumSizeHint().height()


def test_the_word_exports_are_of_the_chosen_cycle_and_the_review_carries_the_comments(
        qtbot, bench, central, tmp_path):
    import zipfile

    from docx import Document
    page, window = bench, bench.window
    page.select_findings(rows_of(page, PLANNING[0], PLANNING[1]))
    page.new_thread_from_selection("Planning")
    idle(qtbot, window)
    with CentralDb.open(central["path"]) as db:
        draad = db.threads("2022-2024")[0]["id"]
        db.add_comment(1, "Welke diensten zijn dit?", thread=draad)
    report, review = tmp_path / "rapportage.docx", tmp_path / "review.docx"
    window.export_report(report)
    idle(qtbot, window)
    window.export_review(review)
    idle(qtbot, window)
    texts = [p.text for p in Document(str(report)).paragraphs]
    assert "Planning" in texts and any("(2 van 4)" in t for t in texts)  # 4 diensten: this cycle only
    assert any("OD Dalfsen" in t for t in texts) and not any("2020" in t for t in texts)
    with zipfile.ZipFile(review) as z:
        assert "Welke diensten zijn dit?" in z.read("word/comments.xml").decode("utf-8")
    with zipfile.ZipFile(report) as z:
        assert "word/comments.xml" not in z.namelist() or "Welke" not in z.read("word/comments.xml").decode()
    window.choose_cycle("2019-2021")
    idle(qtbot, window)
    older = tmp_path / "oud.docx"
    window.export_report(older)
    idle(qtbot, window)
    texts = [p.text for p in Document(str(older)).paragraphs]
    assert any("OD Aardal (1 april 2020" in t or "OD Aardal (1 en 2 april 2020)" in t for t in texts)
    assert not any("OD Dalfsen" in t for t in texts)


def test_a_theme_merged_into_another_and_given_a_letter_from_its_menu(qtbot, bench, central):
    page, window = bench, bench.window
    x, y = central["x"], central["y"]
    page.set_letter(x["id"], "a")
    idle(qtbot, window)
    with CentralDb.open(central["path"]) as db:
        assert next(t for t in db.themes() if t["id"] == x["id"])["letter"] == "A"
    assert any(page.themes.item(i).text().startswith(f"A. {x['name']}") for i in range(page.themes.count()))
    # cancelling the letter dialog keeps the letter
    answer_modal(lambda dialog: dialog.reject())
    page.set_letter(x["id"])
    idle(qtbot, window)
    with CentralDb.open(central["path"]) as db:
        assert next(t for t in db.themes() if t["id"] == x["id"])["letter"] == "A"
    # Y merged into X: its findings count under X, Y is no longer a theme of its own
    answer_modal(lambda dialog: (dialog.setTextValue(x["name"]), dialog.accept()))
    page.merge_theme(y["id"])
    idle(qtbot, window)
    with CentralDb.open(central["path"]) as db:
        assert next(t for t in db.themes() if t["id"] == y["id"])["merged_into"] == x["id"]
        assert "Sterke regionale samenwerking." in [f["text"] for f in db.findings(theme=x["id"])]
    assert y["id"] not in [page.themes.item(i).data(Qt.UserRole) for i in range(page.themes.count())]


def test_packages_imported_go_into_the_cycle_the_analyst_chooses(qtbot, window, central, framework, tmp_path):
    x, _y, kinds = pick(framework)
    later = tmp_path / "later"
    later.mkdir()
    path = make_package(later, framework, "OD Eemvliet", [(x["id"], kinds[0], "Nieuw bezoek.", None)],
                        start="2025-03-04")
    assert window.open_db(central["path"])
    idle(qtbot, window)
    # the question: by visit date, an existing cycle, or a new one (its name asked next)
    answers = iter([lambda d: (d.setTextValue("Nieuwe cyclus …"), d.accept()),
                    lambda d: (d.setTextValue("2025-2027"), d.accept())])
    answer_modal(lambda d: (next(answers)(d), answer_modal(lambda d2: next(answers)(d2))))
    assert window.ask_import_cycle() == "2025-2027"
    window.import_packages([path], into="2025-2027")
    idle(qtbot, window)
    assert window.cycle == "2025-2027" and window.data.n == 1
    with CentralDb.open(central["path"]) as db:
        assert [c["name"] for c in db.cycles()] == ["2019-2021", "2022-2024", "2025-2027"]
        assert [v["dienst"] for v in db.visitations("2025-2027")] == ["OD Eemvliet"]
    answer_modal(lambda d: d.reject())
    assert window.ask_import_cycle() is False  # cancelled: nothing is imported
