kubectl get endpoints api
kubectl describe service api
kubectl get pods -l app=api --show-labels
kubectl patch service api --type=json -p '[{"op":"replace","path":"/spec/selector/tier","value":"backend"},{"op":"replace","path":"/spec/ports/0/targetPort","value":8080}]'
kubectl get endpoints api
