kubectl describe pod api | grep -E 'Liveness|Unhealthy' || true
kubectl get pod api -o yaml | sed 's/port: 8080/port: 80/' | kubectl replace --force -f -
kubectl wait --for=condition=Ready pod/api --timeout=60s
