kubectl get pods
kubectl get events --field-selector type=Warning
kubectl set image deployment/panier panier=redis:7
kubectl rollout status deployment panier --timeout=60s
