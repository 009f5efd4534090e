/**
 * Checks Kubernetes objects against the schemas that kubernetes-models ships (Kubernetes itself, and
 * its Strimzi and KEDA packages, generated from the upstream OpenAPI documents and CRDs) and the
 * Prometheus Operator's PrometheusRule written out in schemas/: a JSON array of objects on standard
 * input, a JSON array of findings on standard output. Offline: the schemas are compiled into the
 * installed packages, or written here.
 *
 * An ES module run as its own process because those packages are ES modules only, which Jest's
 * CommonJS runtime cannot load. Used by manifests.ts; by hand:
 *   kubectl kustomize k8s/overlays/prod | …to JSON… | node scripts/deploy/schema-check.mjs
 */

import { PrometheusRule } from './schemas/prometheus-rule.mjs';

/** Which package holds the schemas of an API group; everything else is Kubernetes' own. */
const PACKAGES = [
  { group: /(^|\.)strimzi\.io$/, module: '@kubernetes-models/strimzi-kafka-operator' },
  { group: /(^|\.)keda\.sh$/, module: '@kubernetes-models/keda' },
  { group: /^/, module: 'kubernetes-models' },
];

/** Kinds whose schema no installed package ships, written out in schemas/. */
const LOCAL_MODELS = { 'monitoring.coreos.com/v1/PrometheusRule': PrometheusRule };

async function modelFor(apiVersion, kind) {
  if (LOCAL_MODELS[`${apiVersion}/${kind}`]) return LOCAL_MODELS[`${apiVersion}/${kind}`];
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const { module } = PACKAGES.find((entry) => entry.group.test(group));
  const path = group ? `${module}/${group}/${version}/${kind}` : `${module}/${version}/${kind}`;
  try {
    return (await import(path))[kind];
  } catch {
    return undefined;
  }
}

function describe({ message, params }) {
  return params?.allowedValues ? `${message}: ${params.allowedValues.join(', ')}` : message;
}

/** Every object gets a finding: its schema problems, or none. An object without a schema is a problem. */
async function check(objects) {
  return Promise.all(
    objects.map(async (object, index) => {
      const { apiVersion = '', kind = '' } = object ?? {};
      const Model = apiVersion && kind ? await modelFor(apiVersion, kind) : undefined;
      if (!Model) {
        return { index, errors: [{ path: '', message: `no schema for apiVersion "${apiVersion}", kind "${kind}"` }] };
      }
      try {
        new Model(object).validate();
        return { index, errors: [] };
      } catch (error) {
        const details = error.errors ?? [{ instancePath: '', message: error.message }];
        return { index, errors: details.map((detail) => ({ path: detail.instancePath, message: describe(detail) })) };
      }
    }),
  );
}

let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk;
process.stdout.write(JSON.stringify(await check(JSON.parse(input))));
