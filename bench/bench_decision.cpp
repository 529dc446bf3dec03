// Decisions per second of Decider::decide on a large generated policy and on the EpicMe example,
// and the time to compile and parse a policy at the limits of the file format.
// Run a Release build: bench_decision [--benchmark_filter=...]

#include "decision/CompiledPolicy.h"
#include "decision/Decider.h"
#include "policy/PolicyFile.h"

#include <QRandomGenerator>

#include <benchmark/benchmark.h>

using namespace scopebench;

namespace {

constexpr qint64 Now = 1'700'000'000;

QString scopeName(int i) {
    return QStringLiteral("scope:%1").arg(i, 3, 10, QLatin1Char('0'));
}

// 100 scopes; 200 server-level alternatives of 1-4 scopes drawn from the first 90 (never a single
// scope, so a token of one scope is refused); every tenth scope implies the next two; 20 tools
// with 3 alternatives each. The last ten scopes are in no alternative.
Policy generatedPolicy() {
    QRandomGenerator rng(42);
    Policy p;
    p.name = QStringLiteral("generated");
    p.realm = QStringLiteral("Bench");
    for (int i = 0; i < 100; ++i)
        p.scopes.append({scopeName(i), QString()});
    for (int i = 0; i < 90; i += 10)
        p.implies.append({scopeName(i), {scopeName(i + 1), scopeName(i + 2)}});
    auto combination = [&rng](int minSize) {
        ScopeCombination c;
        const int size = minSize + int(rng.bounded(4 - minSize + 1));
        while (c.size() < size) {
            const QString s = scopeName(int(rng.bounded(90)));
            if (!c.contains(s))
                c.append(s);
        }
        return c;
    };
    for (int a = 0; a < 200; ++a)
        p.validScopeCombinations.append(combination(a < 4 ? 1 + a : 2));
    // The first four have 1..4 scopes; single-scope ones would make most tokens pass early, so
    // make that one a scope no token below holds.
    p.validScopeCombinations[0] = {scopeName(89)};
    for (int t = 0; t < 20; ++t) {
        ToolRequirement tool;
        tool.tool = QStringLiteral("tool_%1").arg(t);
        for (int a = 0; a < 3; ++a)
            tool.alternatives.append(combination(1));
        p.toolScopes.append(tool);
    }
    return p;
}

RequestFacts request(const QString &tool = QString()) {
    RequestFacts r;
    r.headers.append({QByteArrayLiteral("Host"), QByteArrayLiteral("127.0.0.1:8787")});
    r.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});
    r.headers.append(
        {QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json, text/event-stream")});
    r.headers.append({QByteArrayLiteral("Authorization"),
                      QByteArrayLiteral("Bearer 3q2-7wEjRWeJq83vASNFZ4mrze8BI0VniavN7wEjRWc")});
    r.headers.append({QByteArrayLiteral("Mcp-Session-Id"),
                      QByteArrayLiteral("6f1c0de2b7a94b0c8e1f2a3b4c5d6e7f")});
    if (!tool.isEmpty()) {
        r.rpcMethod = QStringLiteral("tools/call");
        r.toolName = tool;
    }
    return r;
}

TokenKnowledge token(const QStringList &scopes) {
    TokenFacts facts;
    facts.active = true;
    facts.scopes = scopes;
    facts.exp = Now + 3600;
    facts.iat = Now - 60;
    facts.clientId = QStringLiteral("bench-client");
    facts.sub = QStringLiteral("user-1");
    facts.aud = {QStringLiteral("http://127.0.0.1:8787/mcp")};
    facts.audPresent = true;
    return TokenKnowledge::known(facts);
}

const CompiledPolicy &generated() {
    static const CompiledPolicy policy(generatedPolicy());
    return policy;
}

const CompiledPolicy &epicMe() {
    static const CompiledPolicy policy = [] {
        const Result<Policy> p =
            PolicyFile::load(QStringLiteral(":/scopebench/policies/epicme.json"));
        return CompiledPolicy(p ? p.value() : Policy());
    }();
    return policy;
}

// The token holding exactly the scopes of the alternative at `index` (met there or earlier).
QStringList scopesOfAlternative(int index) {
    return generated().serverAlternatives().combinations.at(index);
}

void run(benchmark::State &state, const CompiledPolicy &policy, const RequestFacts &req,
         const TokenKnowledge &tok, Outcome expected) {
    const Decision first = Decider::decide(policy, req, tok, Now);
    if (first.outcome != expected) {
        state.SkipWithError("the fixture does not give the expected outcome");
        return;
    }
    for (auto _ : state) {
        Decision d = Decider::decide(policy, req, tok, Now);
        benchmark::DoNotOptimize(d);
    }
    state.SetItemsProcessed(state.iterations());
    // Which server-level alternative the token meets (its position is the length of the scan).
    state.counters["met_at"] =
        policy.firstMet(policy.serverAlternatives(), policy.effectiveBits(tok.facts.scopes));
}

void BM_GeneratedAllowEarly(benchmark::State &state) {
    run(state, generated(), request(), token(scopesOfAlternative(1)), Outcome::Allow);
}
void BM_GeneratedAllowLate(benchmark::State &state) {
    // The latest alternative that a token of its own scopes meets first: the longest scan.
    const CompiledPolicy &p = generated();
    int late = 199;
    while (late > 0 &&
           p.firstMet(p.serverAlternatives(), p.effectiveBits(scopesOfAlternative(late))) != late)
        --late;
    run(state, p, request(), token(scopesOfAlternative(late)), Outcome::Allow);
}
void BM_GeneratedAllowToolCall(benchmark::State &state) {
    const CompiledPolicy &p = generated();
    QStringList scopes = scopesOfAlternative(150);
    scopes += p.policy().toolScopes.at(7).alternatives.at(2);
    run(state, p, request(QStringLiteral("tool_7")), token(scopes), Outcome::Allow);
}
void BM_GeneratedForbidden(benchmark::State &state) {
    run(state, generated(), request(), token({scopeName(95), scopeName(96)}), Outcome::Forbidden);
}
void BM_EpicMeAllow(benchmark::State &state) {
    run(state, epicMe(), request(QStringLiteral("create_entry")),
        token({QStringLiteral("entries:write")}), Outcome::Allow);
}
void BM_EpicMeForbidden(benchmark::State &state) {
    run(state, epicMe(), request(), token({}), Outcome::Forbidden);
}
void BM_EpicMeToolForbidden(benchmark::State &state) {
    run(state, epicMe(), request(QStringLiteral("create_entry")),
        token({QStringLiteral("entries:read")}), Outcome::Forbidden);
}
void BM_EpicMeNoCredentials(benchmark::State &state) {
    RequestFacts r = request();
    r.headers.removeIf([](const HttpHeader &h) { return h.first == "Authorization"; });
    run(state, epicMe(), r, token({}), Outcome::Unauthorized);
}

// Compile time, for a policy file at the limits of PolicyFile: how long the GUI or `serve` waits.
// A chain s0 -> s1 -> ... -> s(n-1) written in implies: every closure is a different size.
Policy impliesChain(int scopes) {
    Policy p;
    for (int i = 0; i < scopes; ++i)
        p.scopes.append({scopeName(i), QString()});
    for (int i = 0; i + 1 < scopes; ++i)
        p.implies.append({scopeName(i), {scopeName(i + 1)}});
    p.validScopeCombinations = {{scopeName(scopes - 1)}};
    return p;
}

// Every limit at once: MaxScopes scopes in a chain, MaxCombinations combinations of four scopes
// spread over the server and tools of MaxCombinationsPerList each.
Policy atTheLimits() {
    QRandomGenerator rng(7);
    Policy p = impliesChain(PolicyFile::MaxScopes);
    auto list = [&rng] {
        ScopeAlternatives alternatives;
        for (int a = 0; a < PolicyFile::MaxCombinationsPerList; ++a) {
            ScopeCombination c;
            for (int k = 0; k < 4; ++k)
                c.append(scopeName(int(rng.bounded(PolicyFile::MaxScopes))));
            alternatives.append(c);
        }
        return alternatives;
    };
    p.validScopeCombinations = list();
    for (int t = 1; t < PolicyFile::MaxCombinations / PolicyFile::MaxCombinationsPerList; ++t)
        p.toolScopes.append({QStringLiteral("tool_%1").arg(t), list()});
    return p;
}

void BM_CompileImpliesChain(benchmark::State &state) {
    const Policy p = impliesChain(int(state.range(0)));
    for (auto _ : state) {
        const CompiledPolicy compiled(p);
        benchmark::DoNotOptimize(compiled.serverAlternatives().rows.data());
    }
}

void BM_CompileAtTheLimits(benchmark::State &state) {
    const Policy p = atTheLimits();
    for (auto _ : state) {
        const CompiledPolicy compiled(p);
        benchmark::DoNotOptimize(compiled.serverAlternatives().rows.data());
    }
}

void BM_ParseAtTheLimits(benchmark::State &state) {
    const QByteArray json = PolicyFile::serialize(atTheLimits());
    state.counters["bytes"] = double(json.size());
    for (auto _ : state) {
        const Result<Policy> loaded = PolicyFile::parse(json);
        if (!loaded)
            state.SkipWithError(qPrintable(loaded.error().toString()));
        benchmark::DoNotOptimize(loaded.ok());
    }
}

} // namespace

BENCHMARK(BM_GeneratedAllowEarly);
BENCHMARK(BM_GeneratedAllowLate);
BENCHMARK(BM_GeneratedAllowToolCall);
BENCHMARK(BM_GeneratedForbidden);
BENCHMARK(BM_EpicMeAllow);
BENCHMARK(BM_EpicMeForbidden);
BENCHMARK(BM_EpicMeToolForbidden);
BENCHMARK(BM_EpicMeNoCredentials);
BENCHMARK(BM_CompileImpliesChain)->Arg(64)->Arg(1000)->Arg(4096)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CompileAtTheLimits)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseAtTheLimits)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
