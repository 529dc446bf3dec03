#pragma once

#include <QStringList>

#include <vector>

namespace scopebench {

// A fixed list of names and, for a name, its position in that list: what a compiled policy asks
// for each scope of a token and for the tool of a call, on every request. Qt's QHash<QString>
// seeds and hashes each key with a hash built against flooding, which costs here more than
// the whole decision's bit operations it feeds (docs/performance.md). The names are fixed when
// the index is built from the policy, so no request can add a key that collides: a lookup is one
// FNV-1a pass over the asked name and a probe run no longer than the longest run the policy's
// own names make in a table kept at most half full.
class NameIndex {
public:
    NameIndex() = default;
    // A name listed twice maps to its last position, as QHash::insert would keep it.
    explicit NameIndex(const QStringList &names);

    // The name's position in the list; -1 when it is not there.
    int indexOf(QStringView name) const;
    int size() const { return int(m_names.size()); }

private:
    static quint64 hashOf(QStringView name);

    QStringList m_names;
    std::vector<int> m_slots; // a position in m_names, or -1 for an empty slot
    quint64 m_mask = 0;
};

} // namespace scopebench
