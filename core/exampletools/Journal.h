#pragma once

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>

namespace scopebench {

// The example tools' data: journal entries and tags, in memory while the server runs.
class Journal {
public:
    // Bounds, so that no client can grow the server or one answer without limit (strings are
    // bounded by the tools' input schemas, 10,000 characters each).
    static constexpr int maxEntries = 1000;
    static constexpr int maxTags = 200;
    static constexpr int maxTagsPerEntry = 50;
    static constexpr int entriesPerPage = 25; // list_entries answers in pages
    struct Entry {
        int id = 0;
        QString title;
        QString content;
        QList<int> tags;
        qint64 createdAt = 0;
        qint64 updatedAt = 0;
    };
    struct Tag {
        int id = 0;
        QString name;
        QString description;
    };

    const Entry *entry(int id) const;
    int entryCount() const { return int(m_entries.size()); }
    int tagCount() const { return int(m_tags.size()); }
    QList<Entry> entries(std::optional<int> withTag = std::nullopt) const;
    const Entry &createEntry(const QString &title, const QString &content, const QList<int> &tags,
                             qint64 now);
    // Null when there is no such entry.
    const Entry *updateEntry(int id, const std::optional<QString> &title,
                             const std::optional<QString> &content, qint64 now);
    bool deleteEntry(int id);
    bool addTag(int entryId, int tagId, qint64 now);

    const Tag *tag(int id) const;
    const Tag *tagNamed(const QString &name) const;
    QList<Tag> tags() const;
    const Tag &createTag(const QString &name, const QString &description);
    const Tag *updateTag(int id, const std::optional<QString> &name,
                         const std::optional<QString> &description);
    bool deleteTag(int id); // also takes it off every entry

    static QJsonObject toJson(const Entry &entry);
    static QJsonObject toJson(const Tag &tag);

private:
    QMap<int, Entry> m_entries;
    QMap<int, Tag> m_tags;
    int m_nextEntry = 1;
    int m_nextTag = 1;
};

} // namespace scopebench
