// Validates Kubernetes objects against the Kubernetes API's schemas with kubernetes-models, whose
// validators are generated from the API's OpenAPI definitions.
//   node validate-objects.mjs <node_modules folder> < objects.json
// objects.json is a JSON array of objects (apiVersion, kind, metadata, ...). Prints a JSON array
// with one verdict per object, in order: {"object": "Kind/name", "error": null | "what is wrong"}.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const modules = process.argv[2];
const objects = JSON.parse(readFileSync(0, 'utf8'));

// kubernetes-models keeps one module per kind: <group>/<version>/<Kind>.js, the core group as <version>/.
async function modelOf(apiVersion, kind) {
  const file = join(modules, 'kubernetes-models', ...apiVersion.split('/'), `${kind}.js`);
  try {
    return (await import(pathToFileURL(file).href))[kind];
  } catch {
    return undefined;
  }
}

const verdicts = [];
for (const object of objects) {
  const name = `${object.kind}/${object.metadata?.name ?? '(no name)'}`;
  const Model = typeof object.apiVersion === 'string' && typeof object.kind === 'string'
    ? await modelOf(object.apiVersion, object.kind)
    : undefined;
  if (!Model) {
    verdicts.push({ object: name, error: `kubernetes-models has no schema for apiVersion '${object.apiVersion}' kind '${object.kind}'` });
    continue;
  }
  try {
    new Model(object).validate();
    verdicts.push({ object: name, error: null });
  } catch (e) {
    verdicts.push({ object: name, error: e.message });
  }
}
process.stdout.write(JSON.stringify(verdicts));
