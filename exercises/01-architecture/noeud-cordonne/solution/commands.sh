kubectl describe pod urgent
kubectl get nodes
kubectl uncordon node02
kubectl wait --for=condition=Ready pod/urgent --timeout=60s
