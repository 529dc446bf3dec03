#pragma once

#include <QString>
#include <QtGlobal>

#include <optional>
#include <utility>

namespace scopebench {

// What went wrong and where: `where` is a file name, a JSON path, a URL or a command-line option.
struct Error {
    Error() = default;
    Error(QString message, QString where, QString id = QString())
        : message(std::move(message))
        , where(std::move(where))
        , id(std::move(id)) {}

    QString message;
    QString where;
    QString id; // a stable name of the kind of failure for tools ("file-unreadable"); may be empty

    QString toString() const {
        return where.isEmpty() ? message : where + QStringLiteral(": ") + message;
    }
};

// A value or an Error; the core's API returns these instead of throwing.
template <typename T> class [[nodiscard]] Result {
public:
    Result(T value)
        : m_value(std::move(value)) {}
    Result(Error error)
        : m_error(std::move(error)) {}

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }

    // Asking an error for its value is a bug in the caller: asserted in debug builds.
    const T &value() const & {
        Q_ASSERT_X(ok(), "Result::value", "the result is an error");
        return *m_value;
    }
    T &value() & {
        Q_ASSERT_X(ok(), "Result::value", "the result is an error");
        return *m_value;
    }
    T &&value() && {
        Q_ASSERT_X(ok(), "Result::value", "the result is an error");
        return std::move(*m_value);
    }
    const T &operator*() const & { return value(); }
    const T *operator->() const { return &value(); }

    const Error &error() const { return m_error; }

private:
    std::optional<T> m_value;
    Error m_error;
};

// For operations that give back nothing but may fail.
class [[nodiscard]] Status {
public:
    Status() = default;
    Status(Error error)
        : m_failed(true)
        , m_error(std::move(error)) {}
    static Status success() { return Status(); }

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return m_error; }

private:
    bool m_failed = false;
    Error m_error;
};

} // namespace scopebench
