#include "PolicyEditor.h"

#include "AlternativeRowCommand.h"
#include "AlternativesMatrixModel.h"
#include "FindingFixButton.h"
#include "FindingsModel.h"
#include "LintMarks.h"
#include "MatrixView.h"
#include "MoveAlternativeCommand.h"
#include "PolicyDocument.h"
#include "PolicySettingsPanel.h"
#include "PolicySnapshotCommand.h"
#include "ScopeCatalogModel.h"
#include "ScopeNameDelegate.h"
#include "ToolListModel.h"
#include "ToolNameCheck.h"
#include "policy/PolicyEdits.h"

#include <QAction>
#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

namespace scopebench {

namespace {

QToolButton *toolButton(const QString &text, const QString &tip, QWidget *parent) {
    auto *button = new QToolButton(parent);
    button->setText(text);
    button->setToolTip(tip);
    button->setAutoRaise(true);
    return button;
}

} // namespace

PolicyEditor::PolicyEditor(PolicyDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_catalog(new ScopeCatalogModel(document, this))
    , m_matrix(new AlternativesMatrixModel(document, this))
    , m_tools(new ToolListModel(document, this))
    , m_findings(new FindingsModel(document, this)) {
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(createSettings());

    // The matrix is what the user edits most; the catalog and the findings share the space below.
    auto *vertical = new QSplitter(Qt::Vertical, this);
    vertical->setObjectName(QStringLiteral("editorSplitter"));
    vertical->setChildrenCollapsible(false);
    vertical->addWidget(createAlternatives());
    m_bottomTabs = new QTabWidget(vertical);
    m_bottomTabs->setObjectName(QStringLiteral("editorTabs"));
    m_bottomTabs->addTab(createCatalog(), tr("Scope catalog"));
    m_bottomTabs->addTab(createFindings(), QString());
    m_settings = new PolicySettingsPanel(document, m_bottomTabs);
    m_settings->setObjectName(QStringLiteral("policySettings"));
    m_bottomTabs->addTab(m_settings, tr("Policy settings"));
    vertical->addWidget(m_bottomTabs);
    vertical->setStretchFactor(0, 5);
    vertical->setStretchFactor(1, 6);
    layout->addWidget(vertical, 1);

    connect(document, &PolicyDocument::changed, this, &PolicyEditor::refreshSettings);
    connect(document, &PolicyDocument::changed, this, &PolicyEditor::refreshFindingsTab);
    // A successful edit replaces any earlier refusal with the state of the new-scope field.
    connect(document, &PolicyDocument::changed, this, &PolicyEditor::checkNewScope);
    refreshFindingsTab();
    connect(document, &PolicyDocument::reset, this, [this] {
        m_toolView->setCurrentIndex(m_tools->index(m_tools->rowOf(m_matrix->tool())));
        m_matrixView->resizeColumnsToContents();
    });
    refreshSettings();
    showTool(QString());
}

QWidget *PolicyEditor::createSettings() {
    auto *box = new QWidget(this);
    auto *form = new QHBoxLayout(box);
    form->setContentsMargins(0, 0, 0, 0);
    m_name = new QLineEdit(box);
    m_name->setObjectName(QStringLiteral("policyName"));
    m_name->setPlaceholderText(tr("Policy name"));
    m_realm = new QLineEdit(box);
    m_realm->setObjectName(QStringLiteral("policyRealm"));
    m_realm->setPlaceholderText(tr("realm"));
    m_resource = new QLineEdit(box);
    m_resource->setObjectName(QStringLiteral("policyResource"));
    m_resource->setPlaceholderText(QString::fromLatin1(Policy::DefaultResource));
    m_resource->setToolTip(tr("The canonical URI of the protected MCP endpoint (RFC 8707)"));
    m_scopeHint = new QComboBox(box);
    m_scopeHint->setToolTip(tr("What goes into the challenge's scope parameter"));
    for (ScopeHint hint : {ScopeHint::Omit, ScopeHint::Closest, ScopeHint::ClosestPlusGranted})
        m_scopeHint->addItem(Policy::scopeHintName(hint), int(hint));
    form->addWidget(new QLabel(tr("Name"), box));
    form->addWidget(m_name, 2);
    form->addWidget(new QLabel(tr("Realm"), box));
    form->addWidget(m_realm, 1);
    form->addWidget(new QLabel(tr("Resource"), box));
    form->addWidget(m_resource, 3);
    form->addWidget(new QLabel(tr("Scope hint"), box));
    form->addWidget(m_scopeHint);

    connect(m_name, &QLineEdit::textEdited, this,
            [this](const QString &text) { editSetting(QStringLiteral("name"), text); });
    connect(m_realm, &QLineEdit::textEdited, this,
            [this](const QString &text) { editSetting(QStringLiteral("realm"), text); });
    connect(m_resource, &QLineEdit::textEdited, this,
            [this](const QString &text) { editSetting(QStringLiteral("resource"), text); });
    connect(m_scopeHint, &QComboBox::activated, this,
            [this] { editSetting(QStringLiteral("scopeHint"), m_scopeHint->currentText()); });
    return box;
}

void PolicyEditor::editSetting(const QString &key, const QString &text) {
    Policy edited = m_document->policy();
    QString label;
    if (key == QLatin1String("name")) {
        edited.name = text;
        label = tr("Rename policy");
    } else if (key == QLatin1String("realm")) {
        edited.realm = text;
        label = tr("Change realm");
    } else if (key == QLatin1String("resource")) {
        edited.resource = text;
        label = tr("Change resource");
    } else if (!Policy::parseScopeHint(text, &edited.challenge.scopeHint)) {
        return;
    } else {
        label = tr("Change scope hint");
    }
    if (edited == m_document->policy())
        return;
    m_document->undoStack()->push(new PolicySnapshotCommand(m_document, label, edited, key));
}

void PolicyEditor::refreshSettings() {
    const Policy &policy = m_document->policy();
    // Only when different, so the cursor stays where the user is typing.
    if (m_name->text() != policy.name)
        m_name->setText(policy.name);
    if (m_realm->text() != policy.realm)
        m_realm->setText(policy.realm);
    if (m_resource->text() != policy.resource)
        m_resource->setText(policy.resource);
    m_scopeHint->setCurrentIndex(m_scopeHint->findData(int(policy.challenge.scopeHint)));
}

void PolicyEditor::refreshFindingsTab() {
    const auto &findings = m_document->findings();
    m_bottomTabs->setTabText(1, tr("Lint findings (%1)").arg(findings.size()));
    m_bottomTabs->setTabIcon(1, findings.isEmpty() ? QIcon()
                                                   : LintMarks::icon(findings).value<QIcon>());
}

QWidget *PolicyEditor::createCatalog() {
    auto *box = new QWidget(this);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(2, 2, 2, 2);
    m_catalogView = new QTableView(box);
    m_catalogView->setObjectName(QStringLiteral("catalogView"));
    m_catalogView->setModel(m_catalog);
    m_catalogView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_catalogView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_catalogView->verticalHeader()->hide();
    m_catalogView->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_catalogView->horizontalHeader()->setSectionResizeMode(ScopeCatalogModel::Name,
                                                            QHeaderView::ResizeToContents);
    m_catalogView->horizontalHeader()->setSectionResizeMode(ScopeCatalogModel::Description,
                                                            QHeaderView::Stretch);
    m_catalogView->horizontalHeader()->setSectionResizeMode(ScopeCatalogModel::Implies,
                                                            QHeaderView::Interactive);
    m_catalogView->horizontalHeader()->resizeSection(ScopeCatalogModel::Implies, 140);
    m_catalogView->setWordWrap(false);
    auto *names = new ScopeNameDelegate(
        [this](const QString &name, const QString &current) {
            return PolicyEdits::checkScopeName(m_document->policy(), name, current);
        },
        m_catalogView);
    m_catalogView->setItemDelegateForColumn(ScopeCatalogModel::Name, names);
    layout->addWidget(m_catalogView, 1);
    // A refused rename or Implies edit is said under the catalog, not under "New scope".
    auto *renameError = new QLabel(box);
    renameError->setObjectName(QStringLiteral("renameError"));
    renameError->setStyleSheet(QStringLiteral("color: #b02a37;"));
    renameError->setWordWrap(true);
    renameError->hide();
    // An unbreakable name in a refusal must not widen the window (nor must the new-scope one).
    renameError->setMinimumWidth(1);
    layout->addWidget(renameError);
    const auto showCatalogRefusal = [renameError](const QString &reason) {
        renameError->setText(reason);
        renameError->setVisible(!reason.isEmpty());
    };
    connect(m_catalog, &ScopeCatalogModel::editRefused, renameError, showCatalogRefusal);
    connect(m_document, &PolicyDocument::changed, renameError,
            [showCatalogRefusal] { showCatalogRefusal(QString()); });

    auto *row = new QHBoxLayout;
    m_newScope = new QLineEdit(box);
    m_newScope->setObjectName(QStringLiteral("newScope"));
    m_newScope->setPlaceholderText(tr("New scope, e.g. entries:read"));
    m_newScope->setClearButtonEnabled(true);
    m_addScope = new QPushButton(tr("Add"), box);
    m_addScope->setEnabled(false);
    auto *remove = new QPushButton(tr("Remove"), box);
    remove->setToolTip(tr("Remove the selected scope from the catalog; alternatives that require "
                          "it keep requiring it until you untick them"));
    row->addWidget(m_newScope, 1);
    row->addWidget(m_addScope);
    row->addWidget(remove);
    layout->addLayout(row);
    m_scopeError = new QLabel(box);
    m_scopeError->setObjectName(QStringLiteral("scopeError"));
    m_scopeError->setStyleSheet(QStringLiteral("color: #b02a37;"));
    m_scopeError->setWordWrap(true);
    m_scopeError->hide();
    m_scopeError->setMinimumWidth(1);
    layout->addWidget(m_scopeError);

    connect(names, &ScopeNameDelegate::problemChanged, renameError, showCatalogRefusal);
    connect(m_newScope, &QLineEdit::textChanged, this, &PolicyEditor::checkNewScope);
    connect(m_newScope, &QLineEdit::returnPressed, this, &PolicyEditor::addScope);
    connect(m_addScope, &QPushButton::clicked, this, &PolicyEditor::addScope);
    connect(remove, &QPushButton::clicked, this, &PolicyEditor::removeScope);
    return box;
}

void PolicyEditor::checkNewScope() {
    const QString text = m_newScope->text();
    const QString problem =
        text.isEmpty() ? QString() : PolicyEdits::checkScopeName(m_document->policy(), text);
    m_addScope->setEnabled(!text.isEmpty() && problem.isEmpty());
    m_scopeError->setText(problem);
    m_scopeError->setVisible(!problem.isEmpty());
}

void PolicyEditor::showRefusal(const QString &reason) {
    m_scopeError->setText(reason);
    m_scopeError->setVisible(!reason.isEmpty());
}

void PolicyEditor::addScope() {
    auto added = PolicyEdits::addScope(m_document->policy(), m_newScope->text());
    if (!added) {
        showRefusal(added.error().message);
        return;
    }
    const QString name = m_newScope->text();
    m_document->undoStack()->push(
        new PolicySnapshotCommand(m_document, tr("Add scope %1").arg(name), added.value()));
    // setText, not clear(): the field forgets its own undo, so Ctrl+Z undoes the addition.
    m_newScope->setText(QString());
    // The new scope is shown and selected (it lands at the end, often below the fold); the
    // focus stays in the field for the next one.
    const QModelIndex row = m_catalog->index(m_catalog->rowOf(name), ScopeCatalogModel::Name);
    if (row.isValid()) {
        m_catalogView->setCurrentIndex(row);
        m_catalogView->scrollTo(row);
    }
}

void PolicyEditor::removeScope() {
    const int row = m_catalogView->currentIndex().row();
    if (row < 0 || row >= m_document->policy().scopes.size())
        return;
    const QString name = m_document->policy().scopes.at(row).name;
    m_document->undoStack()->push(
        new PolicySnapshotCommand(m_document, tr("Remove scope %1").arg(name),
                                  PolicyEdits::removeScope(m_document->policy(), name)));
}

QWidget *PolicyEditor::createAlternatives() {
    auto *box =
        new QGroupBox(tr("Alternatives: a token needs every ticked scope of one row"), this);
    auto *layout = new QHBoxLayout(box);

    auto *left = new QVBoxLayout;
    m_toolView = new QListView(box);
    m_toolView->setObjectName(QStringLiteral("toolView"));
    m_toolView->setModel(m_tools);
    m_toolView->setMaximumWidth(200);
    m_toolView->setMinimumWidth(110); // with the matrix, fits a 1024-px-wide screen
    left->addWidget(m_toolView, 1);
    auto *toolRow = new QHBoxLayout;
    auto *newTool = new QLineEdit(box);
    newTool->setObjectName(QStringLiteral("newTool"));
    newTool->setPlaceholderText(tr("tool name"));
    auto *addTool = toolButton(QStringLiteral("+"), tr("Give a tool its own alternatives"), box);
    auto *removeTool = toolButton(QStringLiteral("\u2212"), tr("Remove the tool's entry"), box);
    toolRow->addWidget(newTool, 1);
    toolRow->addWidget(addTool);
    toolRow->addWidget(removeTool);
    left->addLayout(toolRow);
    auto *toolError = new QLabel(box);
    toolError->setObjectName(QStringLiteral("toolError"));
    toolError->setStyleSheet(QStringLiteral("color: #b02a37;"));
    toolError->setWordWrap(true);
    toolError->setMaximumWidth(200);
    toolError->hide();
    toolError->setMinimumWidth(1);
    left->addWidget(toolError);
    const auto checkTool = [this, newTool, addTool, toolError] {
        const QString problem = toolNameProblem(m_document->policy(), newTool->text().trimmed());
        toolError->setText(problem);
        toolError->setVisible(!problem.isEmpty());
        addTool->setEnabled(!newTool->text().trimmed().isEmpty() && problem.isEmpty());
    };
    connect(newTool, &QLineEdit::textChanged, this, checkTool);
    connect(m_document, &PolicyDocument::changed, this, checkTool);
    // A half-typed name belongs to the policy it was typed for.
    connect(m_document, &PolicyDocument::loaded, this, [this, newTool] {
        newTool->setText(QString());
        m_newScope->setText(QString());
    });
    layout->addLayout(left);

    auto *right = new QVBoxLayout;
    auto *buttons = new QHBoxLayout;
    m_matrixTitle = new QLabel(box);
    m_matrixTitle->setStyleSheet(QStringLiteral("font-weight: bold;"));
    // A long tool name must not widen the window past a 1024-px screen.
    m_matrixTitle->setMinimumWidth(
        m_matrixTitle->fontMetrics().horizontalAdvance(tr("Server level")));
    buttons->addWidget(m_matrixTitle, 1);
    m_matrixView = new MatrixView(box);
    // Buttons, the context menu and keyboard shortcuts (while the matrix has focus) share actions.
    const struct {
        QString text;
        QString tip;
        QKeySequence key;
        void (PolicyEditor::*slot)();
    } actions[] = {
        {tr("Add"), tr("Add an empty alternative"), QKeySequence(Qt::Key_Insert),
         &PolicyEditor::addAlternative},
        {tr("Duplicate"), tr("Duplicate the selected alternative"),
         QKeySequence(Qt::CTRL | Qt::Key_D), &PolicyEditor::duplicateAlternative},
        {tr("Remove"), tr("Remove the selected alternative"), QKeySequence(Qt::Key_Delete),
         &PolicyEditor::removeAlternative},
        {QStringLiteral("\u2191"), tr("Move up"), QKeySequence(Qt::ALT | Qt::Key_Up),
         &PolicyEditor::moveAlternativeUp},
        {QStringLiteral("\u2193"), tr("Move down"), QKeySequence(Qt::ALT | Qt::Key_Down),
         &PolicyEditor::moveAlternativeDown},
    };
    m_matrixView->setContextMenuPolicy(Qt::ActionsContextMenu);
    for (const auto &entry : actions) {
        auto *action = new QAction(entry.text, m_matrixView);
        action->setToolTip(entry.tip + QStringLiteral(" (") +
                           entry.key.toString(QKeySequence::NativeText) + u')');
        action->setShortcut(entry.key);
        action->setShortcutContext(Qt::WidgetShortcut);
        connect(action, &QAction::triggered, this, entry.slot);
        m_matrixView->addAction(action);
        auto *button = new QToolButton(box);
        button->setDefaultAction(action);
        button->setAutoRaise(true);
        buttons->addWidget(button);
    }
    right->addLayout(buttons);
    m_matrixView->setObjectName(QStringLiteral("matrixView"));
    m_matrixView->setModel(m_matrix);
    m_matrixView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_matrixView->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    right->addWidget(m_matrixView, 1);
    layout->addLayout(right, 1);

    connect(m_toolView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid())
                    showTool(m_tools->toolAt(current.row()));
            });
    auto addToolNamed = [this, newTool, toolError] {
        if (!toolError->isHidden())
            return;
        auto added = PolicyEdits::addTool(m_document->policy(), newTool->text().trimmed());
        if (!added) {
            showRefusal(added.error().message);
            return;
        }
        const QString name = newTool->text().trimmed();
        m_document->undoStack()->push(
            new PolicySnapshotCommand(m_document, tr("Add tool %1").arg(name), added.value()));
        newTool->setText(QString());
        showTool(name);
    };
    connect(addTool, &QToolButton::clicked, this, addToolNamed);
    connect(newTool, &QLineEdit::returnPressed, this, addToolNamed);
    connect(removeTool, &QToolButton::clicked, this, &PolicyEditor::removeTool);
    return box;
}

QWidget *PolicyEditor::createFindings() {
    auto *box = new QWidget(this);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(2, 2, 2, 2);
    m_findingsView = new QTableView(box);
    m_findingsView->setObjectName(QStringLiteral("findingsView"));
    m_findingsView->setModel(m_findings);
    m_findingsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_findingsView->verticalHeader()->hide();
    m_findingsView->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_findingsView->horizontalHeader()->setStretchLastSection(true);
    m_findingsView->horizontalHeader()->setSectionResizeMode(FindingsModel::SeverityColumn,
                                                             QHeaderView::ResizeToContents);
    m_findingsView->horizontalHeader()->setSectionResizeMode(FindingsModel::Where,
                                                             QHeaderView::ResizeToContents);
    layout->addWidget(m_findingsView);
    layout->addWidget(new FindingFixButton(m_document, m_findings, m_findingsView, box), 0,
                      Qt::AlignRight);
    auto jump = [this](const QModelIndex &index) {
        if (index.isValid())
            goTo(m_findings->findingAt(index.row()).location);
    };
    connect(m_findingsView, &QTableView::activated, this, jump);
    connect(m_findingsView, &QTableView::clicked, this, jump);
    return box;
}

void PolicyEditor::showTool(const QString &tool) {
    m_matrix->setTool(tool);
    const int row = m_tools->rowOf(m_matrix->tool());
    if (m_toolView->currentIndex().row() != row)
        m_toolView->setCurrentIndex(m_tools->index(row));
    m_matrixTitle->setText(m_matrix->tool().isEmpty() ? tr("Server level")
                                                      : tr("Tool %1").arg(m_matrix->tool()));
    m_matrixView->resizeColumnsToContents();
}

void PolicyEditor::goTo(const PolicyLocation &location) {
    using Area = PolicyLocation::Area;
    if (location.area == Area::Server || location.area == Area::Tool) {
        showTool(location.area == Area::Tool ? location.tool : QString());
        const int column = location.scope.isEmpty() ? 0 : m_matrix->columnOf(location.scope);
        const QModelIndex index = m_matrix->index(qMax(0, location.combination), qMax(0, column));
        if (index.isValid()) {
            m_matrixView->setCurrentIndex(index);
            m_matrixView->scrollTo(index);
            m_matrixView->setFocus();
        }
    } else if (location.area == Area::Catalog || location.area == Area::Implies) {
        const int row = m_catalog->rowOf(location.scope);
        if (row >= 0) {
            m_bottomTabs->setCurrentIndex(0);
            const auto column = location.area == Area::Implies ? ScopeCatalogModel::Implies
                                                               : ScopeCatalogModel::Name;
            m_catalogView->setCurrentIndex(m_catalog->index(row, column));
            m_catalogView->setFocus();
        }
    } else if (location.area == Area::Resource) {
        m_resource->setFocus();
    } else if (location.area == Area::Challenge || location.area == Area::Policy) {
        if (m_settings->focusField(location.jsonPath))
            m_bottomTabs->setCurrentWidget(m_settings);
    }
}

int PolicyEditor::currentRow() const {
    return m_matrixView->currentIndex().isValid() ? m_matrixView->currentIndex().row() : -1;
}

void PolicyEditor::addAlternative() {
    const auto *list = m_document->alternatives(m_matrix->tool());
    if (!list)
        return;
    m_document->undoStack()->push(new AlternativeRowCommand(
        m_document, AlternativeRowCommand::Kind::Insert, m_matrix->tool(), int(list->size())));
}

void PolicyEditor::duplicateAlternative() {
    const int row = currentRow();
    const auto *list = m_document->alternatives(m_matrix->tool());
    if (!list || row < 0 || row >= list->size())
        return;
    auto *command = new AlternativeRowCommand(m_document, AlternativeRowCommand::Kind::Insert,
                                              m_matrix->tool(), row + 1, list->at(row));
    command->setText(tr("Duplicate alternative"));
    m_document->undoStack()->push(command);
}

void PolicyEditor::removeAlternative() {
    const int row = currentRow();
    if (row < 0)
        return;
    m_document->undoStack()->push(new AlternativeRowCommand(
        m_document, AlternativeRowCommand::Kind::Remove, m_matrix->tool(), row));
}

void PolicyEditor::moveAlternative(int delta) {
    const int row = currentRow();
    const int to = row + delta;
    if (row < 0 || to < 0 || to >= m_matrix->rowCount())
        return;
    const int column = m_matrixView->currentIndex().column();
    m_document->undoStack()->push(
        new MoveAlternativeCommand(m_document, m_matrix->tool(), row, to));
    m_matrixView->setCurrentIndex(m_matrix->index(to, column));
}

void PolicyEditor::moveAlternativeUp() {
    moveAlternative(-1);
}

void PolicyEditor::moveAlternativeDown() {
    moveAlternative(1);
}

void PolicyEditor::removeTool() {
    const QString tool = m_matrix->tool();
    if (tool.isEmpty())
        return;
    m_document->undoStack()->push(
        new PolicySnapshotCommand(m_document, tr("Remove tool %1").arg(tool),
                                  PolicyEdits::removeTool(m_document->policy(), tool)));
}

void PolicyEditor::focusMatrix() {
    m_matrixView->setFocus();
}

} // namespace scopebench
