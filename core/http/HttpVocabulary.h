#pragma once

// The names every door of Scopebench writes into HTTP messages, spelled once. They are plain
// character arrays so they fit QByteArray, QLatin1String and comparisons alike.
namespace scopebench {

namespace ContentType {
inline constexpr char Json[] = "application/json";
inline constexpr char FormUrlEncoded[] = "application/x-www-form-urlencoded";
inline constexpr char Html[] = "text/html; charset=utf-8";
inline constexpr char EventStream[] = "text/event-stream";
} // namespace ContentType

namespace HeaderName {
inline constexpr char Allow[] = "Allow";
inline constexpr char Authorization[] = "Authorization";
inline constexpr char CacheControl[] = "Cache-Control";
inline constexpr char ContentSecurityPolicy[] = "Content-Security-Policy";
inline constexpr char ContentType[] = "Content-Type";
inline constexpr char Location[] = "Location";
inline constexpr char Pragma[] = "Pragma";
inline constexpr char RetryAfter[] = "Retry-After";
inline constexpr char WwwAuthenticate[] = "WWW-Authenticate";
inline constexpr char XFrameOptions[] = "X-Frame-Options";
} // namespace HeaderName

} // namespace scopebench
