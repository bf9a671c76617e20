kubectl get nodes
PLAN=$(kubectl get nodes -l node-role.kubernetes.io/control-plane -o jsonpath='{.items[0].metadata.name}')
kubectl describe node "$PLAN" | grep Taints
TAINT=$(kubectl get node "$PLAN" -o jsonpath='{.spec.taints[0].key}:{.spec.taints[0].effect}')
kubectl wait --for=condition=Ready pod/web --timeout=60s
NOEUD=$(kubectl get pod web -o jsonpath='{.spec.nodeName}')
kubectl create configmap reponses \
  --from-literal=plan-de-controle="$PLAN" \
  --from-literal=taint="$TAINT" \
  --from-literal=noeud-de-web="$NOEUD"
