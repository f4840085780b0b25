// Validate the chart's custom resources against models generated from the operators' own API types:
// ScaledObject (KEDA keda.sh/v1alpha1), PodMonitor and PrometheusRule (prometheus-operator monitoring.coreos.com/v1).
// Usage: node validate.mjs objects.json   (a JSON array of rendered objects; built-in kinds are skipped)
// Exit 1 when any custom resource is invalid or of a kind this script has no model for.
import { readFileSync } from "node:fs";
import { ScaledObject } from "@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject";
import { PodMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor";
import { PrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";

const MODELS = {
  "keda.sh/v1alpha1/ScaledObject": ScaledObject,
  "monitoring.coreos.com/v1/PodMonitor": PodMonitor,
  "monitoring.coreos.com/v1/PrometheusRule": PrometheusRule,
};

const objects = JSON.parse(readFileSync(process.argv[2], "utf8"));
let checked = 0;
let failed = 0;
for (const obj of objects) {
  const group = obj.apiVersion.includes("/") ? obj.apiVersion.split("/")[0] : "";
  if (!group.includes(".") || group.endsWith(".k8s.io")) continue; // built-in API: kubernetes-validate's job
  const key = `${obj.apiVersion}/${obj.kind}`;
  const Model = MODELS[key];
  const name = `${obj.kind}/${obj.metadata?.name}`;
  if (!Model) {
    console.log(`FAIL ${name}: no schema for ${key}`);
    failed++;
    continue;
  }
  try {
    new Model(obj).validate();
    console.log(`OK   ${name} (${key})`);
  } catch (err) {
    console.log(`FAIL ${name}: ${err.message}`);
    failed++;
  }
  checked++;
}
console.log(`${checked} custom resources checked, ${failed} failed`);
process.exit(failed ? 1 : 0);
