kubectl get deployment web -o jsonpath='{.spec.template.spec.containers[0].ports}'
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: ClusterIP
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: http
YAML
kubectl get endpoints web
kubectl wait --for=jsonpath='{.status.phase}'=Running pod/client --timeout=60s
# The endpoints follow the Service within a second or two: retry the first call a few times.
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  kubectl exec client -- wget -qO- -T 2 http://web.default.svc.cluster.local && break
  sleep 1
done
