// Evaluates CEL expressions with @bufbuild/cel, an implementation independent of the API server's.
//   node evaluate-cel.mjs <node_modules folder> < cases.json
// cases.json is a JSON array of {"rule": "...", "self": <json>, "oldSelf": <json, optional>}. Prints a
// JSON array with one verdict per case: {"value": true | false | null, "error": null | "message"}.
// JSON integers become CEL ints (BigInt), as the API server types integer fields; others stay doubles.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const modules = process.argv[2];
const { run, isCelError } = await import(pathToFileURL(join(modules, '@bufbuild', 'cel', 'dist', 'esm', 'index.js')).href);
const cases = JSON.parse(readFileSync(0, 'utf8'), (_, value) =>
  typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : value);

const verdicts = cases.map(({ rule, self, oldSelf }) => {
  const variables = oldSelf === undefined ? { self } : { self, oldSelf };
  try {
    const value = run(rule, variables);
    if (isCelError(value)) {
      return { value: null, error: String(value.message ?? value) };
    }
    return typeof value === 'boolean'
      ? { value, error: null }
      : { value: null, error: `the rule gave ${typeof value} ${String(value)}, not a bool` };
  } catch (e) {
    return { value: null, error: e.message };
  }
});
process.stdout.write(JSON.stringify(verdicts));
