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
