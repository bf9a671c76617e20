kubectl rollout status -n front deployment/client --timeout=60s
kubectl logs -n front deployment/client --tail=5
kubectl exec -n front deployment/client -- cat /etc/resolv.conf
kubectl get service -n back api
kubectl exec -n front deployment/client -- nslookup api.back.svc.cluster.local
kubectl set env -n front deployment/client API_URL=http://api.back
kubectl rollout status -n front deployment/client --timeout=60s
