"""The study page's widgets: the card, the choices, the grade buttons, and how a View is painted.

No logic lives here: :meth:`StudyView.paint` shows a :class:`~studyapp.gui.study.session.View`
and every button only emits. Buttons take no focus, so every key reaches the page. Colours come
from the palette (base, text, mid, highlight, placeholder text), so a dark palette gives a dark
page; the few colours with a meaning (right, wrong, warning, the grade accents) have a light and
a dark variant (``gui/feedback.py``). A widget under a style sheet no longer follows palette
changes by itself, so the page re-applies its sheet and calls :meth:`StudyView.restyle` on every
palette change (a switch to dark mode).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from studyapp.gui import feedback
from studyapp.gui.rich_text import RichText, display_html
from studyapp.gui.study.cloze_back import cloze_back
from studyapp.gui.study.long_text import (
    OPTION_TEXT_LIMIT,
    LongTextDialog,
    is_long,
    more_label,
    on_card,
)
from studyapp.gui.study.media import LoadedMedia, MediaStrip
from studyapp.gui.study.session import GRADES, Actions, Mode, Tone, Verdict, View
from studyapp.services.safe_html import image_names
from studyapp.services.study import QueueCard
from studyapp.services.typed_answer import Mark, compare
from studyapp.shorten import shorten

_GRADE_ACCENTS = {1: Tone.BAD, 2: Tone.WARN, 3: Tone.GOOD}  # Easy uses the highlight colour


def tone_color(palette: QPalette, tone: Tone) -> str:
    return feedback.tone_color(palette, tone.value)


def style_sheet(palette: QPalette) -> str:
    """The page's sheet, in ``palette``'s own colours. Concrete colours rather than
    ``palette(role)``: a sheet resolves those once, against whatever palette the widget had
    then, which left the card white and the counters dark grey on a dark window."""
    role = QPalette.ColorRole

    def c(which: QPalette.ColorRole) -> str:
        return palette.color(which).name()

    base, mid, text = c(role.Base), c(role.Mid), c(role.Text)
    button, button_text = c(role.Button), c(role.ButtonText)
    highlight, highlighted_text = c(role.Highlight), c(role.HighlightedText)
    muted, window = c(role.PlaceholderText), c(role.Window)
    bad, good = tone_color(palette, Tone.BAD), tone_color(palette, Tone.GOOD)
    accents = "\n".join(
        f'QPushButton#grade[rating="{rating}"] {{ border-bottom: 3px solid '
        f"{tone_color(palette, _GRADE_ACCENTS[rating]) if rating in _GRADE_ACCENTS else highlight}; }}"
        for _name, rating in GRADES
    )
    return f"""
#studyCard {{ background: {base}; color: {text}; border: 1px solid {mid}; border-radius: 10px; }}
#studyCard QLabel {{ color: {text}; }}
QPushButton#option {{ text-align: left; padding: 0; border: 1px solid {mid};
                     border-radius: 8px; background: {base}; color: {text}; }}
QPushButton#option QLabel {{ color: {text}; }}
QPushButton#option:hover {{ border-color: {highlight}; }}
QPushButton#option[verdict="wrong"] {{ background: rgba(220, 38, 38, 0.16);
                                      border: 2px solid {bad}; }}
QPushButton#option[verdict="right"] {{ background: rgba(22, 163, 74, 0.16);
                                      border: 2px solid {good}; }}
QPushButton#primary, QPushButton#grade, QPushButton#quiet {{ padding: 6px 18px;
                     border-radius: 6px; border: 1px solid {mid};
                     background: {button}; color: {button_text}; }}
QPushButton#grade QLabel {{ color: {button_text}; }}
QPushButton#primary {{ background: {highlight}; color: {highlighted_text};
                      border-color: {highlight}; font-weight: bold; }}
QPushButton#grade:hover, QPushButton#quiet:hover {{ border-color: {highlight}; }}
QPushButton:disabled {{ color: {muted}; }}
QLabel#badge {{ border: 1px solid {mid}; border-radius: 11px; color: {text};
               background: {window}; font-weight: bold; }}
QLabel#muted, #studyCard QLabel#muted, QPushButton#grade QLabel#muted {{ color: {muted}; }}
{accents}
"""


def plain(text: str = "", *, wrap: bool = True) -> QLabel:
    """Every label shows plain text: a card front ``<b>x</b>`` must appear literally."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    return label


def scaled(label: QLabel, factor: float, *, bold: bool = False) -> QLabel:
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    label.setFont(font)
    return label


def muted(label: QLabel) -> QLabel:
    label.setObjectName("muted")
    return label


def _badge(text: str) -> QLabel:
    badge = plain(text, wrap=False)
    badge.setObjectName("badge")
    badge.setFixedSize(22, 22)
    badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
    badge.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    return badge


class OptionButton(QPushButton):
    """A choice: its key badge and word-wrapped plain text (QPushButton itself cannot wrap)."""

    def __init__(self, key: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName("option")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(12)
        self.label = plain()
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout.addWidget(_badge(str(key)), 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)

    def set_option(self, text: str, verdict: Verdict) -> None:
        self._text = text
        shown = shorten(text, OPTION_TEXT_LIMIT)  # an option from a huge field: its start
        if self.label.text() != shown:
            self.label.setText(shown)
        mark = {Verdict.WRONG: " (wrong)", Verdict.RIGHT: " (the answer)"}.get(verdict, "")
        self.setAccessibleName(f"Choice {self.key}: {shown}{mark}")
        if self.property("verdict") != verdict.value:
            self.setProperty("verdict", verdict.value)
            self.style().unpolish(self)
            self.style().polish(self)

    def option(self) -> str:
        return getattr(self, "_text", self.label.text())

    def verdict(self) -> Verdict:
        return Verdict(self.property("verdict") or "")


class GradeButton(QPushButton):
    """A grade: key badge, name, and the interval it would give ("Good  1d")."""

    def __init__(self, name: str, rating: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name, self.rating = name, rating
        self.setObjectName("grade")
        self.setProperty("rating", str(rating))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumHeight(44)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 4, 12, 4)
        layout.setSpacing(10)
        self.name_label = scaled(plain(name, wrap=False), 1.0, bold=True)
        self.interval_label = muted(plain("", wrap=False))
        for label in (self.name_label, self.interval_label):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout.addStretch(1)
        layout.addWidget(_badge(str(rating)))
        layout.addWidget(self.name_label)
        layout.addWidget(self.interval_label)
        layout.addStretch(1)
        self.set_interval("")

    def set_interval(self, interval: str) -> None:
        self.interval_label.setText(interval)
        self.interval_label.setVisible(bool(interval))
        after = f", next review in {interval}" if interval else ""
        self.setAccessibleName(f"{self.name}{after} (key {self.rating})")
        self.setToolTip(f"{self.name} \u2014 key {self.rating}")


def typed_html(typed: str, expected: str, palette: QPalette) -> str:
    """The comparison of a typed answer as rich text (every piece of text escaped: what the
    learner typed is never markup): right characters in the "good" colour, wrong ones in the
    "bad" colour, missed ones muted, the expected answer under an arrow when not exact."""
    result = compare(typed, expected)
    colours = {
        Mark.GOOD: tone_color(palette, Tone.GOOD),
        Mark.BAD: tone_color(palette, Tone.BAD),
        Mark.MISSED: tone_color(palette, Tone.WARN),
    }

    def line(segments: tuple[tuple[str, Mark], ...]) -> str:
        return "".join(
            f'<span style="color:{colours[mark]}">{html.escape(text, quote=False)}</span>'
            for text, mark in segments
        )

    typed_line = line(result.typed) if result.typed else "<i>(nothing typed)</i>"
    if result.exact:
        return f"<tt>{typed_line}</tt>"
    return f"<tt>{typed_line}<br>\u2193<br>{line(result.expected)}</tt>"


def _action(text: str) -> QPushButton:
    button = QPushButton(text)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the page, not to a button
    button.setMinimumHeight(40)
    return button


class StudyView(QWidget):
    """The card, its choices or grades, and the footer. Emits what was clicked."""

    reveal_clicked = Signal()
    continue_clicked = Signal()
    grade_clicked = Signal(int)  # rating
    option_clicked = Signal(int)  # place 0–3
    retry_clicked = Signal()
    undo_clicked = Signal()
    edit_clicked = Signal()
    leave_clicked = Signal()
    answer_typed = Signal(str)  # Enter in the answer box of a "type in the answer" card

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scheme = QPalette(self.palette())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        header = QHBoxLayout()
        self.progress_label = muted(plain(wrap=False))
        self.kind_label = muted(plain(wrap=False))
        header.addWidget(self.progress_label)
        header.addStretch(1)
        header.addWidget(self.kind_label)
        layout.addLayout(header)

        self.card = QFrame()
        self.card.setObjectName("studyCard")
        card_layout = self._card_layout = QVBoxLayout(self.card)
        card_layout.setContentsMargins(28, 24, 28, 24)
        card_layout.setSpacing(16)
        self.front_label = scaled(plain(), 1.45)
        self.back_label = scaled(plain(), 1.2)
        for label in (self.front_label, self.back_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # A side longer than the card shows (long_text.py): its start, and this to read it all.
        self.front_more = self._more_button("Question")
        self.back_more = self._more_button("Answer")
        self._full = {self.front_more: "", self.back_more: ""}
        # A side with formatting (a card from Anki) shows in a rich view instead of its label.
        base = self.front_label.font().pointSizeF() / 1.45
        self.front_rich = RichText()
        self.front_rich.set_point_size(base * 1.45)
        self.back_rich = RichText()
        self.back_rich.set_point_size(base * 1.2)
        for rich in (self.front_rich, self.back_rich):
            rich.hide()
        self._card: QueueCard | None = None
        self._images: dict[str, QImage] = {}
        self._items: tuple[LoadedMedia, ...] = ()
        # A "type in the answer" card: the learner types, Enter shows the comparison.
        self.type_box = QLineEdit()
        self.type_box.setPlaceholderText("Type the answer, then press Enter")
        self.type_box.setAccessibleName("Your answer")
        self.type_box.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.type_box.returnPressed.connect(lambda: self.answer_typed.emit(self.type_box.text()))
        self.type_box.hide()
        self.type_result = scaled(QLabel(), 1.25)
        self.type_result.setTextFormat(Qt.TextFormat.RichText)  # built by typed_html: escaped
        self.type_result.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.type_result.setAccessibleName("Your answer compared")
        self.type_result.hide()
        self.separator = QFrame()
        self.separator.setFrameShape(QFrame.Shape.HLine)
        # Pictures of the front go under the question, those of the back with the answer.
        self.front_media = MediaStrip("front")
        self.back_media = MediaStrip("back")
        card_layout.addStretch(1)
        card_layout.addWidget(self.front_label)
        card_layout.addWidget(self.front_rich)
        card_layout.addWidget(self.front_more, 0, Qt.AlignmentFlag.AlignHCenter)
        card_layout.addWidget(self.front_media)
        card_layout.addWidget(self.type_box)
        card_layout.addWidget(self.separator)
        card_layout.addWidget(self.type_result)
        card_layout.addWidget(self.back_label)
        card_layout.addWidget(self.back_rich)
        card_layout.addWidget(self.back_more, 0, Qt.AlignmentFlag.AlignHCenter)
        card_layout.addWidget(self.back_media)
        card_layout.addStretch(1)
        self.card.setMinimumHeight(180)
        layout.addWidget(self.card, 3)

        # Where the choices stand: preparing (with a busy bar) or failed (with Retry).
        self.choice_status = QWidget()
        status = QHBoxLayout(self.choice_status)
        status.setContentsMargins(0, 0, 0, 0)
        self.spinner = QProgressBar()
        self.spinner.setRange(0, 0)  # indeterminate: animates while the job runs
        self.spinner.setTextVisible(False)
        self.spinner.setFixedSize(90, 8)
        self.spinner.setAccessibleName("Preparing choices")
        self.choice_label = plain()
        self.retry_button = _action("Retry   R")
        self.retry_button.setObjectName("quiet")
        self.retry_button.setAccessibleName("Retry making choices (key R)")
        self.retry_button.clicked.connect(self.retry_clicked)
        status.addWidget(self.spinner, 0, Qt.AlignmentFlag.AlignVCenter)
        status.addWidget(self.choice_label, 1)
        status.addWidget(self.retry_button)
        layout.addWidget(self.choice_status)

        self.options_box = QWidget()
        options = QVBoxLayout(self.options_box)
        options.setContentsMargins(0, 0, 0, 0)
        options.setSpacing(8)
        self.option_buttons = [OptionButton(i + 1) for i in range(4)]
        for place, option in enumerate(self.option_buttons):
            option.clicked.connect(lambda _=False, p=place: self.option_clicked.emit(p))
            options.addWidget(option)
        layout.addWidget(self.options_box)

        self.feedback_label = plain()
        self.feedback_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.feedback_label)

        # Not ``self.actions``: that name is QWidget.actions(), which it would hide.
        self.action_pages = QStackedWidget()
        self.action_pages.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.reveal_button = _action("Show answer   Space")
        self.continue_button = _action("Continue   Space")
        self.reveal_button.clicked.connect(self.reveal_clicked)
        self.continue_button.clicked.connect(self.continue_clicked)
        for primary in (self.reveal_button, self.continue_button):
            primary.setObjectName("primary")
        self.grades_box = QWidget()
        grade_row = QHBoxLayout(self.grades_box)
        grade_row.setContentsMargins(0, 0, 0, 0)
        self.grade_buttons = [GradeButton(name, rating) for name, rating in GRADES]
        for grade in self.grade_buttons:
            grade.clicked.connect(lambda _=False, r=grade.rating: self.grade_clicked.emit(r))
            grade_row.addWidget(grade)
        self._pages = {
            Actions.REVEAL: self._centred(self.reveal_button),
            Actions.GRADES: self.grades_box,
            Actions.CONTINUE: self._centred(self.continue_button),
            Actions.NONE: QWidget(),
        }
        for page in self._pages.values():
            self.action_pages.addWidget(page)
        layout.addWidget(self.action_pages)

        footer = QHBoxLayout()
        self.undo_button = _action("Undo   Ctrl+Z")
        self.edit_button = _action("Edit   E")
        self.leave_button = _action("End   Esc")
        for quiet, signal in (
            (self.undo_button, self.undo_clicked),
            (self.edit_button, self.edit_clicked),
            (self.leave_button, self.leave_clicked),
        ):
            quiet.setObjectName("quiet")
            quiet.setMinimumHeight(32)
            quiet.clicked.connect(signal)
        self.undo_button.setAccessibleName("Undo the last review (Ctrl+Z)")
        self.edit_button.setAccessibleName("Edit this card (key E)")
        self.leave_button.setAccessibleName("End studying (Esc)")
        self.status_label = muted(plain())
        footer.addWidget(self.undo_button)
        footer.addWidget(self.edit_button)
        footer.addWidget(self.status_label, 1)
        footer.addWidget(self.leave_button)
        layout.addLayout(footer)

    def _more_button(self, side: str) -> QPushButton:
        button = QPushButton()
        button.setObjectName("quiet")
        button.setFlat(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the study keys go to the page
        button.setProperty("side", side)
        button.clicked.connect(lambda: self.show_whole(button))
        button.hide()
        return button

    def show_whole(self, button: QPushButton) -> LongTextDialog:
        """The whole of a long side, a part at a time (never laid out at once)."""
        side = str(button.property("side"))
        dialog = LongTextDialog(f"{side} (the whole text)", self._full[button], self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    @staticmethod
    def _centred(button: QPushButton) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        button.setMinimumWidth(240)
        row.addWidget(button)
        row.addStretch(1)
        return box

    def paint(self, view: View, intervals: tuple[str, ...] | None) -> None:
        """Show ``view``; ``intervals`` label the grade buttons once the preview is there."""
        card = view.card
        self.progress_label.setText(
            f"{view.remaining} left" + (" \u00b7 new card" if card.is_new else "")
        )
        self.kind_label.setText("Multiple choice" if view.mode is Mode.CHOICE else "Flashcards")
        if self._card is None or self._card.card_id != card.card_id:
            self.type_box.clear()
        self._card = card
        self._side(
            self.front_label,
            self.front_rich,
            self.front_more,
            card.front,
            card.front_html,
            True,
            "Question",
        )
        back, back_html = card.back, card.back_html
        if card.kind == "cloze" and back_html is None:
            filled = cloze_back(card.front, card.back)  # the sentence, its answer marked
            if filled is not None:
                back, back_html = filled
        self._side(
            self.back_label,
            self.back_rich,
            self.back_more,
            back,
            back_html,
            view.show_back,
            "Answer",
        )
        self.separator.setVisible(view.show_back)
        self.type_box.setVisible(view.type_in)
        self.type_box.setEnabled(not view.busy)
        compared = view.typed is not None and card.type_answer is not None and view.show_back
        if compared:
            assert view.typed is not None and card.type_answer is not None
            self.type_result.setText(typed_html(view.typed, card.type_answer, self._scheme))
        self.type_result.setVisible(compared)
        self._show_back_media()

        line = view.choice_line
        self.choice_status.setVisible(line is not None)
        if line is not None:
            self.spinner.setVisible(line.spinner)
            self.retry_button.setVisible(line.retry)
            self.retry_button.setEnabled(not view.busy)
            self.choice_label.setText(line.text)
            self._tone(self.choice_label, line.tone)

        self.options_box.setVisible(bool(view.options))
        for option, text, verdict in zip(
            self.option_buttons, view.options, view.verdicts, strict=False
        ):
            option.set_option(text, verdict)
        self.feedback_label.setText(view.feedback)
        self._tone(self.feedback_label, view.feedback_tone)

        self.action_pages.setCurrentWidget(self._pages[view.actions])
        for grade, interval in zip(self.grade_buttons, intervals or ("",) * 4, strict=True):
            grade.set_interval(interval)
        for button in (*self.grade_buttons, *self.option_buttons, self.continue_button):
            button.setEnabled(not view.busy)
        self.undo_button.setEnabled(view.can_undo)
        self.edit_button.setEnabled(view.can_edit)

    def _side(
        self,
        label: QLabel,
        rich: RichText,
        more: QPushButton,
        text: str,
        markup: str | None,
        visible: bool,
        name: str,
    ) -> None:
        """One side: plain text in its label, or (a formatted Anki side) sanitised rich text.
        A side longer than the card shows (long_text.py) shows its start as plain text, with a
        button to read it all: rich text of that size would be laid out at once."""
        rich_ok = bool(markup) and visible and not is_long(markup or "")
        if rich_ok:
            assert markup is not None
            wanted = display_html(markup, self._media_name)
            if rich.html_shown() != wanted:
                rich.show_html(wanted, self._images)
            rich.setAccessibleName(f"{name}: {on_card(text)}")
        shown = on_card(text) if visible and not rich_ok else ""
        if label.text() != shown:
            label.setText(shown)
        label.setAccessibleName(f"{name}: {on_card(text)}" if visible and not rich_ok else "")
        label.setVisible(visible and not rich_ok)
        rich.setVisible(rich_ok)
        self._full[more] = text if visible else ""
        long = visible and not rich_ok and is_long(text)
        if long:
            more.setText(more_label(text))
        more.setVisible(long)

    def _media_name(self, name: str) -> str | None:
        """An image the card's sides may show: one of its own media files."""
        return name if any(item.media.name == name for item in self._items) else None

    def set_media(self, items: Sequence[LoadedMedia]) -> None:
        """Show the current card's media (``()`` clears it while the next card's loads).
        Pictures a formatted side shows in its text are laid in there, not repeated below."""
        self._items = tuple(items)
        self._images = {i.media.name: i.image for i in items if i.image is not None}
        card = self._card
        inline: set[str] = set()
        if card is not None:
            for markup, rich in (
                (card.front_html, self.front_rich),
                (card.back_html, self.back_rich),
            ):
                if markup:
                    wanted = display_html(markup, self._media_name)
                    inline.update(image_names(wanted))
                    rich.show_html(wanted, self._images)
        rest = [i for i in items if not (i.media.name in inline and i.image is not None)]
        self.front_media.show_media(rest)
        self.back_media.show_media(rest)
        self._show_back_media()

    def _show_back_media(self) -> None:
        """The answer's media shows with the answer (the separator is up exactly then)."""
        revealed = not self.separator.isHidden()
        self.back_media.setVisible(revealed and self.back_media.has_content())

    def media_width(self) -> int:
        """How wide a picture may be: the card's inside, less its margins."""
        margins = self._card_layout.contentsMargins()
        return max(120, self.card.contentsRect().width() - margins.left() - margins.right())

    def _tone(self, label: QLabel, tone: Tone) -> None:
        label.setProperty("tone", tone.value)
        sheet = f"color: {tone_color(self._scheme, tone)};" if tone is not Tone.PLAIN else ""
        if label.styleSheet() != sheet:
            label.setStyleSheet(sheet)

    def restyle(self, palette: QPalette) -> None:
        """Tone colours follow ``palette`` (the page's, after every palette change: this widget's
        own palette stops following once a parent has a style sheet)."""
        self._scheme = QPalette(palette)
        for label in (self.choice_label, self.feedback_label):
            tone = label.property("tone")
            if tone:
                label.setStyleSheet("")
                self._tone(label, Tone(tone))
