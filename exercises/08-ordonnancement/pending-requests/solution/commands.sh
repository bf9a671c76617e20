kubectl set resources deployment calcul --requests=cpu=250m
kubectl rollout status deployment calcul --timeout=60s
