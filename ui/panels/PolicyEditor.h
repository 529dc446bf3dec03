#pragma once

#include "policy/LintFinding.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QTableView;
class QPushButton;
class QTabWidget;

namespace scopebench {

class AlternativesMatrixModel;
class FindingsModel;
class PolicyDocument;
class PolicySettingsPanel;
class ScopeCatalogModel;
class ToolListModel;

// The centre of the window: the policy's settings, the scope catalog, the alternatives matrix of
// the server level or of a tool, and the lint findings, which jump to the place they concern.
class PolicyEditor : public QWidget {
    Q_OBJECT
public:
    explicit PolicyEditor(PolicyDocument *document, QWidget *parent = nullptr);

    ScopeCatalogModel *catalogModel() const { return m_catalog; }
    AlternativesMatrixModel *matrixModel() const { return m_matrix; }
    ToolListModel *toolModel() const { return m_tools; }
    FindingsModel *findingsModel() const { return m_findings; }
    // Puts the keyboard focus on the alternatives matrix.
    void focusMatrix();

    // Shows the alternatives of `tool` (empty: server level).
    void showTool(const QString &tool);
    // Selects the row or cell a finding concerns.
    void goTo(const PolicyLocation &location);

public Q_SLOTS:
    void addScope();
    void removeScope();
    void addAlternative();
    void duplicateAlternative();
    void removeAlternative();
    void moveAlternativeUp();
    void moveAlternativeDown();
    void removeTool();

private:
    QWidget *createSettings();
    QWidget *createCatalog();
    QWidget *createAlternatives();
    QWidget *createFindings();
    void refreshSettings();
    void refreshFindingsTab();
    void checkNewScope();
    void showRefusal(const QString &reason);
    void editSetting(const QString &key, const QString &text);
    int currentRow() const;
    void moveAlternative(int delta);

    PolicyDocument *m_document;
    ScopeCatalogModel *m_catalog;
    AlternativesMatrixModel *m_matrix;
    ToolListModel *m_tools;
    FindingsModel *m_findings;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_realm = nullptr;
    QLineEdit *m_resource = nullptr;
    QComboBox *m_scopeHint = nullptr;
    QTableView *m_catalogView = nullptr;
    QLineEdit *m_newScope = nullptr;
    QPushButton *m_addScope = nullptr;
    QLabel *m_scopeError = nullptr;
    QListView *m_toolView = nullptr;
    QLabel *m_matrixTitle = nullptr;
    QTableView *m_matrixView = nullptr;
    QTableView *m_findingsView = nullptr;
    QTabWidget *m_bottomTabs = nullptr;
    PolicySettingsPanel *m_settings = nullptr;
};

} // namespace scopebench
