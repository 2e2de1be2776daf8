#include "common/Dialogs.h"

#include <QFileDialog>
#include <QInputDialog>
#include <QPushButton>
#include <QQueue>

namespace Authlens::Gui {

namespace {

struct Seam
{
    bool testMode = false;
    QQueue<QMessageBox::StandardButton> answers;
    QQueue<std::optional<QString>> texts;
    QQueue<QString> fileNames;
    QString lastQuestion;
};

Seam& seam()
{
    static Seam s;
    return s;
}

// In test mode a dialog nobody answers would hang the test until its timeout: fail at once instead.
template <typename T> std::optional<T> takeQueued(QQueue<T>& queue, const char* what)
{
    if (!queue.isEmpty())
        return queue.dequeue();
    if (seam().testMode)
        qFatal("Dialogs: a %s dialog was opened in test mode without a queued answer", what);
    return std::nullopt;
}

} // namespace

QMessageBox::StandardButton Dialogs::confirm(QWidget* parent, const QString& title, const QString& text,
                                             const QString& informativeText, const QString& acceptText)
{
    seam().lastQuestion = title + u'\n' + text + u'\n' + informativeText;
    if (auto queued = takeQueued(seam().answers, "question"))
        return *queued;
    QMessageBox box(QMessageBox::Question, title, text, QMessageBox::Yes | QMessageBox::Cancel, parent);
    box.setInformativeText(informativeText);
    box.setDefaultButton(QMessageBox::Cancel);
    if (!acceptText.isEmpty())
        box.button(QMessageBox::Yes)->setText(acceptText);
    return QMessageBox::StandardButton(box.exec());
}

std::optional<QString> Dialogs::getText(QWidget* parent, const QString& title, const QString& label,
                                        const QString& text)
{
    seam().lastQuestion = title + u'\n' + label;
    if (auto queued = takeQueued(seam().texts, "text"))
        return *queued;
    bool ok = false;
    const QString answer = QInputDialog::getText(parent, title, label, QLineEdit::Normal, text, &ok);
    return ok ? std::optional<QString>(answer) : std::nullopt;
}

QString Dialogs::getOpenFileName(QWidget* parent, const QString& caption, const QString& directory,
                                 const QString& filter)
{
    seam().lastQuestion = caption;
    if (auto queued = takeQueued(seam().fileNames, "file"))
        return *queued;
    return QFileDialog::getOpenFileName(parent, caption, directory, filter);
}

QString Dialogs::getSaveFileName(QWidget* parent, const QString& caption, const QString& path, const QString& filter)
{
    seam().lastQuestion = caption;
    if (auto queued = takeQueued(seam().fileNames, "file"))
        return *queued;
    return QFileDialog::getSaveFileName(parent, caption, path, filter);
}

void Dialogs::setTestMode(bool enabled)
{
    seam() = Seam();
    seam().testMode = enabled;
}

void Dialogs::setNextAnswer(QMessageBox::StandardButton answer)
{
    seam().answers.enqueue(answer);
}

void Dialogs::setNextText(const std::optional<QString>& text)
{
    seam().texts.enqueue(text);
}

void Dialogs::setNextFileName(const QString& fileName)
{
    seam().fileNames.enqueue(fileName);
}

QString Dialogs::lastQuestion()
{
    return seam().lastQuestion;
}

} // namespace Authlens::Gui
