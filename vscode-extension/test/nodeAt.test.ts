import assert from 'node:assert/strict';
import { test } from 'node:test';

import { nodeIdAt } from '../src/nodeAt';

const FLOW = `---
name: t
version: "1.0"
---
<workflow>
  <source id="orders" type="http" url="https://x.example/a"/>
  <foreach id="each" collection="orders.output">
    <transform id="hello" type="template"><template>Hi {{item}}</template></transform>
  </foreach>
  <phase name="prep">
    <set var="started" value="1"/>
  </phase>
</workflow>
`;

function at(marker: string, delta = 0): number {
  const index = FLOW.indexOf(marker);
  assert.ok(index >= 0, marker);
  return index + delta;
}

test('a self-closing node under the cursor', () => {
  assert.equal(nodeIdAt(FLOW, at('type="http"')), 'orders');
});

test('the innermost open node wins', () => {
  assert.equal(nodeIdAt(FLOW, at('Hi {{item}}')), 'hello');
  assert.equal(nodeIdAt(FLOW, at('</foreach>')), 'each');
});

test('phase and set identifiers', () => {
  assert.equal(nodeIdAt(FLOW, at('var="started"')), 'started');
  assert.equal(nodeIdAt(FLOW, at('</phase>')), 'prep');
});

test('outside every node', () => {
  assert.equal(nodeIdAt(FLOW, 0), undefined);
});
