#include "CoverageModel.h"

#include "PolicyDocument.h"

#include <QBrush>
#include <QColor>
#include <QTimer>

namespace scopebench {

namespace {

// Light enough to read black text on, distinct for colour-blind eyes by lightness as well.
const QColor AllowColour(0xc8, 0xe6, 0xc9);
const QColor RefuseColour(0xff, 0xcd, 0xd2);

QString alternativeName(const QString &tool, int combination) {
    return (tool.isEmpty() ? QStringLiteral("server") : QStringLiteral("tool ") + tool) +
           QStringLiteral(" #%1").arg(combination + 1);
}

} // namespace

CoverageModel::CoverageModel(PolicyDocument *document, QObject *parent)
    : QAbstractTableModel(parent)
    , m_document(document)
    , m_timer(new QTimer(this)) {
    // A zero single-shot timer, as the decision preview has: the changes of one event-loop turn
    // (a jump back in the undo history, keystrokes queued while the GUI was busy) cost one
    // matrix, the costly part, instead of one each.
    m_timer->setSingleShot(true);
    m_timer->setInterval(0);
    connect(m_timer, &QTimer::timeout, this, &CoverageModel::refresh);
    refresh();
    // changed() follows every edit, undo, redo, open and replacement.
    connect(document, &PolicyDocument::changed, this, &CoverageModel::schedule);
}

void CoverageModel::flush() {
    if (m_timer->isActive()) {
        m_timer->stop();
        refresh();
    }
}

void CoverageModel::schedule() {
    m_timer->start();
}

void CoverageModel::refresh() {
    beginResetModel();
    m_matrix = CoverageMatrix::compute(m_document->policy());
    m_marks.clear();
    if (m_matrix.serverUnreachable()) {
        Mark m;
        m.kind = Mark::Kind::UnreachableServer;
        m.text = tr("No token of catalogue scopes can connect at all");
        m.lintId = m_matrix.serverUnreachableLintId();
        m.location.area = PolicyLocation::Area::Server;
        m_marks.append(m);
    }
    for (const auto &u : m_matrix.unreachableTools()) {
        Mark m;
        m.text = tr("Tool %1 is unreachable: no token of catalogue scopes may call it").arg(u.tool);
        m.lintId = u.lintId;
        m.location.area = u.lintId == QLatin1String("unreachable-server")
                              ? PolicyLocation::Area::Server
                              : PolicyLocation::Area::Tool;
        if (m.location.area == PolicyLocation::Area::Tool)
            m.location.tool = u.tool;
        m_marks.append(m);
    }
    for (const auto &s : m_matrix.idleScopes()) {
        Mark m;
        m.kind = Mark::Kind::IdleScope;
        m.text = tr("Scope %1 grants nothing: no alternative needs it or anything it implies")
                     .arg(s.scope);
        m.lintId = s.lintId;
        m.location.area = PolicyLocation::Area::Catalog;
        m.location.scope = s.scope;
        m_marks.append(m);
    }
    for (const auto &r : m_matrix.redundantAlternatives()) {
        Mark m;
        m.kind = Mark::Kind::RedundantAlternative;
        m.text =
            (r.viaImplies ? tr("%1 is redundant through implies: %2 is met whenever it is")
                          : tr("%1 is redundant: %2 needs no more and is enough"))
                .arg(alternativeName(r.tool, r.combination), alternativeName(r.tool, r.coveredBy));
        m.lintId = r.lintId;
        m.location.area =
            r.tool.isEmpty() ? PolicyLocation::Area::Server : PolicyLocation::Area::Tool;
        m.location.tool = r.tool;
        m.location.combination = r.combination;
        m.location.jsonPath = r.where;
        m_marks.append(m);
    }
    endResetModel();
    Q_EMIT recomputed();
}

bool CoverageModel::matches(const Mark &mark, const LintFinding &finding) {
    if (mark.lintId.isEmpty() || finding.id != mark.lintId)
        return false;
    const PolicyLocation &f = finding.location;
    const PolicyLocation &m = mark.location;
    if (finding.id == QLatin1String("unreachable-server"))
        return true;
    if (f.area != m.area)
        return false;
    switch (mark.kind) {
    case Mark::Kind::UnreachableServer:
        return true;
    case Mark::Kind::UnreachableTool:
        return f.tool == m.tool;
    case Mark::Kind::IdleScope:
        return f.scope == m.scope;
    case Mark::Kind::RedundantAlternative:
        return f.tool == m.tool && f.combination == m.combination;
    }
    return false;
}

int CoverageModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_matrix.operations().size());
}

int CoverageModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_matrix.classes().size());
}

QVariant CoverageModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const CoverageCell &cell = m_matrix.cell(index.row(), index.column());
    switch (role) {
    case Qt::DisplayRole:
        return cell.allowed ? tr("allow") : QString::number(cell.status);
    case Qt::ToolTipRole:
        return cell.allowed ? tr("%1 may %2")
                                  .arg(m_matrix.classes()[index.column()].label,
                                       m_matrix.operations()[index.row()].verbPhrase())
                            : QString::number(cell.status) + QStringLiteral(" WWW-Authenticate: ") +
                                  QString::fromLatin1(cell.wwwAuthenticate);
    case Qt::BackgroundRole:
        return QBrush(cell.allowed ? AllowColour : RefuseColour);
    case Qt::ForegroundRole:
        return QBrush(Qt::black);
    case Qt::TextAlignmentRole:
        return int(Qt::AlignCenter);
    case AllowedRole:
        return cell.allowed;
    case ChallengeRole:
        return QString::fromLatin1(cell.wwwAuthenticate);
    default:
        return {};
    }
}

QString CoverageModel::rowMark(int row) const {
    const Operation &op = m_matrix.operations()[row];
    if (op.isAnyRequest())
        return m_matrix.serverUnreachable() ? tr("unreachable") : QString();
    for (const auto &u : m_matrix.unreachableTools()) {
        if (u.tool == op.tool)
            return tr("unreachable");
    }
    return {};
}

QString CoverageModel::columnMark(int column) const {
    const TokenClass &c = m_matrix.classes()[column];
    if (c.kind != TokenClass::Kind::ServerAlternative &&
        c.kind != TokenClass::Kind::ToolAlternative)
        return {};
    for (const auto &r : m_matrix.redundantAlternatives()) {
        if (c.label == alternativeName(r.tool, r.combination) ||
            c.sameAs.contains(alternativeName(r.tool, r.combination)))
            return tr("redundant");
    }
    return {};
}

QVariant CoverageModel::headerData(int section, Qt::Orientation orientation, int role) const {
    const bool rows = orientation == Qt::Vertical;
    if (section < 0 || section >= (rows ? rowCount() : columnCount()))
        return {};
    const QString mark = rows ? rowMark(section) : columnMark(section);
    switch (role) {
    case Qt::DisplayRole: {
        const QString text =
            rows ? m_matrix.operations()[section].label() : m_matrix.classes()[section].label;
        return mark.isEmpty() ? text : text + QStringLiteral(" \u26a0");
    }
    case Qt::ToolTipRole: {
        QString tip;
        if (rows) {
            tip = m_matrix.operations()[section].label();
        } else {
            const TokenClass &c = m_matrix.classes()[section];
            tip = c.label + QStringLiteral(": ") +
                  (c.scopes.isEmpty() ? tr("no scopes") : c.scopes.join(QLatin1Char(' ')));
            if (!c.sameAs.isEmpty())
                tip +=
                    QStringLiteral("\n") + tr("also %1").arg(c.sameAs.join(QStringLiteral(", ")));
        }
        return mark.isEmpty() ? tip : tip + QStringLiteral("\n") + mark;
    }
    case Qt::ForegroundRole:
        return mark.isEmpty() ? QVariant() : QVariant(QBrush(QColor(0xb7, 0x1c, 0x1c)));
    case MarkedRole:
        return !mark.isEmpty();
    default:
        return {};
    }
}

} // namespace scopebench
