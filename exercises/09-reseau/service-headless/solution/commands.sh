kubectl get statefulset db -o jsonpath='{.spec.serviceName}{"\n"}'
kubectl get service db
kubectl wait --for=jsonpath='{.status.phase}'=Running pod/client --timeout=60s
kubectl exec client -- nslookup db-0.db || true
# clusterIP cannot change once set: the Service is recreated as a headless one.
kubectl delete service db
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Service
metadata:
  name: db
  labels:
    app: db
spec:
  clusterIP: None
  selector:
    app: db
  ports:
    - name: http
      port: 8080
      targetPort: http
YAML
# The DNS records follow the endpoints within a second or two: retry a few times.
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  kubectl exec client -- wget -qO- -T 2 http://db-0.db:8080 &&
    kubectl exec client -- wget -qO- -T 2 http://db-1.db:8080 && break
  sleep 1
done
