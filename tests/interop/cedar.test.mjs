// Decides Scopebench's coverage-matrix cells with the Cedar engine itself.
//
// Input (SCOPEBENCH_CEDAR_CASES, written by tests/tst_interop_cedar.cpp): a list of exports, each
// with its policy.cedar and schema.cedarschema text, the policy name (the resource id) and the
// requests to decide: the token's scopes as granted and the action. Output
// (SCOPEBENCH_CEDAR_RESULTS): per export, Cedar's decision for every request, in order; the C++
// test compares them with Scopebench's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import cedar from '@cedar-policy/cedar-wasm/nodejs';

const cases = JSON.parse(readFileSync(process.env.SCOPEBENCH_CEDAR_CASES, 'utf8'));
const results = [];

test('every export validates against its schema and decides every cell', () => {
  for (const c of cases) {
    const validation = cedar.validate({
      validationSettings: { mode: 'strict' },
      schema: c.schema,
      policies: { staticPolicies: c.policies },
    });
    assert.equal(validation.type, 'success', `${c.name}: ${JSON.stringify(validation)}`);
    assert.deepEqual(validation.validationErrors, [], `${c.name}: validation errors`);

    const decisions = c.requests.map((r) => {
      const answer = cedar.isAuthorized({
        principal: { type: 'Scopebench::Token', id: 'token' },
        action: { type: 'Scopebench::Action', id: r.action },
        resource: { type: 'Scopebench::Server', id: c.server },
        context: {},
        schema: c.schema,
        validateRequest: true,
        policies: { staticPolicies: c.policies },
        entities: [
          { uid: { type: 'Scopebench::Token', id: 'token' }, attrs: { scopes: r.scopes }, parents: [] },
          { uid: { type: 'Scopebench::Server', id: c.server }, attrs: {}, parents: [] },
        ],
      });
      assert.equal(answer.type, 'success', `${c.name} ${r.action}: ${JSON.stringify(answer)}`);
      assert.deepEqual(answer.response.diagnostics.errors, [], `${c.name} ${r.action}: errors`);
      return answer.response.decision;
    });
    results.push({ name: c.name, decisions });
  }
  writeFileSync(process.env.SCOPEBENCH_CEDAR_RESULTS, JSON.stringify(results));
});
