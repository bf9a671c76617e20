kubectl get pods -l app=api -o wide
kubectl drain node01 --ignore-daemonsets --delete-emptydir-data --timeout=60s
kubectl rollout status deployment api --timeout=60s
kubectl get pods -l app=api -o wide
