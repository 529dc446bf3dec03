#include "policy/PolicyFile.h"

#include "policy/ScopeGrammar.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSaveFile>
#include <QSet>

#include <cmath>
#include <deque>

namespace scopebench {

namespace {

const QString InvalidId = QStringLiteral("file-invalid");
const QString TooLargeId = QStringLiteral("file-too-large");
const QString UnreadableId = QStringLiteral("file-unreadable");

class Reader {
public:
    explicit Reader(const QString &origin)
        : m_origin(origin) {}

    Error error(const QString &path, const QString &message, const QString &id = InvalidId) const {
        QString where = m_origin;
        if (!path.isEmpty())
            where += (where.isEmpty() ? QString() : QStringLiteral(", ")) + path;
        return Error{message, where, id};
    }

    // Sets the error when `count` goes past `limit`.
    bool within(qsizetype count, int limit, const QString &path, const char *what) {
        if (count <= limit)
            return true;
        m_error = error(path,
                        QStringLiteral("more than %1 %2 (the limit of a policy file)")
                            .arg(limit)
                            .arg(QLatin1String(what)),
                        TooLargeId);
        return false;
    }

    bool expect(const OrderedJson &value, OrderedJson::Type type, const QString &path) {
        if (value.type() == type)
            return true;
        m_error =
            error(path, QStringLiteral("expected %1, found %2")
                            .arg(OrderedJson::typeName(type), OrderedJson::typeName(value.type())));
        return false;
    }

    bool scope(const OrderedJson &value, const QString &path, QString *out) {
        if (!expect(value, OrderedJson::Type::String, path))
            return false;
        const QString problem = ScopeGrammar::explain(value.toString());
        if (!problem.isEmpty()) {
            m_error = error(path, QStringLiteral("\"%1\": %2").arg(value.toString(), problem));
            return false;
        }
        if (!m_scopes.contains(value.toString())) {
            m_scopes.insert(value.toString());
            if (!within(m_scopes.size(), PolicyFile::MaxScopes, path, "distinct scopes"))
                return false;
        }
        *out = value.toString();
        return true;
    }

    bool scopeList(const OrderedJson &value, const QString &path, QStringList *out) {
        if (!expect(value, OrderedJson::Type::Array, path) ||
            !within(qsizetype(value.elements().size()), PolicyFile::MaxScopesPerList, path,
                    "scopes in one list"))
            return false;
        for (size_t i = 0; i < value.elements().size(); ++i) {
            QString s;
            if (!scope(value.elements()[i], PolicyFile::indexPath(path, qsizetype(i)), &s))
                return false;
            out->append(s);
        }
        return true;
    }

    bool alternatives(const OrderedJson &value, const QString &path, ScopeAlternatives *out) {
        if (!expect(value, OrderedJson::Type::Array, path) ||
            !within(qsizetype(value.elements().size()), PolicyFile::MaxCombinationsPerList, path,
                    "combinations in one list"))
            return false;
        m_combinations += qsizetype(value.elements().size());
        if (!within(m_combinations, PolicyFile::MaxCombinations, path,
                    "combinations in the whole file"))
            return false;
        for (size_t i = 0; i < value.elements().size(); ++i) {
            QStringList combination;
            if (!scopeList(value.elements()[i], PolicyFile::indexPath(path, qsizetype(i)),
                           &combination))
                return false;
            out->append(combination);
        }
        return true;
    }

    bool string(const OrderedJson &value, const QString &path, QString *out) {
        if (!expect(value, OrderedJson::Type::String, path))
            return false;
        *out = value.toString();
        return true;
    }

    bool boolean(const OrderedJson &value, const QString &path, bool *out) {
        if (!expect(value, OrderedJson::Type::Bool, path))
            return false;
        *out = value.toBool();
        return true;
    }

    Result<Policy> read(const OrderedJson &doc) {
        if (!expect(doc, OrderedJson::Type::Object, QStringLiteral("$")))
            return m_error;
        const OrderedJson *version = doc.find(QStringLiteral("scopebench"));
        if (!version)
            return error(QStringLiteral("$"),
                         QStringLiteral("not a Scopebench policy: the \"scopebench\" format "
                                        "version field is missing"));
        const QString versionPath = QStringLiteral("$.scopebench");
        if (!version->isNumber() || version->toDouble() != std::floor(version->toDouble()))
            return error(versionPath,
                         QStringLiteral("the format version must be the integer %1, found %2")
                             .arg(Policy::FormatVersion)
                             .arg(shown(*version)));
        if (version->toDouble() != Policy::FormatVersion)
            return error(versionPath,
                         QStringLiteral("format version %1 is not supported; this Scopebench "
                                        "reads version %2")
                             .arg(shown(*version))
                             .arg(Policy::FormatVersion));

        Policy p;
        p.source = doc;
        for (const auto &[key, value] : doc.members()) {
            const QString path = PolicyFile::memberPath(QStringLiteral("$"), key);
            bool ok = true;
            if (key == QLatin1String("name")) {
                ok = string(value, path, &p.name);
            } else if (key == QLatin1String("realm")) {
                ok = string(value, path, &p.realm);
            } else if (key == QLatin1String("resource")) {
                ok = string(value, path, &p.resource);
            } else if (key == QLatin1String("authorizationServers")) {
                ok = expect(value, OrderedJson::Type::Array, path);
                for (size_t i = 0; ok && i < value.elements().size(); ++i) {
                    QString url;
                    ok = string(value.elements()[i], PolicyFile::indexPath(path, qsizetype(i)),
                                &url);
                    p.authorizationServers.append(url);
                }
            } else if (key == QLatin1String("scopesSupported")) {
                QStringList published;
                ok = scopeList(value, path, &published);
                p.scopesSupported = published;
            } else if (key == QLatin1String("scopes")) {
                ok = readCatalog(value, path, &p.scopes);
            } else if (key == QLatin1String("implies")) {
                ok = expect(value, OrderedJson::Type::Object, path);
                for (size_t i = 0; ok && i < value.members().size(); ++i) {
                    const auto &[scopeName, grants] = value.members()[i];
                    const QString memberPath = PolicyFile::memberPath(path, scopeName);
                    Implication imp;
                    ok = scope(OrderedJson::string(scopeName), memberPath, &imp.scope) &&
                         scopeList(grants, memberPath, &imp.grants);
                    m_implications += imp.grants.size();
                    ok = ok && within(m_implications, PolicyFile::MaxImplications, memberPath,
                                      "implied scopes in implies");
                    p.implies.append(imp);
                }
            } else if (key == QLatin1String("validScopeCombinations")) {
                ok = alternatives(value, path, &p.validScopeCombinations);
            } else if (key == QLatin1String("toolScopes")) {
                ok = expect(value, OrderedJson::Type::Object, path) &&
                     within(qsizetype(value.members().size()), PolicyFile::MaxTools, path, "tools");
                for (size_t i = 0; ok && i < value.members().size(); ++i) {
                    const auto &[toolName, alts] = value.members()[i];
                    ToolRequirement tool{toolName, {}};
                    if (toolName.isEmpty()) {
                        m_error = error(path, QStringLiteral("a tool name cannot be empty"));
                        ok = false;
                        break;
                    }
                    ok = alternatives(alts, PolicyFile::memberPath(path, toolName),
                                      &tool.alternatives);
                    p.toolScopes.append(tool);
                }
            } else if (key == QLatin1String("challenge")) {
                ok = readChallenge(value, path, &p.challenge);
            } else if (key == QLatin1String("validation")) {
                ok = readValidation(value, path, &p.validation);
            }
            if (!ok)
                return m_error;
        }
        return p;
    }

private:
    // A scalar as it was written ("1", 1.5, true); containers by their type.
    static QString shown(const OrderedJson &value) {
        if (value.isArray() || value.isObject())
            return OrderedJson::typeName(value.type());
        return QString::fromUtf8(value.serialize().trimmed());
    }

    bool readCatalog(const OrderedJson &value, const QString &path, QList<ScopeInfo> *out) {
        if (!expect(value, OrderedJson::Type::Array, path))
            return false;
        for (size_t i = 0; i < value.elements().size(); ++i) {
            const OrderedJson &entry = value.elements()[i];
            const QString entryPath = PolicyFile::indexPath(path, qsizetype(i));
            ScopeInfo info;
            if (entry.isString()) {
                if (!scope(entry, entryPath, &info.name))
                    return false;
            } else {
                if (!expect(entry, OrderedJson::Type::Object, entryPath))
                    return false;
                const OrderedJson *name = entry.find(QStringLiteral("name"));
                if (!name) {
                    m_error = error(entryPath, QStringLiteral("a scope needs a \"name\""));
                    return false;
                }
                if (!scope(*name, entryPath + QStringLiteral(".name"), &info.name))
                    return false;
                if (const OrderedJson *d = entry.find(QStringLiteral("description"))) {
                    if (!string(*d, entryPath + QStringLiteral(".description"), &info.description))
                        return false;
                }
            }
            out->append(info);
        }
        return true;
    }

    bool readChallenge(const OrderedJson &value, const QString &path, ChallengeSettings *out) {
        if (!expect(value, OrderedJson::Type::Object, path))
            return false;
        if (const OrderedJson *hint = value.find(QStringLiteral("scopeHint"))) {
            const QString hintPath = path + QStringLiteral(".scopeHint");
            QString text;
            if (!string(*hint, hintPath, &text))
                return false;
            if (!Policy::parseScopeHint(text, &out->scopeHint)) {
                m_error = error(hintPath, QStringLiteral("\"%1\" is not one of omit, closest, "
                                                         "closest+granted")
                                              .arg(text));
                return false;
            }
        }
        if (const OrderedJson *d = value.find(QStringLiteral("description")))
            return string(*d, path + QStringLiteral(".description"), &out->descriptionTemplate);
        return true;
    }

    bool readValidation(const OrderedJson &value, const QString &path, ValidationSettings *out) {
        if (!expect(value, OrderedJson::Type::Object, path))
            return false;
        if (const OrderedJson *l = value.find(QStringLiteral("leewaySeconds"))) {
            const QString lPath = path + QStringLiteral(".leewaySeconds");
            if (!expect(*l, OrderedJson::Type::Number, lPath))
                return false;
            const double d = l->toDouble();
            if (d != std::floor(d) || d < 0 || d > 86400) {
                m_error = error(lPath, QStringLiteral("must be a whole number of seconds from 0 "
                                                      "to 86400"));
                return false;
            }
            out->leewaySeconds = int(d);
        }
        if (const OrderedJson *e = value.find(QStringLiteral("requireExpiry"))) {
            if (!boolean(*e, path + QStringLiteral(".requireExpiry"), &out->requireExpiry))
                return false;
        }
        if (const OrderedJson *a = value.find(QStringLiteral("requireAudience"))) {
            if (!boolean(*a, path + QStringLiteral(".requireAudience"), &out->requireAudience))
                return false;
        }
        return true;
    }

    QString m_origin;
    Error m_error;
    QSet<QString> m_scopes;
    qsizetype m_combinations = 0;
    qsizetype m_implications = 0;
};

OrderedJson stringArray(const QStringList &list) {
    OrderedJson a = OrderedJson::array();
    for (const auto &s : list)
        a.append(OrderedJson::string(s));
    return a;
}

OrderedJson alternativesJson(const ScopeAlternatives &alternatives) {
    OrderedJson a = OrderedJson::array();
    for (const auto &combination : alternatives)
        a.append(stringArray(combination));
    return a;
}

// Keeps a member that already has this value, so a number keeps its written form (60.0 stays).
void keepOrInsert(OrderedJson &object, const QString &key, OrderedJson value) {
    const OrderedJson *old = object.find(key);
    if (!old || *old != value)
        object.insert(key, std::move(value));
}

const OrderedJson *sourceMember(const OrderedJson &source, const char *key) {
    return source.isObject() ? source.find(QLatin1String(key)) : nullptr;
}

} // namespace

QString PolicyFile::memberPath(const QString &parent, const QString &key) {
    bool identifier = !key.isEmpty() && !key[0].isDigit();
    for (const QChar c : key) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != u'_' && c != u':' && c != u'-')
            identifier = false;
    }
    if (identifier)
        return parent + QLatin1Char('.') + key;
    QString escaped = key;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    escaped.replace(QLatin1Char('"'), QStringLiteral("\\\""));
    return parent + QStringLiteral("[\"") + escaped + QStringLiteral("\"]");
}

QString PolicyFile::indexPath(const QString &parent, qsizetype index) {
    return parent + QLatin1Char('[') + QString::number(index) + QLatin1Char(']');
}

Result<Policy> PolicyFile::fromJson(const OrderedJson &document, const QString &origin) {
    return Reader(origin).read(document);
}

Result<Policy> PolicyFile::parse(const QByteArray &utf8, const QString &origin) {
    Result<OrderedJson> doc = OrderedJson::parse(utf8);
    if (!doc) {
        QString where = origin;
        if (!doc.error().where.isEmpty())
            where += (where.isEmpty() ? QString() : QStringLiteral(", ")) + doc.error().where;
        return Error{QStringLiteral("not valid JSON: ") + doc.error().message, where,
                     QStringLiteral("file-invalid-json")};
    }
    return fromJson(doc.value(), origin);
}

Result<Policy> PolicyFile::load(const QString &fileName) {
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("cannot open the file: ") + file.errorString(), fileName,
                     UnreadableId};
    const QString tooLarge =
        QStringLiteral("the file is larger than %1 MiB (the limit of a policy file)")
            .arg(MaxFileBytes >> 20);
    if (file.size() > MaxFileBytes)
        return Error{tooLarge, fileName, TooLargeId};
    const QByteArray data = file.read(MaxFileBytes + 1);
    if (file.error() != QFileDevice::NoError)
        return Error{QStringLiteral("cannot read the file: ") + file.errorString(), fileName,
                     UnreadableId};
    // A pipe or device reports no size up front.
    if (data.size() > MaxFileBytes)
        return Error{tooLarge, fileName, TooLargeId};
    return parse(data, fileName);
}

OrderedJson PolicyFile::toJson(const Policy &policy) {
    OrderedJson doc = policy.source.isObject() ? policy.source : OrderedJson::object();
    const OrderedJson &src = policy.source;
    keepOrInsert(doc, QStringLiteral("scopebench"), OrderedJson::number(Policy::FormatVersion));

    auto setString = [&](const char *key, const QString &value) {
        if (!value.isEmpty() || sourceMember(src, key))
            doc.insert(QLatin1String(key), OrderedJson::string(value));
    };
    setString("name", policy.name);
    setString("realm", policy.realm);
    setString("resource", policy.resource);
    if (!policy.authorizationServers.isEmpty() || sourceMember(src, "authorizationServers"))
        doc.insert(QStringLiteral("authorizationServers"),
                   stringArray(policy.authorizationServers));

    // The catalog: entries keep their own unknown members and their form, found by scope name
    // (each old entry used once, so a name written twice keeps both entries' members).
    OrderedJson catalog = OrderedJson::array();
    const OrderedJson *oldCatalog = sourceMember(src, "scopes");
    // Per name, the old entries not used yet, first first (a hash: catalogs can be thousands long).
    QHash<QString, std::deque<const OrderedJson *>> unused;
    if (oldCatalog && oldCatalog->isArray()) {
        for (const OrderedJson &candidate : oldCatalog->elements()) {
            const OrderedJson *n =
                candidate.isObject() ? candidate.find(QStringLiteral("name")) : &candidate;
            if (n && n->isString())
                unused[n->toString()].push_back(&candidate);
        }
    }
    for (const auto &scope : policy.scopes) {
        const OrderedJson *old = nullptr;
        const auto match = unused.find(scope.name);
        if (match != unused.end() && !match->empty()) {
            old = match->front();
            match->pop_front();
        }
        if (old && old->isString() && scope.description.isEmpty()) {
            catalog.append(*old);
            continue;
        }
        OrderedJson entry = old && old->isObject() ? *old : OrderedJson::object();
        entry.insert(QStringLiteral("name"), OrderedJson::string(scope.name));
        if (!scope.description.isEmpty() || entry.find(QStringLiteral("description")))
            entry.insert(QStringLiteral("description"), OrderedJson::string(scope.description));
        catalog.append(entry);
    }
    if (!policy.scopes.isEmpty() || oldCatalog)
        doc.insert(QStringLiteral("scopes"), catalog);

    if (!policy.implies.isEmpty() || sourceMember(src, "implies")) {
        OrderedJson implies = OrderedJson::object();
        for (const auto &imp : policy.implies)
            implies.insert(imp.scope, stringArray(imp.grants));
        doc.insert(QStringLiteral("implies"), implies);
    }
    if (!policy.validScopeCombinations.isEmpty() || sourceMember(src, "validScopeCombinations"))
        doc.insert(QStringLiteral("validScopeCombinations"),
                   alternativesJson(policy.validScopeCombinations));
    if (!policy.toolScopes.isEmpty() || sourceMember(src, "toolScopes")) {
        OrderedJson tools = OrderedJson::object();
        for (const auto &tool : policy.toolScopes)
            tools.insert(tool.tool, alternativesJson(tool.alternatives));
        doc.insert(QStringLiteral("toolScopes"), tools);
    }

    if (policy.scopesSupported)
        doc.insert(QStringLiteral("scopesSupported"), stringArray(*policy.scopesSupported));
    else if (sourceMember(src, "scopesSupported"))
        doc.remove(QStringLiteral("scopesSupported"));

    // Settings objects: a member is written when it differs from its default or the file already
    // had it, so saving never adds lines the user did not write.
    const OrderedJson *oldChallenge = sourceMember(src, "challenge");
    const ChallengeSettings defaultChallenge;
    if (oldChallenge || !(policy.challenge == defaultChallenge)) {
        OrderedJson c =
            oldChallenge && oldChallenge->isObject() ? *oldChallenge : OrderedJson::object();
        if (policy.challenge.scopeHint != defaultChallenge.scopeHint ||
            c.find(QStringLiteral("scopeHint")))
            c.insert(QStringLiteral("scopeHint"),
                     OrderedJson::string(Policy::scopeHintName(policy.challenge.scopeHint)));
        if (!policy.challenge.descriptionTemplate.isEmpty() ||
            c.find(QStringLiteral("description")))
            c.insert(QStringLiteral("description"),
                     OrderedJson::string(policy.challenge.descriptionTemplate));
        doc.insert(QStringLiteral("challenge"), c);
    }
    const OrderedJson *oldValidation = sourceMember(src, "validation");
    const ValidationSettings defaultValidation;
    if (oldValidation || !(policy.validation == defaultValidation)) {
        OrderedJson v =
            oldValidation && oldValidation->isObject() ? *oldValidation : OrderedJson::object();
        const ValidationSettings &now = policy.validation;
        if (now.leewaySeconds != defaultValidation.leewaySeconds ||
            v.find(QStringLiteral("leewaySeconds")))
            keepOrInsert(v, QStringLiteral("leewaySeconds"),
                         OrderedJson::number(now.leewaySeconds));
        if (now.requireExpiry != defaultValidation.requireExpiry ||
            v.find(QStringLiteral("requireExpiry")))
            v.insert(QStringLiteral("requireExpiry"), OrderedJson::boolean(now.requireExpiry));
        if (now.requireAudience != defaultValidation.requireAudience ||
            v.find(QStringLiteral("requireAudience")))
            v.insert(QStringLiteral("requireAudience"), OrderedJson::boolean(now.requireAudience));
        doc.insert(QStringLiteral("validation"), v);
    }
    return doc;
}

Status PolicyFile::save(const Policy &policy, const QString &fileName) {
    // What could not be loaded back is never written (a scope edited into something invalid).
    const OrderedJson doc = toJson(policy);
    const Result<Policy> readBack = fromJson(doc, fileName);
    if (!readBack)
        return Error{QStringLiteral("not saved: ") + readBack.error().message,
                     readBack.error().where};
    const QByteArray data = doc.serialize();
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly))
        return Error{QStringLiteral("cannot write the file: ") + file.errorString(), fileName};
    if (file.write(data) != data.size()) {
        file.cancelWriting();
        return Error{QStringLiteral("cannot write the file: ") + file.errorString(), fileName};
    }
    if (!file.commit())
        return Error{QStringLiteral("cannot save the file: ") + file.errorString(), fileName};
    return Status::success();
}

} // namespace scopebench
