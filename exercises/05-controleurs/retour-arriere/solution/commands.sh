kubectl rollout undo deployment boutique
kubectl rollout status deployment boutique --timeout=60s
