#pragma once

#include "analysis/AccessDiff.h"

#include <QDialog>

namespace scopebench {

// The access diff between a saved policy and the document (docs/analysis-and-export.md, "The
// access diff"): the verdict, then every widened change in red, then the narrowed ones, each a
// minimal token. Compare mode has a Close button; ConfirmSave asks "Save anyway?" with Save
// (accepts) and Cancel (rejects). Children carry objectNames: accessDiffVerdict,
// accessDiffList, accessDiffSave, accessDiffCancel, accessDiffClose.
class AccessDiffDialog : public QDialog {
    Q_OBJECT
public:
    enum class Mode { Compare, ConfirmSave };

    AccessDiffDialog(const AccessDiff &diff, const QString &savedName, Mode mode,
                     QWidget *parent = nullptr);
};

} // namespace scopebench
