kubectl label namespace boutique pod-security.kubernetes.io/enforce=restricted
# The running pods stay; the next ones must comply. The warning above lists what is missing.
kubectl patch deployment vitrine -n boutique --type=strategic -p '{
  "spec": {"template": {"spec": {
    "securityContext": {"runAsNonRoot": true, "runAsUser": 1000, "seccompProfile": {"type": "RuntimeDefault"}},
    "containers": [{"name": "vitrine", "securityContext": {
      "allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}}}]
  }}}
}'
kubectl rollout status deployment vitrine -n boutique --timeout=90s
kubectl get pods -n boutique -l app=vitrine
