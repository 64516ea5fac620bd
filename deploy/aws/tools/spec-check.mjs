#!/usr/bin/env node
// Second, independent check of the CloudFormation templates, against AWS's resource
// specification as shipped in @aws-cdk/aws-service-spec (every resource type, its properties,
// their types and allowed values, and its attributes), plus the references between the
// templates of this folder:
//   - resource types exist; property names exist at every depth; required properties are set;
//     literal values have the right type and, where the spec lists them, an allowed value;
//   - Ref, GetAtt, Sub, FindInMap, Condition, If and DependsOn name things that exist;
//   - every parameter and condition is used;
//   - every Fn::ImportValue of "${XStackName}-Name" matches an export "${AWS::StackName}-Name" of
//     the template that stack is made from (stack "microblog-x" from x.yaml, by the runbook's
//     naming), and the parameter's default follows that naming.
// Usage: node spec-check.mjs TEMPLATE.yaml...   Prints one line per finding; exit 1 if any.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename } from "node:path";
import { gunzipSync } from "node:zlib";
import { loadTemplate } from "./cfn-yaml.mjs";

const STACK_PREFIX = "microblog-";
const PSEUDO = new Set([
  "AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue", "AWS::Partition", "AWS::Region",
  "AWS::StackId", "AWS::StackName", "AWS::URLSuffix",
]);
const TOP_LEVEL = new Set([
  "AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Rules", "Mappings",
  "Conditions", "Transform", "Resources", "Outputs",
]);
const RESOURCE_KEYS = new Set([
  "Type", "Properties", "DependsOn", "Condition", "DeletionPolicy", "UpdateReplacePolicy",
  "Metadata", "CreationPolicy", "UpdatePolicy",
]);

// ---- the specification ----
const require = createRequire(import.meta.url);
const specPath = require.resolve("@aws-cdk/aws-service-spec/db.json.gz");
const db = JSON.parse(gunzipSync(readFileSync(specPath)));
const resourceSpecs = new Map();
for (const r of Object.values(db.schema.resource.entities)) resourceSpecs.set(r.cloudFormationType, r);
const typeDefs = new Map();
for (const t of Object.values(db.schema.typeDefinition.entities)) typeDefs.set(t.$id, t);
const specVersion = JSON.parse(
  readFileSync(require.resolve("@aws-cdk/aws-service-spec/package.json"), "utf8"),
).version;

// ---- helpers ----
const findings = [];
let file = "";
const report = (path, message) => findings.push(`${file}: ${path}: ${message}`);

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const intrinsicKey = (v) => {
  if (!isObject(v)) return null;
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === "Ref" || keys[0] === "Condition" || keys[0].startsWith("Fn::"))
    ? keys[0]
    : null;
};

// ${Name} and ${Name.Attr} in a Sub string; ${!Literal} is not a reference.
function subReferences(text) {
  const refs = [];
  for (const m of text.matchAll(/\$\{([^}]*)\}/g)) {
    if (!m[1].startsWith("!")) refs.push(m[1].trim());
  }
  return refs;
}

// ---- one template ----
function checkTemplate(t, exportsByStack) {
  if (!isObject(t)) return report("(root)", "not a mapping");
  for (const key of Object.keys(t)) if (!TOP_LEVEL.has(key)) report(key, "unknown top-level section");
  const params = t.Parameters ?? {};
  const resources = t.Resources ?? {};
  const conditions = t.Conditions ?? {};
  const mappings = t.Mappings ?? {};
  const usedParams = new Set();
  const usedConditions = new Set();
  if (Object.keys(resources).length === 0) report("Resources", "no resources");

  const checkRefName = (path, name) => {
    if (typeof name !== "string") return report(path, "Ref takes a name");
    if (PSEUDO.has(name)) return;
    if (name in params) return usedParams.add(name);
    if (!(name in resources)) report(path, `Ref to '${name}', which is neither a parameter nor a resource`);
  };
  const checkGetAtt = (path, resource, attribute) => {
    if (!(resource in resources)) return report(path, `GetAtt of unknown resource '${resource}'`);
    const spec = resourceSpecs.get(resources[resource].Type);
    if (!spec || typeof attribute !== "string") return; // custom resource, or attribute from an intrinsic
    if (!(attribute in (spec.attributes ?? {}))) {
      report(path, `${resources[resource].Type} has no attribute '${attribute}' (has: ${Object.keys(spec.attributes ?? {}).join(", ") || "none"})`);
    }
  };
  const useCondition = (path, name) => {
    if (!(name in conditions)) report(path, `unknown condition '${name}'`);
    else usedConditions.add(name);
  };

  // Walks any value, checking the intrinsic functions in it. `locals` are the variables of an
  // enclosing Fn::Sub's mapping.
  function walk(value, path, locals = new Set()) {
    if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${path}[${i}]`, locals));
    if (!isObject(value)) return;
    const fn = intrinsicKey(value);
    if (!fn) {
      for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`, locals);
      return;
    }
    const arg = value[fn];
    const p = `${path}.${fn}`;
    switch (fn) {
      case "Ref":
        return checkRefName(p, arg);
      case "Condition":
        return typeof arg === "string" ? useCondition(p, arg) : report(p, "Condition takes a name");
      case "Fn::GetAtt": {
        if (!Array.isArray(arg) || arg.length !== 2) return report(p, "GetAtt takes [resource, attribute]");
        walk(arg[1], p, locals);
        return checkGetAtt(p, arg[0], arg[1]);
      }
      case "Fn::Sub": {
        const [text, vars] = typeof arg === "string" ? [arg, {}] : Array.isArray(arg) ? arg : [null, null];
        if (typeof text !== "string" || !isObject(vars ?? {})) return report(p, "Sub takes a string, or [string, {variables}]");
        const names = new Set(Object.keys(vars ?? {}));
        for (const [k, v] of Object.entries(vars ?? {})) walk(v, `${p}.${k}`, locals);
        for (const ref of subReferences(text)) {
          if (names.has(ref) || locals.has(ref)) continue;
          const dot = ref.indexOf(".");
          if (dot < 0) checkRefName(p, ref);
          else if (!PSEUDO.has(ref)) checkGetAtt(p, ref.slice(0, dot), ref.slice(dot + 1));
        }
        const unused = [...names].filter((n) => !subReferences(text).includes(n));
        if (unused.length) report(p, `Sub variables never used: ${unused.join(", ")}`);
        return;
      }
      case "Fn::If": {
        if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== "string") return report(p, "If takes [condition, then, else]");
        useCondition(p, arg[0]);
        return walk(arg.slice(1), p, locals);
      }
      case "Fn::FindInMap": {
        if (!Array.isArray(arg) || arg.length < 3) return report(p, "FindInMap takes [map, key, key]");
        walk(arg, p, locals);
        if (typeof arg[0] !== "string") return;
        const map = mappings[arg[0]];
        if (!map) return report(p, `unknown mapping '${arg[0]}'`);
        if (typeof arg[1] === "string" && !(arg[1] in map)) return report(p, `mapping '${arg[0]}' has no key '${arg[1]}'`);
        if (typeof arg[2] === "string") {
          const seconds = typeof arg[1] === "string" ? [map[arg[1]]] : Object.values(map);
          for (const s of seconds) if (!(isObject(s) && arg[2] in s)) report(p, `mapping '${arg[0]}' lacks second-level key '${arg[2]}'`);
        }
        return;
      }
      case "Fn::ImportValue":
        walk(arg, p, locals);
        return checkImport(p, arg);
      default:
        return walk(arg, p, locals);
    }
  }

  // ---- cross-stack references ----
  function checkImport(path, arg) {
    const sub = isObject(arg) ? arg["Fn::Sub"] : undefined;
    const m = typeof sub === "string" ? /^\$\{(\w+)\}-(\w+)$/.exec(sub) : null;
    if (!m) return report(path, 'ImportValue must be written !ImportValue {"Fn::Sub": "${XStackName}-Name"}');
    const [, param, name] = m;
    const def = params[param]?.Default;
    if (typeof def !== "string" || !def.startsWith(STACK_PREFIX)) {
      return report(path, `parameter '${param}' needs a default stack name '${STACK_PREFIX}<template>'`);
    }
    const stack = def.slice(STACK_PREFIX.length);
    const exported = exportsByStack.get(stack);
    if (!exported) return report(path, `stack '${def}' has no template ${stack}.yaml here`);
    if (!exported.has(name)) {
      report(path, `${stack}.yaml exports no '${name}' (it exports: ${[...exported].join(", ") || "nothing"})`);
    }
  }

  // ---- resource properties against the spec ----
  function checkValue(value, type, path) {
    if (value === undefined) return;
    const fn = intrinsicKey(value);
    if (fn === "Fn::If" && Array.isArray(value[fn]) && value[fn].length === 3) {
      for (const branch of value[fn].slice(1)) {
        if (!(isObject(branch) && branch.Ref === "AWS::NoValue")) checkValue(branch, type, path);
      }
      return;
    }
    if (fn) return; // its value is only known at deploy time
    switch (type.type) {
      case "string":
        if (!["string", "number", "boolean"].includes(typeof value)) return report(path, `expected a string, found ${describe(value)}`);
        if (type.allowedValues && !type.allowedValues.includes(String(value))) {
          report(path, `'${value}' is not one of ${type.allowedValues.join(", ")}`);
        }
        return;
      case "integer":
      case "number":
        if (typeof value === "number" || (typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value)))) {
          if (type.type === "integer" && !Number.isInteger(Number(value))) report(path, `expected an integer, found ${value}`);
          return;
        }
        return report(path, `expected a number, found ${describe(value)}`);
      case "boolean":
        if (typeof value === "boolean" || value === "true" || value === "false") return;
        return report(path, `expected a boolean, found ${describe(value)}`);
      case "array":
        if (!Array.isArray(value)) return report(path, `expected a list, found ${describe(value)}`);
        return value.forEach((v, i) => checkValue(v, type.element, `${path}[${i}]`));
      case "map":
        if (!isObject(value)) return report(path, `expected a mapping, found ${describe(value)}`);
        for (const [k, v] of Object.entries(value)) checkValue(v, type.element, `${path}.${k}`);
        return;
      case "tag":
        if (!isObject(value) || !("Key" in value) || !("Value" in value) || Object.keys(value).length !== 2) {
          report(path, "a tag is exactly {Key, Value}");
        }
        return;
      case "ref":
        return checkProperties(value, typeDefs.get(type.reference.$ref), path);
      case "union": {
        // Accept the value if any member type accepts it.
        for (const member of type.types) {
          const before = findings.length;
          checkValue(value, member, path);
          if (findings.length === before) return;
          findings.length = before;
        }
        return report(path, `matches none of the types allowed here`);
      }
      default: // json, date-time: free-form
    }
  }

  function checkProperties(value, def, path) {
    if (!def) return;
    if (!isObject(value)) return report(path, `expected a mapping (${def.name}), found ${describe(value)}`);
    const props = def.properties ?? {};
    for (const [name, v] of Object.entries(value)) {
      if (!(name in props)) {
        const near = Object.keys(props).find((p) => p.toLowerCase() === name.toLowerCase() || distance(p, name) <= 2);
        report(`${path}.${name}`, `unknown property of ${def.cloudFormationType ?? def.name}${near ? ` (did you mean '${near}'?)` : ""}`);
        continue;
      }
      checkValue(v, props[name].type, `${path}.${name}`);
    }
    for (const [name, p] of Object.entries(props)) {
      if (p.required && !(name in value)) report(path, `required property '${name}' is missing`);
    }
  }

  // ---- sections ----
  for (const [name, c] of Object.entries(conditions)) walk(c, `Conditions.${name}`);
  for (const [name, r] of Object.entries(resources)) {
    const path = `Resources.${name}`;
    if (!isObject(r)) { report(path, "not a mapping"); continue; }
    for (const key of Object.keys(r)) if (!RESOURCE_KEYS.has(key)) report(`${path}.${key}`, "unknown resource attribute");
    if (r.Condition !== undefined) useCondition(`${path}.Condition`, r.Condition);
    for (const dep of [r.DependsOn ?? []].flat()) {
      if (!(dep in resources)) report(`${path}.DependsOn`, `unknown resource '${dep}'`);
    }
    walk(r.Properties, `${path}.Properties`);
    const custom = r.Type === "AWS::CloudFormation::CustomResource" || String(r.Type).startsWith("Custom::");
    const spec = resourceSpecs.get(r.Type);
    if (custom) continue;
    if (!spec) {
      const near = [...resourceSpecs.keys()].find((k) => distance(k, String(r.Type)) <= 2);
      report(`${path}.Type`, `unknown resource type '${r.Type}'${near ? ` (did you mean '${near}'?)` : ""}`);
      continue;
    }
    checkProperties(r.Properties ?? {}, spec, `${path}.Properties`);
  }
  for (const [name, o] of Object.entries(t.Outputs ?? {})) {
    if (!isObject(o) || !("Value" in o)) report(`Outputs.${name}`, "an output needs a Value");
    walk(o, `Outputs.${name}`);
    if (o?.Condition !== undefined) useCondition(`Outputs.${name}.Condition`, o.Condition);
  }
  walk(t.Metadata, "Metadata");
  for (const name of Object.keys(params)) if (!usedParams.has(name)) report(`Parameters.${name}`, "never used");
  for (const name of Object.keys(conditions)) if (!usedConditions.has(name)) report(`Conditions.${name}`, "never used");
}

function describe(v) {
  if (Array.isArray(v)) return "a list";
  if (v === null) return "null";
  if (isObject(v)) return "a mapping";
  return `${typeof v} ${JSON.stringify(v)}`;
}

// Levenshtein distance, for "did you mean" hints.
function distance(a, b) {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

// The export names a template declares, as "${AWS::StackName}-Name" -> Name.
function exportNames(t) {
  const names = new Set();
  for (const [name, o] of Object.entries(t?.Outputs ?? {})) {
    const sub = o?.Export?.Name?.["Fn::Sub"];
    const m = typeof sub === "string" ? /^\$\{AWS::StackName\}-(\w+)$/.exec(sub) : null;
    if (o?.Export && !m) {
      file = t.__file;
      report(`Outputs.${name}.Export`, 'export names are written !Sub ${AWS::StackName}-Name');
    }
    if (m) names.add(m[1]);
  }
  return names;
}

// ---- main ----
const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: spec-check.mjs TEMPLATE.yaml...");
  process.exit(2);
}
const templates = new Map();
for (const f of files) {
  file = f;
  try {
    const t = loadTemplate(f);
    if (isObject(t)) Object.defineProperty(t, "__file", { value: f });
    templates.set(f, t);
  } catch (e) {
    report("(parse)", e.message.split("\n")[0]);
  }
}
// Exports of every template of the folders given, by stack suffix (network.yaml -> network).
const exportsByStack = new Map();
for (const [f, t] of templates) exportsByStack.set(basename(f, ".yaml"), exportNames(t));
for (const [f, t] of templates) {
  file = f;
  checkTemplate(t, exportsByStack);
}
for (const line of findings) console.log(line);
console.log(
  `spec-check: ${templates.size} templates, ${resourceSpecs.size} resource types in @aws-cdk/aws-service-spec ${specVersion}: ` +
    `${findings.length} finding(s)`,
);
process.exit(findings.length ? 1 : 0);
