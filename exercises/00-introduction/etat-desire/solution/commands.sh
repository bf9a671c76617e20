kubectl create deployment bonjour --image=nginx:1.27 --replicas=3
kubectl rollout status deployment bonjour --timeout=60s
POD=$(kubectl get pods -l app=bonjour -o jsonpath='{.items[0].metadata.name}')
kubectl delete pod "$POD" --wait=false
kubectl get pods -l app=bonjour
