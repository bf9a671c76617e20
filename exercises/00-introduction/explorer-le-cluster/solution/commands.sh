kubectl get nodes
kubectl get namespaces
NOEUDS=$(kubectl get nodes --no-headers | wc -l | tr -d ' ')
PLAN=$(kubectl get nodes -l node-role.kubernetes.io/control-plane -o jsonpath='{.items[0].metadata.name}')
NAMESPACES=$(kubectl get namespaces --no-headers | wc -l | tr -d ' ')
kubectl create configmap inventaire \
  --from-literal=noeuds="$NOEUDS" \
  --from-literal=plan-de-controle="$PLAN" \
  --from-literal=namespaces="$NAMESPACES"
kubectl get configmap inventaire -o yaml
