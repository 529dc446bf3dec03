#include "exampletools/Journal.h"

#include <QDateTime>
#include <QJsonArray>

namespace scopebench {

const Journal::Entry *Journal::entry(int id) const {
    const auto it = m_entries.constFind(id);
    return it == m_entries.cend() ? nullptr : &*it;
}

QList<Journal::Entry> Journal::entries(std::optional<int> withTag) const {
    QList<Entry> out;
    for (const auto &e : m_entries) {
        if (!withTag || e.tags.contains(*withTag))
            out.append(e);
    }
    return out;
}

const Journal::Entry &Journal::createEntry(const QString &title, const QString &content,
                                           const QList<int> &tags, qint64 now) {
    Entry e;
    e.id = m_nextEntry++;
    e.title = title;
    e.content = content;
    for (int t : tags) {
        if (m_tags.contains(t) && !e.tags.contains(t))
            e.tags.append(t);
    }
    e.createdAt = now;
    e.updatedAt = now;
    return *m_entries.insert(e.id, e);
}

const Journal::Entry *Journal::updateEntry(int id, const std::optional<QString> &title,
                                           const std::optional<QString> &content, qint64 now) {
    auto it = m_entries.find(id);
    if (it == m_entries.end())
        return nullptr;
    if (title)
        it->title = *title;
    if (content)
        it->content = *content;
    it->updatedAt = now;
    return &*it;
}

bool Journal::deleteEntry(int id) {
    return m_entries.remove(id) > 0;
}

bool Journal::addTag(int entryId, int tagId, qint64 now) {
    auto it = m_entries.find(entryId);
    if (it == m_entries.end() || !m_tags.contains(tagId))
        return false;
    if (!it->tags.contains(tagId))
        it->tags.append(tagId);
    it->updatedAt = now;
    return true;
}

const Journal::Tag *Journal::tag(int id) const {
    const auto it = m_tags.constFind(id);
    return it == m_tags.cend() ? nullptr : &*it;
}

const Journal::Tag *Journal::tagNamed(const QString &name) const {
    for (const auto &t : m_tags) {
        if (t.name == name)
            return &t;
    }
    return nullptr;
}

QList<Journal::Tag> Journal::tags() const {
    return m_tags.values();
}

const Journal::Tag &Journal::createTag(const QString &name, const QString &description) {
    Tag t;
    t.id = m_nextTag++;
    t.name = name;
    t.description = description;
    return *m_tags.insert(t.id, t);
}

const Journal::Tag *Journal::updateTag(int id, const std::optional<QString> &name,
                                       const std::optional<QString> &description) {
    auto it = m_tags.find(id);
    if (it == m_tags.end())
        return nullptr;
    if (name)
        it->name = *name;
    if (description)
        it->description = *description;
    return &*it;
}

bool Journal::deleteTag(int id) {
    if (m_tags.remove(id) == 0)
        return false;
    for (auto &e : m_entries)
        e.tags.removeAll(id);
    return true;
}

QJsonObject Journal::toJson(const Entry &entry) {
    QJsonArray tags;
    for (int t : entry.tags)
        tags.append(t);
    return QJsonObject{
        {QStringLiteral("id"), entry.id},
        {QStringLiteral("title"), entry.title},
        {QStringLiteral("content"), entry.content},
        {QStringLiteral("tags"), tags},
        {QStringLiteral("createdAt"),
         QDateTime::fromSecsSinceEpoch(entry.createdAt, Qt::UTC).toString(Qt::ISODate)},
        {QStringLiteral("updatedAt"),
         QDateTime::fromSecsSinceEpoch(entry.updatedAt, Qt::UTC).toString(Qt::ISODate)},
    };
}

QJsonObject Journal::toJson(const Tag &tag) {
    return QJsonObject{{QStringLiteral("id"), tag.id},
                       {QStringLiteral("name"), tag.name},
                       {QStringLiteral("description"), tag.description}};
}

} // namespace scopebench
