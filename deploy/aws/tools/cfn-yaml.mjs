// Reads a CloudFormation template written in YAML, turning the short forms of the intrinsic
// functions (!Ref, !GetAtt, !Sub, ...) into the long forms ({"Ref": ...}, {"Fn::GetAtt": ...}),
// so that the checks see one shape whichever way a template is written.
import { readFileSync } from "node:fs";
import yaml from "js-yaml";

// Tag name -> long form key. Every tag may carry a scalar, a sequence or a mapping; what each
// function accepts is checked later, not by the parser.
const FUNCTIONS = {
  Ref: "Ref",
  Condition: "Condition",
  GetAtt: "Fn::GetAtt",
  Sub: "Fn::Sub",
  Join: "Fn::Join",
  Select: "Fn::Select",
  Split: "Fn::Split",
  If: "Fn::If",
  Equals: "Fn::Equals",
  Not: "Fn::Not",
  And: "Fn::And",
  Or: "Fn::Or",
  FindInMap: "Fn::FindInMap",
  Base64: "Fn::Base64",
  Cidr: "Fn::Cidr",
  GetAZs: "Fn::GetAZs",
  ImportValue: "Fn::ImportValue",
  Transform: "Fn::Transform",
  ToJsonString: "Fn::ToJsonString",
  Length: "Fn::Length",
};

function longForm(tag, key, kind) {
  return new yaml.Type(`!${tag}`, {
    kind,
    construct(data) {
      // "!GetAtt Resource.Attribute.Part" names the resource before the first dot.
      if (tag === "GetAtt" && typeof data === "string") {
        const dot = data.indexOf(".");
        return { [key]: dot < 0 ? [data] : [data.slice(0, dot), data.slice(dot + 1)] };
      }
      return { [key]: data };
    },
  });
}

const types = [];
for (const [tag, key] of Object.entries(FUNCTIONS)) {
  for (const kind of ["scalar", "sequence", "mapping"]) types.push(longForm(tag, key, kind));
}
const SCHEMA = yaml.DEFAULT_SCHEMA.extend(types);

export function loadTemplate(path) {
  return yaml.load(readFileSync(path, "utf8"), { schema: SCHEMA, filename: path });
}
