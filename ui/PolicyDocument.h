#pragma once

#include "common/Result.h"
#include "policy/LintFinding.h"
#include "policy/Policy.h"

#include <QObject>

class QUndoStack;

namespace scopebench {

// The policy being edited, its file and its undo history. Every change arrives through an undo
// command calling one of the mutators below; the models listen to the signals and translate them
// into their own. `tool` names whose alternatives are meant: empty for the server level.
class PolicyDocument : public QObject {
    Q_OBJECT
public:
    explicit PolicyDocument(QObject *parent = nullptr);

    const Policy &policy() const { return m_policy; }
    const QList<LintFinding> &findings() const { return m_findings; }
    QUndoStack *undoStack() const { return m_undoStack; }
    const QString &fileName() const { return m_fileName; }
    bool isModified() const;
    // The policy's name, else the file's name, else "Untitled".
    QString displayName() const;

    void newPolicy();
    void openExample();
    Status open(const QString &fileName);
    Status save(const QString &fileName);

    // Null when `tool` has no entry in toolScopes.
    const ScopeAlternatives *alternatives(const QString &tool) const;

    // Mutators for undo commands.
    void setCombination(const QString &tool, int row, const ScopeCombination &combination);
    void insertAlternative(const QString &tool, int row, const ScopeCombination &combination);
    void removeAlternative(const QString &tool, int row);
    void moveAlternative(const QString &tool, int from, int to);
    void setScopeDescription(int index, const QString &description);
    void replacePolicy(const Policy &policy);

Q_SIGNALS:
    void combinationChanged(const QString &tool, int row);
    void alternativeAboutToBeInserted(const QString &tool, int row);
    void alternativeInserted(const QString &tool, int row);
    void alternativeAboutToBeRemoved(const QString &tool, int row);
    void alternativeRemoved(const QString &tool, int row);
    void alternativeAboutToBeMoved(const QString &tool, int from, int to);
    void alternativeMoved(const QString &tool, int from, int to);
    void scopeDescriptionChanged(int index);
    void aboutToReset();
    void reset();
    // Another policy was loaded (opened, new, the example): not emitted for edits.
    void loaded();
    // After every change of the policy, including undo and redo.
    void changed();
    void fileNameChanged(const QString &fileName);
    void modifiedChanged(bool modified);

private:
    // Runs `edit` on the policy; when it changes the set of scope names (the matrix's columns),
    // the models are reset instead of told the fine-grained `about` / `done` signals.
    template <typename Edit, typename About, typename Done>
    void apply(Edit edit, About about, Done done);
    void load(const Policy &policy, const QString &fileName);
    void finishChange();

    Policy m_policy;
    QList<LintFinding> m_findings;
    QUndoStack *m_undoStack;
    QString m_fileName;
};

} // namespace scopebench
