#!/usr/bin/env node
// Validates CloudFormation templates offline with AWS's own validator, @aws/cloudformation-validate
// (its resource schemas and its cfn-lint-style rules, compiled to WebAssembly), plus Microblog's
// Guard rules (../policy/*.guard).
//
// Which copy: the one that AWS bundles inside aws-cdk-lib (the CDK runs it on every synth), a
// newer release than the standalone npm package (a beta whose rules still report false errors
// on these templates); see docs/deploy.md. aws-cdk-lib is pinned in package.json, so the rules
// only change when someone bumps it.
//
// Usage: node aws-validate.mjs TEMPLATE.yaml...
// Every finding at WARN or above is printed and fails the run (exit 1); INFO findings (such as
// "this property is create-only") are not reported.
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const fromCdk = createRequire(createRequire(import.meta.url).resolve("aws-cdk-lib/package.json"));
const cfv = fromCdk("@aws/cloudformation-validate");

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: aws-validate.mjs TEMPLATE.yaml...");
  process.exit(2);
}

const policyDir = join(here, "..", "policy");
const guardFiles = readdirSync(policyDir).filter((f) => f.endsWith(".guard")).map((f) => join(policyDir, f));
const engine = new cfv.CompositeEngine({ guardRules: guardFiles.map((f) => new cfv.RuleFile(f)) });

let count = 0;
try {
  for (const file of files) {
    const report = engine.validateTemplate(new cfv.TemplateFile(file), {
      severityLevel: "WARN",
      detailLevel: "STANDARD",
    });
    for (const d of report.diagnostics) {
      count += 1;
      const where = d.entity?.logicalId ? ` ${d.entity.logicalId}${d.propertyPath ? `.${d.propertyPath}` : ""}` : "";
      console.log(`${file}:${d.startLine ?? "?"}:${d.startColumn ?? "?"}: ${d.severity} ${d.ruleId}${where}: ${d.message}`);
    }
  }
} finally {
  engine.free();
}
console.log(
  `aws-validate: ${files.length} templates, @aws/cloudformation-validate ${cfv.version()} (aws-cdk-lib ` +
    `${fromCdk("./package.json").version}), ${guardFiles.length} Guard rule file(s): ${count} finding(s)`,
);
process.exit(count ? 1 : 0);
