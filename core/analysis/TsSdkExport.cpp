#include "analysis/PolicyExport.h"

#include "decision/ChallengeBuilder.h"
#include "decision/CompiledPolicy.h"
#include "decision/ScopeChallenge.h"
#include "policy/ScopeGrammar.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

// The TypeScript SDK v2 translation (docs/analysis-and-export.md, "TypeScript SDK"). The data
// (closure, alternatives, the 403 bodies and challenge parts) is computed here with the same
// CompiledPolicy and ChallengeBuilder the decision uses; the module only picks the alternative
// for the `scope` hint, by the rule of docs/decision.md ("Scope hint on a 403") that
// decision/ScopeChallenge implements: the module's hint() mirrors ScopeChallenge::forForbidden.

namespace scopebench {

namespace {

const QString Placeholder = QStringLiteral("scopebench-placeholder");

QJsonObject setJson(const CompiledPolicy &compiled, const CompiledPolicy::AlternativeSet &set) {
    QJsonArray alternatives;
    for (const auto &c : set.combinations)
        alternatives.append(QJsonArray::fromStringList(c));
    ChallengeParams params;
    params.realm = compiled.policy().realm;
    params.error = QStringLiteral("insufficient_scope");
    params.errorDescription = set.description;
    params.resourceMetadata = compiled.resourceMetadataUrl();
    const QString without = QString::fromLatin1(ChallengeBuilder::build(params));
    params.scope = {Placeholder};
    const QString with = QString::fromLatin1(ChallengeBuilder::build(params));
    // `scope="` never occurs earlier: the realm escapes its quotes and descriptions have none.
    const QString marker = QStringLiteral("scope=\"") + Placeholder;
    const qsizetype at = with.indexOf(marker);
    return QJsonObject{
        {QStringLiteral("alternatives"), alternatives},
        {QStringLiteral("description"), set.description},
        {QStringLiteral("body"), QString::fromUtf8(set.forbiddenBody)},
        {QStringLiteral("challengeWithoutScope"), without},
        {QStringLiteral("challengePrefix"), with.left(at + 7)},
        {QStringLiteral("challengeSuffix"), with.mid(at + marker.size())},
    };
}

const char *const ModuleCode = R"JS(
const GRAMMAR = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
const closure = new Map(POLICY.closure);
const tools = new Map(POLICY.tools);

/** The policy's display name. */
export const policyName = POLICY.name;
/** The RFC 9728 metadata URL every challenge names; pass it to requireBearerAuth. */
export const resourceMetadataUrl = POLICY.resourceMetadataUrl;
/** The tools the policy lists, in policy order. Any other tool needs server access only. */
export const toolNames = POLICY.tools.map(([name]) => name);
/**
 * Whether the SDK's own per-tool scope challenge (toolScopeChallenge) answers byte for byte as
 * Scopebench: only when the policy has no realm, a scope hint, and non-empty descriptions. When
 * false, let scopeGate check the tools too.
 */
export const sdkNativeChallengeIsExact = POLICY.sdkNativeExact;

/** The granted scopes closed under the policy's implies; scopes it never names are ignored. */
export function effectiveScopes(granted) {
  const out = new Set();
  for (const scope of granted) {
    const implied = closure.get(scope);
    if (implied !== undefined) for (const s of implied) out.add(s);
  }
  return out;
}

function met(set, effective) {
  return set.alternatives.length === 0 ||
    set.alternatives.some((combination) => combination.every((s) => effective.has(s)));
}

// The scopes of the alternatives (b may be undefined) the effective scopes lack, each once.
function missingOf(a, b, effective) {
  const out = new Set();
  for (const s of a) if (!effective.has(s)) out.add(s);
  if (b !== undefined) for (const s of b) if (!effective.has(s)) out.add(s);
  return out.size;
}

// The alternative missing the fewest scopes (ties: the first); -1 when there is none.
function closest(alternatives, effective) {
  let best = -1;
  let bestMissing = 0;
  alternatives.forEach((combination, i) => {
    const m = missingOf(combination, undefined, effective);
    if (best < 0 || m < bestMissing) {
      best = i;
      bestMissing = m;
    }
  });
  return best;
}

function appendMissing(list, more) {
  const held = new Set(list);
  for (const s of more) {
    if (!held.has(s)) {
      held.add(s);
      list.push(s);
    }
  }
}

// The challenge's `scope` for a refused request of a token with these effective and granted
// scopes, asking for the tool `toolSet` guards (undefined: not a tools/call, or a tool without an
// entry). The rule of docs/decision.md ("Scope hint on a 403"): an unmet level adds its closest
// alternative in full, a met one adds nothing; when the server level and the tool are both unmet,
// every (server alternative, tool alternative) pair is scored by the scopes their union misses
// (ties: the lower server alternative, then the lower tool alternative), and past maxPairs pairs
// the choice is made level by level (the tool's closest, then the server alternative closest to
// the effective scopes plus it). closest+granted appends the granted scopes. offline_access is
// never named; only grammatical scope tokens, each once.
function hint(toolSet, effective, granted, mode) {
  if (mode === 'omit') return [];
  const server = POLICY.server.alternatives;
  const serverUnmet = !met(POLICY.server, effective);
  const toolUnmet = toolSet !== undefined && !met(toolSet, effective);
  let out;
  if (serverUnmet && toolUnmet) {
    const tool = toolSet.alternatives;
    let bestServer = -1;
    let bestTool = -1;
    if (server.length * tool.length <= POLICY.maxPairs) {
      let bestMissing = 0;
      for (let i = 0; i < server.length; ++i) {
        for (let j = 0; j < tool.length; ++j) {
          const m = missingOf(server[i], tool[j], effective);
          if (bestServer < 0 || m < bestMissing) {
            bestServer = i;
            bestTool = j;
            bestMissing = m;
          }
        }
      }
    } else {
      bestTool = closest(tool, effective);
      const withTool = new Set(effective);
      for (const s of tool[bestTool]) withTool.add(s);
      bestServer = closest(server, withTool);
    }
    out = [...server[bestServer]];
    appendMissing(out, tool[bestTool]);
  } else if (serverUnmet || toolUnmet) {
    const alternatives = serverUnmet ? server : toolSet.alternatives;
    const best = closest(alternatives, effective);
    if (best < 0) return [];
    out = [...alternatives[best]];
  } else {
    return [];
  }
  if (mode === 'closest+granted') appendMissing(out, granted);
  const seen = new Set();
  return out.filter((s) => typeof s === 'string' && s !== 'offline_access' && GRAMMAR.test(s) &&
    !seen.has(s) && seen.add(s));
}

function refusal(set, scopes) {
  const wwwAuthenticate = scopes.length === 0
    ? set.challengeWithoutScope
    : set.challengePrefix + scopes.join(' ') + set.challengeSuffix;
  return { status: 403, wwwAuthenticate, body: set.body, scopes, errorDescription: set.description };
}

// The refusal and the level that refused ('server' or 'tool'), or undefined.
function decide(grantedScopes, toolName) {
  const granted = [...(grantedScopes ?? [])];
  const effective = effectiveScopes(granted);
  const set = typeof toolName === 'string' ? tools.get(toolName) : undefined;
  // On a tools/call refused at the server level, the hint covers the tool too.
  if (!met(POLICY.server, effective)) {
    return { level: 'server',
      refusal: refusal(POLICY.server, hint(set, effective, granted, POLICY.scopeHint)) };
  }
  if (set === undefined || met(set, effective)) return undefined;
  return { level: 'tool', refusal: refusal(set, hint(set, effective, granted, POLICY.scopeHint)) };
}

/**
 * Decides one request of a valid token: undefined when the scopes allow it, otherwise the 403
 * Scopebench sends ({status, wwwAuthenticate, body, scopes, errorDescription}). `toolName` is
 * the tool of a tools/call, undefined for any other request.
 */
export function decideScopes(grantedScopes, toolName) {
  return decide(grantedScopes, toolName)?.refusal;
}

/** The HTTP response for a refusal from decideScopes. */
export function refusalResponse(r) {
  return new Response(r.body, {
    status: r.status,
    headers: { 'WWW-Authenticate': r.wwwAuthenticate, 'Content-Type': 'application/json' },
  });
}

function toolOf(message) {
  if (message !== null && typeof message === 'object' && message.method === 'tools/call' &&
      message.params !== null && typeof message.params === 'object' &&
      typeof message.params.name === 'string') return message.params.name;
  return undefined;
}

/**
 * The scope gate for a web-standard request, to run after bearer authentication and before the
 * MCP handler: resolves to the 403 Response, or to undefined when the request may proceed.
 * With {tools: false} only the server level is checked, and the tools are left to the SDK's
 * per-tool scope challenges (toolScopeChallenge). Without authInfo it refuses (fail closed).
 */
export async function scopeGate(request, authInfo, { tools: checkTools = true } = {}) {
  let messages = [];
  try {
    const parsed = await request.clone().json();
    messages = Array.isArray(parsed) ? parsed : [parsed];
  } catch {
    // Not JSON: only the server level applies; the MCP handler answers the rest.
  }
  const granted = authInfo?.scopes ?? [];
  // The tools are named to the server-level check even with {tools: false}: a refusal there
  // names the scopes of the whole operation, the tool's included.
  const called = messages.map(toolOf).filter((t) => t !== undefined);
  for (const tool of called.length > 0 ? called : [undefined]) {
    const r = decide(granted, tool);
    if (r !== undefined && (checkTools || r.level === 'server')) return refusalResponse(r.refusal);
  }
  return undefined;
}

/**
 * A ScopeChallengeHandler for McpServer.registerTool(name, { scopeChallenge }, callback): the
 * tool's own alternatives, OR of AND sets after implies (the SDK's requireScopes is AND only).
 * The server level is not checked here; run scopeGate(request, authInfo, {tools: false}) first.
 */
export function toolScopeChallenge(toolName) {
  return ({ authInfo }) => {
    if (authInfo === undefined) return undefined;
    const set = tools.get(toolName);
    if (set === undefined) return undefined;
    const granted = [...(authInfo.scopes ?? [])];
    const effective = effectiveScopes(granted);
    if (met(set, effective)) return undefined;
    // The SDK needs at least one scope: with the hint omitted, name the closest alternative.
    // (scopeGate has refused a token that misses the server level, so only the tool is unmet.)
    let scopes = hint(set, effective, granted, POLICY.scopeHint);
    if (scopes.length === 0) scopes = hint(set, effective, granted, 'closest');
    return set.description.length > 0
      ? { scopes, errorDescription: set.description }
      : { scopes };
  };
}
)JS";

} // namespace

QList<ExportedFile> PolicyExport::tsSdk(const Policy &policy) {
    const CompiledPolicy compiled(policy);
    // Every named scope with its closure, as [scope, [effective…]] pairs (pairs, not an object,
    // so a scope or tool called "__proto__" is data like any other).
    QJsonArray closure;
    for (const auto &name : compiled.scopeNames())
        closure.append(
            QJsonArray{name, QJsonArray::fromStringList(compiled.effectiveScopes({name}))});
    QJsonArray tools;
    bool descriptionsNonEmpty = !compiled.serverAlternatives().description.isEmpty();
    // The SDK refuses a scope challenge without scopes, so its own per-tool challenge is exact
    // only when the closest alternative of a tool always has a scope the hint may name.
    bool toolHintsNonEmpty = true;
    for (const auto &t : policy.toolScopes) {
        const auto *set = compiled.toolAlternatives(t.tool);
        tools.append(QJsonArray{t.tool, setJson(compiled, *set)});
        descriptionsNonEmpty = descriptionsNonEmpty && !set->description.isEmpty();
        for (const auto &combination : set->combinations) {
            toolHintsNonEmpty =
                toolHintsNonEmpty &&
                (combination.isEmpty() ||
                 std::any_of(combination.cbegin(), combination.cend(), [](const QString &s) {
                     return ScopeGrammar::isScopeToken(s) && !ScopeChallenge::isRefreshScope(s);
                 }));
        }
    }
    const QString realm = ChallengeBuilder::sanitizeQuoted(policy.realm);
    const QJsonObject data{
        {QStringLiteral("name"), policy.name},
        {QStringLiteral("resourceMetadataUrl"), compiled.resourceMetadataUrl()},
        {QStringLiteral("scopeHint"), Policy::scopeHintName(policy.challenge.scopeHint)},
        {QStringLiteral("sdkNativeExact"), realm.isEmpty() &&
                                               policy.challenge.scopeHint != ScopeHint::Omit &&
                                               descriptionsNonEmpty && toolHintsNonEmpty},
        {QStringLiteral("maxPairs"), double(ScopeChallenge::MaxPairs)},
        {QStringLiteral("closure"), closure},
        {QStringLiteral("server"), setJson(compiled, compiled.serverAlternatives())},
        {QStringLiteral("tools"), tools},
    };
    QByteArray module =
        QByteArrayLiteral("// Generated by Scopebench (scopebench export --to ts-sdk). Do not "
                          "edit: change the policy\n// and export again. Enforces the policy's "
                          "scope alternatives (OR of AND sets, after\n// implies) for a server "
                          "built with @modelcontextprotocol/server 2.x, and refuses with\n// the "
                          "same 403 as Scopebench. Token validation (signature or introspection, "
                          "expiry,\n// audience) stays with the host's bearer authentication.\n\n"
                          "const POLICY = Object.freeze(");
    module += QJsonDocument(data).toJson(QJsonDocument::Compact);
    module += ");\n";
    module += ModuleCode;
    return {{QStringLiteral("scopebench-scopes.mjs"), module}};
}

} // namespace scopebench
