kubectl rollout undo deployment api
kubectl rollout status deployment api --timeout=60s
