kubectl get endpoints api
kubectl describe service api
kubectl get pods -l app=api --show-labels
kubectl patch service api --type=json -p '[{"op":"replace","path":"/spec/selector/tier","value":"backend"},{"op":"replace","path":"/spec/ports/0/targetPort","value":8080}]'
kubectl get endpoints api
kubectl wait --for=jsonpath='{.status.phase}'=Running pod/client --timeout=60s
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  kubectl exec client -- wget -qO- -T 2 http://api && break
  sleep 1
done
