#include "common/NameIndex.h"

namespace scopebench {

NameIndex::NameIndex(const QStringList &names)
    : m_names(names) {
    size_t capacity = 4;
    while (capacity < size_t(names.size()) * 2)
        capacity *= 2;
    m_slots.assign(capacity, -1);
    m_mask = capacity - 1;
    for (int i = 0; i < names.size(); ++i) {
        size_t slot = size_t(hashOf(names[i]) & m_mask);
        while (m_slots[slot] >= 0 && m_names[m_slots[slot]] != names[i])
            slot = (slot + 1) & m_mask;
        m_slots[slot] = i; // a repeated name takes over its earlier slot: the last one counts
    }
}

int NameIndex::indexOf(QStringView name) const {
    if (m_slots.empty())
        return -1;
    size_t slot = size_t(hashOf(name) & m_mask);
    for (int i; (i = m_slots[slot]) >= 0; slot = (slot + 1) & m_mask) {
        if (QStringView(m_names[i]) == name)
            return i;
    }
    return -1;
}

quint64 NameIndex::hashOf(QStringView name) {
    quint64 h = 14695981039346656037ull; // FNV-1a, 64 bits
    for (const QChar c : name) {
        h ^= c.unicode();
        h *= 1099511628211ull;
    }
    return h;
}

} // namespace scopebench
