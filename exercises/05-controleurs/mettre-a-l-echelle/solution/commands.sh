kubectl scale deployment web --replicas=3
kubectl rollout status deployment web --timeout=60s
