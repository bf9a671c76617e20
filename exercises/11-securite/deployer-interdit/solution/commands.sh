SA=system:serviceaccount:default:deployer
kubectl auth can-i list deployments.apps --as "$SA" || true
kubectl describe role lecture-deployments
kubectl describe rolebinding deployer-lecture
# The rule names the core group ("") instead of apps: patch it.
kubectl patch role lecture-deployments --type=json \
  -p '[{"op": "replace", "path": "/rules/0/apiGroups", "value": ["apps"]}]'
# The binding names the deployer of namespace ci, another ServiceAccount: point it to default.
kubectl patch rolebinding deployer-lecture --type=json \
  -p '[{"op": "replace", "path": "/subjects/0/namespace", "value": "default"}]'
kubectl auth can-i list deployments.apps --as "$SA"
kubectl auth can-i get deployments.apps --as "$SA"
test "$(kubectl auth can-i delete deployments.apps --as "$SA" || true)" = "no"
