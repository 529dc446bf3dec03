#include "PolicyDocument.h"

#include "policy/PolicyFile.h"
#include "policy/PolicyLinter.h"

#include <QFileInfo>
#include <QUndoStack>

namespace scopebench {

namespace {

// Callers check first that the tool has an entry.
ScopeAlternatives &alternativesIn(Policy &policy, const QString &tool) {
    if (!tool.isEmpty()) {
        for (auto &requirement : policy.toolScopes) {
            if (requirement.tool == tool)
                return requirement.alternatives;
        }
    }
    return policy.validScopeCombinations;
}

} // namespace

PolicyDocument::PolicyDocument(QObject *parent)
    : QObject(parent)
    , m_undoStack(new QUndoStack(this)) {
    connect(m_undoStack, &QUndoStack::cleanChanged, this,
            [this](bool clean) { Q_EMIT modifiedChanged(!clean); });
    m_findings = PolicyLinter::lint(m_policy);
}

bool PolicyDocument::isModified() const {
    return !m_undoStack->isClean();
}

QString PolicyDocument::displayName() const {
    if (!m_policy.name.isEmpty())
        return m_policy.name;
    if (!m_fileName.isEmpty())
        return QFileInfo(m_fileName).fileName();
    return tr("Untitled");
}

void PolicyDocument::load(const Policy &policy, const QString &fileName) {
    Q_EMIT aboutToReset();
    m_policy = policy;
    m_undoStack->clear();
    m_undoStack->setClean();
    Q_EMIT reset();
    if (m_fileName != fileName) {
        m_fileName = fileName;
        Q_EMIT fileNameChanged(m_fileName);
    }
    finishChange();
    Q_EMIT modifiedChanged(false);
    Q_EMIT loaded();
}

void PolicyDocument::newPolicy() {
    Policy policy;
    policy.name = tr("New policy");
    load(policy, QString());
}

void PolicyDocument::openExample() {
    auto example = PolicyFile::load(PolicyFile::bundledExample());
    load(example ? example.value() : Policy(), QString());
}

Status PolicyDocument::open(const QString &fileName) {
    auto loaded = PolicyFile::load(fileName);
    if (!loaded)
        return loaded.error();
    load(loaded.value(), QFileInfo(fileName).absoluteFilePath());
    return Status::success();
}

Status PolicyDocument::save(const QString &fileName) {
    const Status saved = PolicyFile::save(m_policy, fileName);
    if (!saved)
        return saved;
    const QString absolute = QFileInfo(fileName).absoluteFilePath();
    if (m_fileName != absolute) {
        m_fileName = absolute;
        Q_EMIT fileNameChanged(m_fileName);
    }
    m_undoStack->setClean();
    return Status::success();
}

const ScopeAlternatives *PolicyDocument::alternatives(const QString &tool) const {
    if (tool.isEmpty())
        return &m_policy.validScopeCombinations;
    const ToolRequirement *requirement = m_policy.tool(tool);
    return requirement ? &requirement->alternatives : nullptr;
}

template <typename Edit, typename About, typename Done>
void PolicyDocument::apply(Edit edit, About about, Done done) {
    const QStringList columnsBefore = m_policy.allScopeNames();
    Policy edited = m_policy;
    edit(edited);
    if (edited.allScopeNames() != columnsBefore) {
        replacePolicy(edited);
        return;
    }
    about();
    m_policy = std::move(edited);
    done();
    finishChange();
}

void PolicyDocument::setCombination(const QString &tool, int row,
                                    const ScopeCombination &combination) {
    if (!alternatives(tool) || row < 0 || row >= alternatives(tool)->size())
        return;
    apply([&](Policy &p) { alternativesIn(p, tool)[row] = combination; }, [] {},
          [&] { Q_EMIT combinationChanged(tool, row); });
}

void PolicyDocument::insertAlternative(const QString &tool, int row,
                                       const ScopeCombination &combination) {
    if (!alternatives(tool) || row < 0 || row > alternatives(tool)->size())
        return;
    apply([&](Policy &p) { alternativesIn(p, tool).insert(row, combination); },
          [&] { Q_EMIT alternativeAboutToBeInserted(tool, row); },
          [&] { Q_EMIT alternativeInserted(tool, row); });
}

void PolicyDocument::removeAlternative(const QString &tool, int row) {
    if (!alternatives(tool) || row < 0 || row >= alternatives(tool)->size())
        return;
    apply([&](Policy &p) { alternativesIn(p, tool).removeAt(row); },
          [&] { Q_EMIT alternativeAboutToBeRemoved(tool, row); },
          [&] { Q_EMIT alternativeRemoved(tool, row); });
}

void PolicyDocument::moveAlternative(const QString &tool, int from, int to) {
    const ScopeAlternatives *list = alternatives(tool);
    if (!list || from < 0 || to < 0 || from >= list->size() || to >= list->size() || from == to)
        return;
    Q_EMIT alternativeAboutToBeMoved(tool, from, to);
    alternativesIn(m_policy, tool).move(from, to);
    Q_EMIT alternativeMoved(tool, from, to);
    finishChange();
}

void PolicyDocument::setScopeDescription(int index, const QString &description) {
    if (index < 0 || index >= m_policy.scopes.size())
        return;
    m_policy.scopes[index].description = description;
    Q_EMIT scopeDescriptionChanged(index);
    finishChange();
}

void PolicyDocument::replacePolicy(const Policy &policy) {
    Q_EMIT aboutToReset();
    m_policy = policy;
    Q_EMIT reset();
    finishChange();
}

void PolicyDocument::finishChange() {
    m_findings = PolicyLinter::lint(m_policy);
    Q_EMIT changed();
}

} // namespace scopebench
